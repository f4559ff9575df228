"""``/forgot-password`` and ``/reset-password``: a forgotten password, replaced by mail.

The link in the mail is ``/reset-password?token=...``: a query, so the page
works without JavaScript (see docs/decisions.md for what that costs). The
token then travels in the form's hidden field, never in another URL.
"""

from __future__ import annotations

import math
from functools import partial
from typing import Annotated, Final

from litestar import Router, get, post
from litestar.background_tasks import BackgroundTask
from litestar.params import QueryParameter
from litestar.response import Redirect, Template
from litestar.status_codes import (
    HTTP_303_SEE_OTHER,
    HTTP_400_BAD_REQUEST,
    HTTP_422_UNPROCESSABLE_ENTITY,
    HTTP_429_TOO_MANY_REQUESTS,
)

from decision_core.errors import InvalidResetToken, RuleViolation, TooManyAttempts
from decision_core.usecases import password_reset
from entrypoints.http.caller import AnyRequest, client_of
from entrypoints.http.handler_threads import HandlerThreads
from entrypoints.http.injected import InjectedServices
from entrypoints.web.browser_session import PUBLIC
from entrypoints.web.forms import FormData, fields
from entrypoints.web.rendering import public_page

TokenQuery = Annotated[str, QueryParameter(name="token", required=False, max_length=256)]
# The sign-in page's banner after a reset: /login?reason=password_reset.
PASSWORD_RESET_REASON: Final = "password_reset"  # noqa: S105 - a reason, not a password
FORGOT_PAGE: Final = "sign_in/forgot_password.html"
SENT_PAGE: Final = "sign_in/forgot_password_sent.html"
RESET_PAGE: Final = "sign_in/reset_password.html"
INVALID_PAGE: Final = "sign_in/reset_password_invalid.html"


def password_reset_pages(threads: HandlerThreads) -> Router:
    """Asking for a reset link, and setting a new password with one: no sign-in needed."""

    @get("/forgot-password")
    async def forgot_page() -> Template:
        """The form asking for the account's email."""
        return public_page(FORGOT_PAGE, email="", errors=[])

    @post("/forgot-password", sync_to_thread=threads.database_work)
    def ask_for_link(data: FormData, request: AnyRequest, services: InjectedServices) -> Template:
        """Send the link if the account exists; the same page, as soon, either way."""
        email = fields(data, "email")["email"].strip()
        try:
            accepted = password_reset.accept_reset_request(services, email, client_of(request))
        except TooManyAttempts as exc:
            wait = exc.retry_after_seconds
            minutes = math.ceil(wait / 60)
            message = f"Too many requests for this email. Try again in {minutes} min."
            page = public_page(
                FORGOT_PAGE, email=email, errors=[message], status_code=HTTP_429_TOO_MANY_REQUESTS
            )
            page.headers["Retry-After"] = str(wait)
            return page
        sent = public_page(SENT_PAGE, email=email)
        # Made and mailed once the page has gone, so its timing says nothing about the email.
        sent.background = BackgroundTask(password_reset.send_reset_link, services, accepted)
        return sent

    @get("/reset-password", sync_to_thread=threads.database_work)
    def reset_page(services: InjectedServices, token: TokenQuery = "") -> Template:
        """The new-password form, or why the link cannot be used."""
        if not token or not password_reset.reset_link_is_usable(services, token):
            return public_page(INVALID_PAGE, status_code=HTTP_400_BAD_REQUEST)
        return public_page(RESET_PAGE, token=token, errors=[])

    @post("/reset-password")
    async def reset(data: FormData, services: InjectedServices) -> Template | Redirect:
        """Set the new password, then on to sign in with it."""
        form = fields(data, "token", "new_password", "confirm_password")
        if form["new_password"] != form["confirm_password"]:
            return _reset_form(form["token"], ["The new password and its confirmation differ."])
        reset = partial(
            password_reset.reset_password, services, form["token"], form["new_password"]
        )
        try:
            await threads.hashing(reset)
        except InvalidResetToken:
            return public_page(INVALID_PAGE, status_code=HTTP_400_BAD_REQUEST)
        except RuleViolation as exc:
            return _reset_form(form["token"], list(exc.problems))
        return Redirect(f"/login?reason={PASSWORD_RESET_REASON}", status_code=HTTP_303_SEE_OTHER)

    return Router(
        path="/",
        opt={PUBLIC: True},
        include_in_schema=False,
        route_handlers=[forgot_page, ask_for_link, reset_page, reset],
    )


def _reset_form(token: str, errors: list[str]) -> Template:
    return public_page(
        RESET_PAGE, token=token, errors=errors, status_code=HTTP_422_UNPROCESSABLE_ENTITY
    )
