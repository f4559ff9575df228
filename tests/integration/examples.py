"""Domain values to store in the contract tests, and a way to store them.

Every builder returns a valid value with fresh ids; keywords change what a
test is about. Times derive from ``NOW``: tests pass time in, never read it.
"""

from __future__ import annotations

import secrets
from datetime import UTC, datetime, timedelta
from uuid import uuid4

from decision_core.audit import AuditEvent
from decision_core.identity import Account, Invite, User, invite_code_hash
from decision_core.json_value import JsonValue
from decision_core.login.policy import PolicyOverrides
from decision_core.login.sessions import LoginSession, RefreshTokenRecord
from decision_core.ports.unit_of_work import UnitOfWorkFactory
from decision_core.roles import Role

NOW = datetime(2025, 3, 1, 12, 0, tzinfo=UTC)
HOUR = 3600
DAY = 24 * HOUR


def an_account(*, policy: PolicyOverrides | None = None, name: str = "Acme") -> Account:
    """A new account, created a day before ``NOW``."""
    return Account(
        id=uuid4(),
        name=name,
        created_at=NOW - timedelta(days=1),
        policy=policy or PolicyOverrides(),
    )


def a_user(  # noqa: PLR0913 - each keyword is a fact some test is about
    account: Account,
    *,
    email: str | None = None,
    role: Role = Role.ENGINEER,
    is_active: bool = True,
    created_at: datetime = NOW,
    last_login_at: datetime | None = NOW,
) -> User:
    """A member of ``account`` with a unique email unless one is given."""
    return User(
        id=uuid4(),
        account_id=account.id,
        email=email or f"user-{secrets.token_hex(4)}@example.com",
        name="Ada Lovelace",
        role=role,
        password_hash="$argon2id$not-a-real-hash",  # noqa: S106 - a placeholder, never verified
        is_active=is_active,
        created_at=created_at,
        last_login_at=last_login_at,
    )


def a_login_session(
    user: User,
    *,
    started: datetime = NOW - timedelta(hours=1),
    last_used_at: datetime | None = None,
    idle_max: int = 2 * HOUR,
    abs_max: int = DAY,
) -> LoginSession:
    """A session of ``user``, live at ``NOW`` with the defaults."""
    return LoginSession(
        id=uuid4(),
        user_id=user.id,
        account_id=user.account_id,
        auth_time=started,
        idle_max=idle_max,
        abs_max=abs_max,
        created_at=started,
        last_used_at=last_used_at or started,
        user_agent="Mozilla/5.0 (contract test)",
        ip="192.0.2.10",
    )


def a_token(
    session: LoginSession, *, parent_jti: str | None = None, issued_at: datetime = NOW
) -> RefreshTokenRecord:
    """An unconsumed refresh token of ``session`` with a fresh jti."""
    return RefreshTokenRecord(
        jti=secrets.token_urlsafe(16), sid=session.id, issued_at=issued_at, parent_jti=parent_jti
    )


def an_invite(account: Account, creator: User, *, code: str, email: str | None = None) -> Invite:
    """An unused admin invite to ``account``, expiring in a week."""
    return Invite(
        id=uuid4(),
        account_id=account.id,
        code_hash=invite_code_hash(code),
        role=Role.ADMIN,
        email=email,
        created_by=creator.id,
        created_at=NOW,
        expires_at=NOW + timedelta(days=7),
    )


def an_event(
    account: Account,
    *,
    at: datetime = NOW,
    action: str = "auth.login",
    details: dict[str, JsonValue] | None = None,
) -> AuditEvent:
    """An audit event in ``account``."""
    return AuditEvent(
        id=uuid4(),
        at=at,
        account_id=account.id,
        user_id=None,
        action=action,
        resource_type="login_session",
        resource_id=str(uuid4()),
        details=details or {},
    )


Storable = Account | User | Invite | LoginSession | RefreshTokenRecord | AuditEvent


def given(uow_factory: UnitOfWorkFactory, *values: Storable) -> None:
    """Store ``values`` in order, in one committed transaction."""
    with uow_factory() as uow:
        for value in values:
            match value:
                case Account():
                    uow.accounts.add(value)
                case User():
                    uow.users.add(value)
                case Invite():
                    uow.invites.add(value)
                case LoginSession():
                    uow.login_sessions.add(value)
                case RefreshTokenRecord():
                    uow.refresh_tokens.add(value)
                case AuditEvent():
                    uow.audit.append(value)
        uow.commit()
