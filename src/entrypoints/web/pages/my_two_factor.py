"""``/me/two-factor``: the caller's second factor: set it up, new recovery codes, turn it off."""

from __future__ import annotations

from typing import Annotated, Final

from litestar import Router, get, post
from litestar.params import QueryParameter
from litestar.response import Redirect, Template
from litestar.status_codes import (
    HTTP_303_SEE_OTHER,
    HTTP_401_UNAUTHORIZED,
    HTTP_409_CONFLICT,
    HTTP_429_TOO_MANY_REQUESTS,
)

from decision_core.errors import (
    DomainError,
    InvalidTwoFactorCode,
    NoPendingEnrolment,
    TooManyAttempts,
    TwoFactorAlreadyEnabled,
    TwoFactorNotEnabled,
)
from decision_core.usecases import two_factor_enrolment, two_factor_settings
from entrypoints.http.handler_threads import HandlerThreads
from entrypoints.http.injected import InjectedServices
from entrypoints.web.forms import FormData, fields
from entrypoints.web.injected import SignedIn
from entrypoints.web.rendering import page
from entrypoints.web.second_factor import WRONG_CODE, qr_code, recovery_codes_download

PAGE: Final = "me/two_factor.html"
HERE: Final = "/me/two-factor"
# What the page was sent back here after (``?done=off``), to say so.
Done = Annotated[str | None, QueryParameter(required=False, max_length=20)]
# What each refusal says on the page, and its status.
_REFUSALS: Final = {
    InvalidTwoFactorCode: (WRONG_CODE, HTTP_401_UNAUTHORIZED),
    TwoFactorAlreadyEnabled: ("Two-factor sign-in is on already.", HTTP_409_CONFLICT),
    TwoFactorNotEnabled: ("Two-factor sign-in is off already.", HTTP_409_CONFLICT),
    NoPendingEnrolment: ("Set-up was started again elsewhere: use the new key.", HTTP_409_CONFLICT),
}

_NOTICES: Final = {"off": "Two-factor sign-in is off. You sign in with your password alone."}


def my_two_factor_pages(threads: HandlerThreads) -> Router:
    """The status and the set-up: QR code, key, first code."""

    @get(sync_to_thread=threads.database_work)
    def two_factor_page(
        visitor: SignedIn, services: InjectedServices, done: Done = None
    ) -> Template:
        """Whatever applies now: off, being set up, or on."""
        return _page(services, visitor, notice=_NOTICES.get(done or ""))

    @post("/enrolment", sync_to_thread=threads.database_work)
    def start(visitor: SignedIn, services: InjectedServices) -> Redirect | Template:
        """A new key (replacing one being set up); the page then shows it."""
        try:
            two_factor_enrolment.start_enrolment(services, visitor.principal)
        except TwoFactorAlreadyEnabled as exc:
            return _refused(services, visitor, exc)
        return Redirect(HERE, status_code=HTTP_303_SEE_OTHER)

    @post("/confirm", sync_to_thread=threads.database_work)
    def confirm(data: FormData, visitor: SignedIn, services: InjectedServices) -> Template:
        """Turn it on with the app's first code: the recovery codes, shown this once."""
        code = fields(data, "code")["code"]
        try:
            confirmed = two_factor_enrolment.confirm_enrolment(services, visitor.principal, code)
        except (InvalidTwoFactorCode, NoPendingEnrolment, TwoFactorAlreadyEnabled) as exc:
            return _refused(services, visitor, exc)
        except TooManyAttempts as exc:
            return _throttled(services, visitor, exc)
        return _page(services, visitor, codes=confirmed.recovery_codes)

    return Router(
        path=HERE,
        include_in_schema=False,
        route_handlers=[two_factor_page, start, confirm],
    )


def my_two_factor_change_pages(threads: HandlerThreads) -> Router:
    """Once it is on: new recovery codes, and turning it off."""

    @post("/recovery-codes", sync_to_thread=threads.database_work)
    def new_recovery_codes(
        data: FormData, visitor: SignedIn, services: InjectedServices
    ) -> Template:
        """Ten new recovery codes for a current code from the app; the old ones stop working."""
        code = fields(data, "code")["code"]
        try:
            codes = two_factor_settings.regenerate_recovery_codes(services, visitor.principal, code)
        except (InvalidTwoFactorCode, TwoFactorNotEnabled) as exc:
            return _refused(services, visitor, exc)
        except TooManyAttempts as exc:
            return _throttled(services, visitor, exc)
        return _page(services, visitor, codes=codes)

    @post("/disable", sync_to_thread=threads.database_work)
    def disable(
        data: FormData, visitor: SignedIn, services: InjectedServices
    ) -> Redirect | Template:
        """Turn it off with a code (a step-up change: the caller may be asked to confirm)."""
        code = fields(data, "code")["code"]
        try:
            two_factor_settings.disable_two_factor(services, visitor.principal, code)
        except (InvalidTwoFactorCode, TwoFactorNotEnabled) as exc:
            return _refused(services, visitor, exc)
        except TooManyAttempts as exc:
            return _throttled(services, visitor, exc)
        return Redirect(f"{HERE}?done=off", status_code=HTTP_303_SEE_OTHER)

    return Router(
        path=HERE,
        include_in_schema=False,
        route_handlers=[new_recovery_codes, disable],
    )


def _page(  # noqa: PLR0913 - each is one thing the page may show
    services: InjectedServices,
    visitor: SignedIn,
    *,
    codes: tuple[str, ...] | None = None,
    notice: str | None = None,
    error: str | None = None,
    status_code: int = 200,
) -> Template:
    status = two_factor_settings.two_factor_status(services, visitor.principal)
    pending = None
    if status.pending and codes is None:
        pending = two_factor_enrolment.pending_enrolment(services, visitor.principal)
    return page(
        services,
        visitor,
        PAGE,
        status_code=status_code,
        status=status,
        pending=pending,
        qr=None if pending is None else qr_code(pending.otpauth_uri),
        codes=codes,
        download=None if codes is None else recovery_codes_download(codes),
        notice=notice,
        error=error,
    )


def _refused(services: InjectedServices, visitor: SignedIn, error: DomainError) -> Template:
    message, status_code = _REFUSALS[type(error)]
    return _page(services, visitor, error=message, status_code=status_code)


def _throttled(services: InjectedServices, visitor: SignedIn, error: TooManyAttempts) -> Template:
    minutes = -(-error.retry_after_seconds // 60)
    message = f"Too many wrong codes. Try again in {minutes} min."
    template = _page(services, visitor, error=message, status_code=HTTP_429_TOO_MANY_REQUESTS)
    template.headers["Retry-After"] = str(error.retry_after_seconds)
    return template
