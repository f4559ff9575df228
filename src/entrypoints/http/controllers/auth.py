"""Registering, signing in and out, refreshing, and the caller's own account."""

from __future__ import annotations

from functools import partial

from litestar import Router, get, post
from litestar.params import JSONBody, URLEncodedBody
from litestar.status_codes import HTTP_200_OK, HTTP_204_NO_CONTENT

from decision_core.usecases import my_account, refreshing, signin
from decision_core.usecases.registration import Registration
from decision_core.usecases.registration import register as register_user
from entrypoints.http.caller import AnyRequest, client_of, refresh_token_of
from entrypoints.http.handler_threads import HandlerThreads
from entrypoints.http.injected import InjectedPrincipal, InjectedServices
from entrypoints.http.openapi_errors import SIGN_IN_401, errors
from entrypoints.http.openapi_security import NEEDS_ACCESS_TOKEN, NEEDS_REFRESH_TOKEN
from entrypoints.http.schemas.auth import (
    LoginForm,
    LoginRequest,
    MeBody,
    PasswordChangeRequest,
    RegisterRequest,
    TokenBody,
    UserBody,
    me_body,
    token_body,
    user_body,
)


def auth_routes(threads: HandlerThreads) -> Router:
    """``/api/v1/auth``: everything about one's own sign-in."""

    @post("/register", responses=errors(400, 409, 422), summary="Register a user")
    async def register(data: JSONBody[RegisterRequest], services: InjectedServices) -> UserBody:
        """Create a user (and, without an invite, their account). Does not sign in."""
        registration = Registration(
            email=data.email,
            password=data.password,
            name=data.name,
            account_name=data.account_name,
            invite_code=data.invite_code,
        )
        user = await threads.hashing(partial(register_user, services, registration))
        return user_body(user)

    @post(
        "/login",
        status_code=HTTP_200_OK,
        responses={**errors(400, 429), 401: SIGN_IN_401},
        summary="Sign in with a form",
    )
    async def login_form(
        data: URLEncodedBody[LoginForm], services: InjectedServices, request: AnyRequest
    ) -> TokenBody:
        """Sign in with a form (``username`` = email); starts a new login session.

        With a second factor (the user's, or the account requires one), the
        answer is 401 ``two_factor_required`` with a challenge instead.
        """
        sign_in = partial(signin.login, services, data.username, data.password, client_of(request))
        return token_body(await threads.hashing(sign_in))

    @post(
        "/login/json",
        status_code=HTTP_200_OK,
        responses={**errors(400, 429), 401: SIGN_IN_401},
        summary="Sign in with JSON",
    )
    async def login_json(
        data: JSONBody[LoginRequest], services: InjectedServices, request: AnyRequest
    ) -> TokenBody:
        """Sign in with JSON; starts a new login session.

        With a second factor (the user's, or the account requires one), the
        answer is 401 ``two_factor_required`` with a challenge instead.
        """
        sign_in = partial(signin.login, services, data.email, data.password, client_of(request))
        return token_body(await threads.hashing(sign_in))

    @post(
        "/refresh",
        status_code=HTTP_200_OK,
        sync_to_thread=threads.database_work,
        security=NEEDS_REFRESH_TOKEN,
        responses=errors(401),
        summary="Refresh the token pair",
    )
    def refresh(services: InjectedServices, request: AnyRequest) -> TokenBody:
        """Exchange the refresh token (``Authorization: Bearer``) for a new pair, once."""
        refresh_token = refresh_token_of(request)
        return token_body(refreshing.refresh(services, refresh_token, client_of(request)))

    @post(
        "/logout",
        status_code=HTTP_204_NO_CONTENT,
        sync_to_thread=threads.database_work,
        security=NEEDS_ACCESS_TOKEN,
        responses=errors(401),
        summary="Sign out",
    )
    def logout(principal: InjectedPrincipal, services: InjectedServices) -> None:
        """End the caller's current login session. Idempotent."""
        signin.logout(services, principal)

    @get(
        "/me",
        sync_to_thread=threads.database_work,
        security=NEEDS_ACCESS_TOKEN,
        responses=errors(401),
        summary="Who am I",
    )
    def me(principal: InjectedPrincipal, services: InjectedServices) -> MeBody:
        """The caller's user, account and role."""
        return me_body(my_account.me(services, principal))

    @post(
        "/password",
        status_code=HTTP_204_NO_CONTENT,
        security=NEEDS_ACCESS_TOKEN,
        responses=errors(400, 401, 422, 429),
        summary="Change my password",
    )
    async def change_password(
        data: JSONBody[PasswordChangeRequest],
        principal: InjectedPrincipal,
        services: InjectedServices,
        request: AnyRequest,
    ) -> None:
        """Replace the caller's password; ends all their *other* login sessions.

        Wrong current passwords are throttled like failed sign-ins (429 with
        ``Retry-After``), per user and client address.
        """
        change = partial(
            my_account.change_password,
            services,
            principal,
            data.current_password,
            data.new_password,
            client_of(request),
        )
        await threads.hashing(change)

    return Router(
        path="/api/v1/auth",
        tags=["auth"],
        route_handlers=[register, login_form, login_json, refresh, logout, me, change_password],
    )
