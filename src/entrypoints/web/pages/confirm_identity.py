"""``/me/confirm``: prove again who you are (step-up), in place or on a page of its own.

A step-up change refused with ``reauthentication_required`` asks for it:
a page's script opens the dialog this answers (``?dialog=1``), posts it
here and retries the change; without a script the browser comes here
(see ``error_pages``), confirms, and returns to the page it came from.
"""

from __future__ import annotations

from functools import partial
from typing import Any, Final

from litestar import Response, Router, get, post
from litestar.params import FromQuery
from litestar.response import Redirect, Template
from litestar.status_codes import (
    HTTP_204_NO_CONTENT,
    HTTP_303_SEE_OTHER,
    HTTP_401_UNAUTHORIZED,
    HTTP_422_UNPROCESSABLE_ENTITY,
    HTTP_429_TOO_MANY_REQUESTS,
)

from decision_core.errors import (
    InvalidCredentials,
    InvalidTwoFactorCode,
    RuleViolation,
    TooManyAttempts,
)
from decision_core.usecases import step_up, two_factor_settings
from entrypoints.http.caller import AnyRequest, client_of
from entrypoints.http.handler_threads import HandlerThreads
from entrypoints.http.injected import InjectedServices
from entrypoints.web.error_pages import CONFIRM_PATH
from entrypoints.web.forms import FormData, fields
from entrypoints.web.injected import SignedIn
from entrypoints.web.pages.sign_in import NextPath
from entrypoints.web.rendering import fragment, page
from entrypoints.web.safe_redirects import safe_next

# What each refusal says, and its status.
_REFUSALS: Final[dict[type[Exception], tuple[str, int]]] = {
    InvalidCredentials: ("That password is not right.", HTTP_401_UNAUTHORIZED),
    InvalidTwoFactorCode: ("That code is not right.", HTTP_401_UNAUTHORIZED),
    RuleViolation: ("Enter your password or a code.", HTTP_422_UNPROCESSABLE_ENTITY),
}


def confirm_identity_pages(threads: HandlerThreads) -> Router:
    """The confirmation form, as a dialog or a page, and what it posts to."""

    @get(sync_to_thread=threads.database_work)
    def confirm_page(
        visitor: SignedIn,
        services: InjectedServices,
        next_path: NextPath = None,
        *,
        dialog: FromQuery[bool] = False,
    ) -> Template:
        """The form: the password, or a code for someone with two-factor sign-in."""
        context = _form(services, visitor, safe_next(next_path), error=None)
        if dialog:
            return fragment(services, "me/_confirm_dialog.html", **context)
        return page(services, visitor, "me/confirm.html", **context)

    @post()
    async def confirm(
        data: FormData, request: AnyRequest, visitor: SignedIn, services: InjectedServices
    ) -> Response[Any]:
        """Confirm: 204 for the dialog's script, else back to the page the change was made on."""
        form = fields(data, "password", "code", "next", "in_place")
        in_place = form["in_place"] == "1"
        confirm = partial(
            step_up.reauthenticate,
            services,
            visitor.principal,
            password=form["password"] or None,
            code=form["code"] or None,
            client=client_of(request),
        )
        try:
            await threads.hashing(confirm)
        except (InvalidCredentials, InvalidTwoFactorCode, RuleViolation, TooManyAttempts) as exc:
            refused = _refused(services, visitor, form["next"], exc, in_place=in_place)
            if isinstance(exc, TooManyAttempts):
                refused.headers["Retry-After"] = str(exc.retry_after_seconds)
            return refused
        if in_place:
            return Response(None, status_code=HTTP_204_NO_CONTENT)
        return Redirect(safe_next(form["next"]), status_code=HTTP_303_SEE_OTHER)

    return Router(
        path=CONFIRM_PATH,
        include_in_schema=False,
        route_handlers=[confirm_page, confirm],
    )


def _refusal(error: Exception) -> tuple[str, int]:
    """What the form says about ``error``, and the status it answers with."""
    if isinstance(error, TooManyAttempts):
        minutes = -(-error.retry_after_seconds // 60)
        return f"Too many wrong tries. Try again in {minutes} min.", HTTP_429_TOO_MANY_REQUESTS
    return next(_REFUSALS[cls] for cls in type(error).__mro__ if cls in _REFUSALS)


def _form(
    services: InjectedServices, visitor: SignedIn, next_path: str, *, error: str | None
) -> dict[str, Any]:
    status = two_factor_settings.two_factor_status(services, visitor.principal)
    return {"next_path": next_path, "with_code": status.enabled, "error": error}


def _refused(
    services: InjectedServices,
    visitor: SignedIn,
    next_path: str,
    error: Exception,
    *,
    in_place: bool,
) -> Response[Any]:
    message, status_code = _refusal(error)
    if in_place:
        return Response({"message": message}, status_code=status_code)
    context = _form(services, visitor, safe_next(next_path), error=message)
    return page(services, visitor, "me/confirm.html", status_code=status_code, **context)
