"""Signing in and out, registering and joining: the pages anyone may open."""

from __future__ import annotations

import math
from datetime import datetime, timedelta
from functools import partial
from typing import Annotated, Any

from litestar import Response, Router, get, post
from litestar.params import FromPath, FromQuery, QueryParameter
from litestar.response import Redirect, Template
from litestar.status_codes import (
    HTTP_303_SEE_OTHER,
    HTTP_401_UNAUTHORIZED,
    HTTP_409_CONFLICT,
    HTTP_422_UNPROCESSABLE_ENTITY,
    HTTP_429_TOO_MANY_REQUESTS,
)

from decision_core.errors import (
    EmailAlreadyRegistered,
    InvalidCredentials,
    InvalidInvite,
    RuleViolation,
    TooManyAttempts,
    TwoFactorRequired,
)
from decision_core.usecases import registration, signin
from decision_core.usecases.token_issuing import IssuedTokens
from entrypoints.http.caller import AnyRequest, client_of
from entrypoints.http.handler_threads import HandlerThreads
from entrypoints.http.injected import InjectedServices
from entrypoints.web.browser_session import PUBLIC, SESSION_EXPIRED
from entrypoints.web.forms import FormData, fields
from entrypoints.web.injected import InjectedCookiePolicy
from entrypoints.web.pages.password_reset import PASSWORD_RESET_REASON
from entrypoints.web.rendering import public_page
from entrypoints.web.safe_redirects import safe_next
from entrypoints.web.second_factor import second_factor_redirect
from entrypoints.web.token_cookies import CookiePolicy, token_cookies

NextPath = Annotated[str | None, QueryParameter(name="next", required=False, max_length=2000)]
WRONG_CREDENTIALS = "That email and password do not match an active account."


def sign_in_pages(threads: HandlerThreads) -> Router:
    """Signing in."""

    @get("/login")
    async def login_page(
        reason: FromQuery[str | None] = None, next_path: NextPath = None
    ) -> Template:
        """The sign-in form; after a session ended by a deadline or a reset, a banner saying so."""
        return _login_form(
            expired=reason == SESSION_EXPIRED,
            password_reset=reason == PASSWORD_RESET_REASON,
            next_path=safe_next(next_path),
        )

    @post("/login")
    async def sign_in(
        data: FormData,
        request: AnyRequest,
        services: InjectedServices,
        cookie_policy: InjectedCookiePolicy,
    ) -> Response[Any]:
        """Sign in and go where the visitor was heading; else the form again, saying why."""
        form = fields(data, "email", "password", "next")
        next_path = safe_next(form["next"])
        login = partial(signin.login, services, form["email"], form["password"], client_of(request))
        try:
            issued = await threads.hashing(login)
        except TooManyAttempts as exc:
            wait = exc.retry_after_seconds
            return _login_form(
                next_path=next_path,
                email=form["email"],
                retry_at=services.clock.now() + timedelta(seconds=wait),
                retry_minutes=math.ceil(wait / 60),
                status_code=HTTP_429_TOO_MANY_REQUESTS,
                headers={"Retry-After": str(wait)},
            )
        except (InvalidCredentials, RuleViolation):
            return _login_form(
                next_path=next_path,
                email=form["email"],
                error=WRONG_CREDENTIALS,
                status_code=HTTP_401_UNAUTHORIZED,
            )
        except TwoFactorRequired as needed:  # the code page, or enrolment, holds the challenge
            return second_factor_redirect(request, needed, next_path, cookie_policy)
        return signed_in_redirect(request, services, issued, next_path, cookie_policy)

    return Router(
        path="/",
        opt={PUBLIC: True},
        include_in_schema=False,
        route_handlers=[login_page, sign_in],
    )


def registration_pages(threads: HandlerThreads) -> Router:
    """Registering, with a new account or by an invite."""

    @get("/register")
    async def register_page() -> Template:
        """The form that creates an account and its owner."""
        return public_page("sign_in/register.html", values={}, errors=[])

    @post("/register")
    async def register(
        data: FormData,
        request: AnyRequest,
        services: InjectedServices,
        cookie_policy: InjectedCookiePolicy,
    ) -> Response[Any]:
        """Create the account and its owner, then sign them in."""
        form = fields(data, "name", "email", "password", "account_name")
        new = registration.Registration(
            email=form["email"],
            password=form["password"],
            name=form["name"],
            account_name=form["account_name"].strip() or None,
        )
        failed = await _registered(threads, services, new)
        if failed is not None:
            status, errors = failed
            values = {key: value for key, value in form.items() if key != "password"}
            return public_page(
                "sign_in/register.html", values=values, errors=errors, status_code=status
            )
        return await _sign_in_after_registering(threads, request, services, form, cookie_policy)

    @get("/join/{code:str}")
    async def join_page(code: FromPath[str], services: InjectedServices) -> Template:
        """What the invite offers, and the form that redeems it."""
        return _join_form(services, code, values={}, errors=[])

    @post("/join/{code:str}")
    async def join(
        code: FromPath[str],
        data: FormData,
        request: AnyRequest,
        services: InjectedServices,
        cookie_policy: InjectedCookiePolicy,
    ) -> Response[Any]:
        """Join the inviting account, then sign in."""
        form = fields(data, "name", "email", "password")
        new = registration.Registration(
            email=form["email"], password=form["password"], name=form["name"], invite_code=code
        )
        failed = await _registered(threads, services, new)
        if failed is not None:
            status, errors = failed
            values = {key: value for key, value in form.items() if key != "password"}
            return _join_form(services, code, values=values, errors=errors, status_code=status)
        return await _sign_in_after_registering(threads, request, services, form, cookie_policy)

    return Router(
        path="/",
        opt={PUBLIC: True},
        include_in_schema=False,
        route_handlers=[register_page, register, join_page, join],
    )


def signed_in_redirect(
    request: AnyRequest,
    services: InjectedServices,
    issued: IssuedTokens,
    target: str,
    cookie_policy: CookiePolicy,
) -> Redirect:
    """To ``target``, holding the new login session's tokens in cookies."""
    secure = cookie_policy.secure_for(request.url.scheme)
    return Redirect(
        target,
        status_code=HTTP_303_SEE_OTHER,
        cookies=token_cookies(issued, services.clock.now(), secure=secure),
    )


def _login_form(  # noqa: PLR0913 - each is one thing the form may show
    *,
    next_path: str,
    expired: bool = False,
    password_reset: bool = False,
    email: str = "",
    error: str | None = None,
    retry_at: datetime | None = None,
    retry_minutes: int = 0,
    status_code: int = 200,
    headers: dict[str, str] | None = None,
) -> Template:
    template = public_page(
        "sign_in/login.html",
        expired=expired,
        password_reset=password_reset,
        next_path=next_path,
        email=email,
        error=error,
        retry_at=retry_at,
        retry_minutes=retry_minutes,
        status_code=status_code,
    )
    template.headers.update(headers or {})
    return template


def _join_form(
    services: InjectedServices,
    code: str,
    *,
    values: dict[str, str],
    errors: list[str],
    status_code: int = 200,
) -> Template:
    try:
        invite = registration.describe_invite(services, code)
    except InvalidInvite:
        return public_page("sign_in/join_invalid.html", status_code=400)
    return public_page(
        "sign_in/join.html",
        invite=invite,
        code=code,
        values=values,
        errors=errors,
        status_code=status_code,
    )


async def _registered(
    threads: HandlerThreads, services: InjectedServices, new: registration.Registration
) -> tuple[int, list[str]] | None:
    """``None`` once registered; else the status and what to tell the person."""
    try:
        await threads.hashing(partial(registration.register, services, new))
    except EmailAlreadyRegistered:
        return HTTP_409_CONFLICT, ["An account with this email already exists. Sign in instead."]
    except InvalidInvite:
        return 400, ["This invite is no longer valid, or it was sent to another email address."]
    except RuleViolation as exc:
        return HTTP_422_UNPROCESSABLE_ENTITY, list(exc.problems)
    return None


async def _sign_in_after_registering(
    threads: HandlerThreads,
    request: AnyRequest,
    services: InjectedServices,
    form: dict[str, str],
    cookie_policy: CookiePolicy,
) -> Response[Any]:
    login = partial(signin.login, services, form["email"], form["password"], client_of(request))
    try:
        issued = await threads.hashing(login)
    except TwoFactorRequired as needed:  # joined an account that requires two factors
        return second_factor_redirect(request, needed, "/", cookie_policy)
    return signed_in_redirect(request, services, issued, "/", cookie_policy)
