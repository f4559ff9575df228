"""``/login/two-factor``: the second step of a sign-in, with a code or by enrolling on the way in.

Public pages: whoever holds the challenge cookie of a right password may
use them, and nobody else gets anything from them.
"""

from __future__ import annotations

import math
from typing import Annotated, Any, Final
from urllib.parse import urlencode

from litestar import Response, Router, get, post
from litestar.datastructures import Cookie
from litestar.params import QueryParameter
from litestar.response import Redirect, Template
from litestar.status_codes import (
    HTTP_303_SEE_OTHER,
    HTTP_401_UNAUTHORIZED,
    HTTP_429_TOO_MANY_REQUESTS,
)

from decision_core.errors import (
    InvalidCredentials,
    InvalidSignInChallenge,
    InvalidTwoFactorCode,
    TooManyAttempts,
)
from decision_core.usecases import two_factor_enrolment
from decision_core.usecases.two_factor_enrolment import ByChallenge
from decision_core.usecases.two_factor_signin import complete_sign_in
from entrypoints.http.caller import AnyRequest, client_of
from entrypoints.http.handler_threads import HandlerThreads
from entrypoints.http.injected import InjectedServices
from entrypoints.web.browser_session import PUBLIC
from entrypoints.web.forms import FormData, fields
from entrypoints.web.injected import InjectedCookiePolicy
from entrypoints.web.pages.sign_in import NextPath, signed_in_redirect
from entrypoints.web.rendering import public_page
from entrypoints.web.safe_redirects import safe_next
from entrypoints.web.second_factor import (
    CODE_PAGE,
    ENROL_PAGE,
    WRONG_CODE,
    challenge_of,
    cleared_challenge_cookie,
    qr_code,
    recovery_codes_download,
)
from entrypoints.web.token_cookies import token_cookies

Method = Annotated[str | None, QueryParameter(name="method", required=False, max_length=20)]
CODE_TEMPLATE: Final = "sign_in/two_factor.html"
ENROL_TEMPLATE: Final = "sign_in/two_factor_enrol.html"
EXPIRED: Final = "This sign-in has expired or was already used. Sign in again with your password."


def two_factor_code_pages(threads: HandlerThreads) -> Router:
    """The code page: the second step of a sign-in with a code or a recovery code."""

    @get()
    async def code_page(
        request: AnyRequest, next_path: NextPath = None, method: Method = None
    ) -> Template | Redirect:
        """The code field, or (``method=recovery``) the recovery code field."""
        if challenge_of(request) is None:
            return Redirect("/login", status_code=HTTP_303_SEE_OTHER)
        return _code_form(next_path=safe_next(next_path), recovery=method == "recovery")

    @post(sync_to_thread=threads.database_work)
    def sign_in_with_code(
        data: FormData,
        request: AnyRequest,
        services: InjectedServices,
        cookie_policy: InjectedCookiePolicy,
    ) -> Response[Any]:
        """Complete the sign-in and go where the visitor was heading; else say why not."""
        form = fields(data, "code", "next", "method")
        next_path = safe_next(form["next"])
        recovery = form["method"] == "recovery"
        token = challenge_of(request) or ""  # none: refused like an unknown challenge
        try:
            issued = complete_sign_in(services, token, form["code"], client_of(request))
        except InvalidTwoFactorCode:
            return _code_form(next_path=next_path, recovery=recovery, error=WRONG_CODE)
        except TooManyAttempts as exc:
            return _throttled(next_path, recovery=recovery, seconds=exc.retry_after_seconds)
        except (InvalidSignInChallenge, InvalidCredentials):
            return _expired(request, cookie_policy)
        redirect = signed_in_redirect(request, services, issued, next_path, cookie_policy)
        redirect.cookies.append(_forget_challenge(request, cookie_policy))
        return redirect

    return Router(
        path=CODE_PAGE,
        opt={PUBLIC: True},
        include_in_schema=False,
        route_handlers=[code_page, sign_in_with_code],
    )


def two_factor_enrolment_pages(threads: HandlerThreads) -> Router:
    """Enrolling on the way in: a member of an account that requires two factors, without one."""

    @get(sync_to_thread=threads.database_work)
    def enrol_page(
        request: AnyRequest,
        services: InjectedServices,
        cookie_policy: InjectedCookiePolicy,
        next_path: NextPath = None,
    ) -> Response[Any]:
        """Why a second factor is needed, and its setup once started."""
        try:
            pending = two_factor_enrolment.pending_enrolment(services, _enroller(request))
        except InvalidSignInChallenge:
            return _expired(request, cookie_policy)
        return _enrol_form(next_path=safe_next(next_path), pending=pending)

    @post(sync_to_thread=threads.database_work)
    def start_enrolment(
        data: FormData,
        request: AnyRequest,
        services: InjectedServices,
        cookie_policy: InjectedCookiePolicy,
    ) -> Response[Any]:
        """A new secret; the page shows it (a reload shows the same one)."""
        next_path = safe_next(fields(data, "next")["next"])
        try:
            two_factor_enrolment.start_enrolment(services, _enroller(request))
        except InvalidSignInChallenge:
            return _expired(request, cookie_policy)
        query = "" if next_path == "/" else "?" + urlencode({"next": next_path})
        return Redirect(ENROL_PAGE + query, status_code=HTTP_303_SEE_OTHER)

    @post("/confirm", sync_to_thread=threads.database_work)
    def confirm_enrolment(
        data: FormData,
        request: AnyRequest,
        services: InjectedServices,
        cookie_policy: InjectedCookiePolicy,
    ) -> Response[Any]:
        """Two-factor sign-in on, signed in: the recovery codes, shown this once."""
        form = fields(data, "code", "next")
        next_path = safe_next(form["next"])
        enroller = _enroller(request)
        try:
            confirmed = two_factor_enrolment.confirm_enrolment(services, enroller, form["code"])
        except InvalidTwoFactorCode:
            pending = two_factor_enrolment.pending_enrolment(services, enroller)
            page = _enrol_form(next_path=next_path, pending=pending, error=WRONG_CODE)
            page.status_code = HTTP_401_UNAUTHORIZED
            return page
        except TooManyAttempts as exc:
            return _throttled(next_path, recovery=False, seconds=exc.retry_after_seconds)
        except (InvalidSignInChallenge, InvalidCredentials):
            return _expired(request, cookie_policy)
        page = public_page(
            "sign_in/two_factor_enrolled.html",
            codes=confirmed.recovery_codes,
            download=recovery_codes_download(confirmed.recovery_codes),
            next_path=next_path,
        )
        secure = cookie_policy.secure_for(request.url.scheme)
        if confirmed.tokens is not None:  # always, by challenge: the sign-in is complete
            page.cookies.extend(
                token_cookies(confirmed.tokens, services.clock.now(), secure=secure)
            )
        page.cookies.append(cleared_challenge_cookie(secure=secure))
        return page

    return Router(
        path=ENROL_PAGE,
        opt={PUBLIC: True},
        include_in_schema=False,
        route_handlers=[enrol_page, start_enrolment, confirm_enrolment],
    )


def _enroller(request: AnyRequest) -> ByChallenge:
    return ByChallenge(challenge_of(request) or "", client_of(request))


def _forget_challenge(request: AnyRequest, cookie_policy: InjectedCookiePolicy) -> Cookie:
    return cleared_challenge_cookie(secure=cookie_policy.secure_for(request.url.scheme))


def _code_form(
    *, next_path: str, recovery: bool, error: str | None = None, status_code: int | None = None
) -> Template:
    status = status_code or (HTTP_401_UNAUTHORIZED if error else 200)
    return public_page(
        CODE_TEMPLATE, next_path=next_path, recovery=recovery, error=error, status_code=status
    )


def _throttled(next_path: str, *, recovery: bool, seconds: int) -> Template:
    minutes = math.ceil(seconds / 60)
    error = f"Too many wrong codes. Try again in {minutes} minute{'' if minutes == 1 else 's'}."
    page = _code_form(
        next_path=next_path,
        recovery=recovery,
        error=error,
        status_code=HTTP_429_TOO_MANY_REQUESTS,
    )
    page.headers["Retry-After"] = str(seconds)
    return page


def _expired(request: AnyRequest, cookie_policy: InjectedCookiePolicy) -> Template:
    page = public_page("sign_in/two_factor_expired.html", message=EXPIRED, status_code=401)
    page.cookies.append(_forget_challenge(request, cookie_policy))
    return page


def _enrol_form(
    *,
    next_path: str,
    pending: two_factor_enrolment.PendingEnrolment | None,
    error: str | None = None,
) -> Template:
    return public_page(
        ENROL_TEMPLATE,
        next_path=next_path,
        pending=pending,
        qr=None if pending is None else qr_code(pending.otpauth_uri),
        error=error,
    )
