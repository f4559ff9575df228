"""Bodies of registering, signing in, refreshing and the caller's own account."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Literal
from uuid import UUID

from msgspec import Meta

from decision_core.identity import EMAIL_MAX_LENGTH, PASSWORD_MAX_LENGTH, Account, User
from decision_core.roles import Role
from decision_core.usecases.my_account import Me
from decision_core.usecases.token_issuing import IssuedTokens
from entrypoints.http.schemas.base import RequestBody, ResponseBody
from entrypoints.http.schemas.documented import AccountName, Email, NewPassword, PersonName

# Sign-in fields are bounded on the wire: no stored address or password can be longer,
# so a longer one is a malformed request rather than a failed sign-in.
SignInEmail = Annotated[str, Meta(max_length=EMAIL_MAX_LENGTH)]
SignInPassword = Annotated[str, Meta(max_length=PASSWORD_MAX_LENGTH)]


class RegisterRequest(RequestBody):
    """A new user: without ``invite_code`` a new account, with one the inviting account."""

    email: Email
    password: NewPassword
    name: PersonName
    account_name: AccountName | None = None
    invite_code: str | None = None


class UserBody(ResponseBody):
    """A user as the API shows it: never the password hash."""

    id: UUID
    email: str
    name: str
    role: Role
    account_id: UUID
    is_active: bool
    created_at: datetime


class LoginRequest(RequestBody):
    """Sign-in with a JSON body."""

    email: SignInEmail
    password: SignInPassword


class LoginForm(RequestBody):
    """Sign-in with an OAuth2 password-grant form: ``username`` is the email.

    The grant's other fields are accepted (and ignored) so that standard OAuth2
    clients, the OpenAPI page's "Authorize" dialog among them, can sign in.
    """

    username: SignInEmail
    password: SignInPassword
    grant_type: Literal["password"] | None = None
    scope: str | None = None
    client_id: str | None = None
    client_secret: str | None = None


class TokenBody(ResponseBody):
    """The token response of SPEC 3.1."""

    access_token: str
    refresh_token: str
    token_type: str
    expires_in: int
    idle_expires_at: datetime
    absolute_expires_at: datetime


class AccountBody(ResponseBody):
    """The caller's account."""

    id: UUID
    name: str
    created_at: datetime


class MeUserBody(UserBody):
    """The caller, with when they last signed in."""

    last_login_at: datetime | None


class MeBody(ResponseBody):
    """Who is calling: user, account and role."""

    user: MeUserBody
    account: AccountBody
    role: Role


class PasswordChangeRequest(RequestBody):
    """Replace the caller's password."""

    current_password: SignInPassword
    new_password: NewPassword


def user_body(user: User) -> UserBody:
    """Present a user."""
    return UserBody(
        id=user.id,
        email=user.email,
        name=user.name,
        role=user.role,
        account_id=user.account_id,
        is_active=user.is_active,
        created_at=user.created_at,
    )


def token_body(tokens: IssuedTokens) -> TokenBody:
    """Present a freshly issued token pair."""
    return TokenBody(
        access_token=tokens.access_token,
        refresh_token=tokens.refresh_token,
        token_type=tokens.token_type,
        expires_in=tokens.expires_in,
        idle_expires_at=tokens.idle_expires_at,
        absolute_expires_at=tokens.absolute_expires_at,
    )


def me_body(me: Me) -> MeBody:
    """Present the caller."""
    user = me.user
    return MeBody(
        user=MeUserBody(
            id=user.id,
            email=user.email,
            name=user.name,
            role=user.role,
            account_id=user.account_id,
            is_active=user.is_active,
            created_at=user.created_at,
            last_login_at=user.last_login_at,
        ),
        account=account_body(me.account),
        role=me.role,
    )


def account_body(account: Account) -> AccountBody:
    """Present an account."""
    return AccountBody(id=account.id, name=account.name, created_at=account.created_at)
