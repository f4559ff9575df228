"""What the web app answers when a page cannot be shown: HTML pages, never a JSON body."""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any, Final
from urllib.parse import urlencode, urlsplit

from litestar import Response
from litestar.exceptions import HTTPException, NotFoundException, PermissionDeniedException
from litestar.response import Template
from litestar.status_codes import (
    HTTP_303_SEE_OTHER,
    HTTP_400_BAD_REQUEST,
    HTTP_401_UNAUTHORIZED,
    HTTP_403_FORBIDDEN,
    HTTP_404_NOT_FOUND,
    HTTP_405_METHOD_NOT_ALLOWED,
    HTTP_500_INTERNAL_SERVER_ERROR,
    HTTP_503_SERVICE_UNAVAILABLE,
)
from litestar.types import ExceptionHandlersMap

from decision_core.errors import (
    DomainError,
    Forbidden,
    InvalidAccessToken,
    NotFound,
    ReauthenticationRequired,
)
from entrypoints.http.caller import AnyRequest
from entrypoints.web.browser_session import SignInRequired, is_htmx, sign_in_again
from entrypoints.web.safe_redirects import safe_next
from entrypoints.web.security_headers import PAGE_HEADERS, is_page_path
from entrypoints.web.token_cookies import CookiePolicy

logger = logging.getLogger(__name__)
_RETRY_AFTER_SECONDS: Final = "5"


def error_page(status_code: int, title: str, message: str) -> Template:
    """A page saying what went wrong, in words, with the way back."""
    return Template(
        template_name="error.html",
        context={"status_code": status_code, "title": title, "message": message},
        status_code=status_code,
    )


def web_exception_handlers(
    cookies: CookiePolicy, unavailable_errors: tuple[type[Exception], ...]
) -> ExceptionHandlersMap:
    """The web router's handlers: each error as a page (or, signed out, the sign-in page)."""

    def sign_in_required(request: AnyRequest, error: Exception) -> Response[Any]:
        expired = isinstance(error, SignInRequired) and error.expired
        return sign_in_again(request, expired=expired, cookies=cookies)

    def unexpected(request: AnyRequest, error: Exception) -> Response[Any]:
        if isinstance(error, unavailable_errors):
            logger.warning("database unavailable during %s %s", request.method, request.url.path)
            page = error_page(
                HTTP_503_SERVICE_UNAVAILABLE,
                "Temporarily unavailable",
                "The service cannot reach its database. Try again in a moment.",
            )
            page.headers["Retry-After"] = _RETRY_AFTER_SECONDS
            return page
        logger.error(
            "unexpected %s during %s %s",
            type(error).__qualname__,
            request.method,
            request.url.path,
            exc_info=error,
        )
        return error_page(
            HTTP_500_INTERNAL_SERVER_ERROR,
            "Something went wrong",
            "The page could not be shown. Try again; if it keeps failing, tell your admin.",
        )

    handlers: ExceptionHandlersMap = {
        SignInRequired: sign_in_required,
        # A step-up change: confirm in place (the page's script), not a signed-out session.
        ReauthenticationRequired: confirm_identity_first,
        # The access token is valid but its user is gone or was deactivated.
        InvalidAccessToken: sign_in_required,
        Forbidden: _handler(
            HTTP_403_FORBIDDEN,
            "Not allowed",
            "Your role does not allow this page. Ask an owner of your account if you need it.",
        ),
        PermissionDeniedException: _handler(
            HTTP_403_FORBIDDEN,
            "This form has expired",
            "The form was too old or did not come from this site. Reload the page and try again.",
        ),
        NotFound: _handler(HTTP_404_NOT_FOUND, "Not found", "There is nothing at this address."),
        NotFoundException: _handler(
            HTTP_404_NOT_FOUND, "Not found", "There is nothing at this address."
        ),
        DomainError: _described(HTTP_400_BAD_REQUEST, "That did not work"),
        Exception: unexpected,
    }
    # The router's PageHeaders middleware does not see what these answer for an
    # exception of the middleware itself (see security_headers): they stamp their own.
    return {kind: _with_page_headers(handler) for kind, handler in handlers.items()}


def pages_for_page_paths(
    api_handler: Callable[[AnyRequest, HTTPException], Response[Any]],
) -> Callable[[AnyRequest, HTTPException], Response[Any]]:
    """The app's answer to Litestar's own HTTP errors: a page on a page path.

    These are the errors no page handler maps: an address that matches no
    route (404; a stale link, a typo) or not with this method (405), and a
    body the request screening refuses (400, 413, 415). A page path gets a
    page saying so, with the page headers; any other path gets
    ``api_handler``'s answer.
    """

    def handle(request: AnyRequest, error: HTTPException) -> Response[Any]:
        if not is_page_path(request.url.path):
            return api_handler(request, error)
        page = _page_for(error)
        page.headers.update(error.headers or {})  # Allow, on a 405
        page.headers.update(PAGE_HEADERS)
        return page

    return handle


def _page_for(error: HTTPException) -> Template:
    status = error.status_code
    if status == HTTP_404_NOT_FOUND:
        return error_page(status, "Not found", "There is nothing at this address.")
    if status == HTTP_405_METHOD_NOT_ALLOWED:
        return error_page(
            status, "Not possible here", "This address does not take that kind of request."
        )
    if status >= HTTP_500_INTERNAL_SERVER_ERROR:
        return error_page(status, "Something went wrong", "Try again in a moment.")
    return error_page(status, "That did not work", error.detail)


def _with_page_headers(
    handler: Callable[[AnyRequest, Exception], Response[Any]],
) -> Callable[[AnyRequest, Exception], Response[Any]]:
    def handle(request: AnyRequest, error: Exception) -> Response[Any]:
        response = handler(request, error)
        response.headers.update(PAGE_HEADERS)
        return response

    return handle


# The header that tells a page's script to ask for a confirmation and retry (app.js).
REAUTHENTICATE_HEADER: Final = "X-Reauthenticate"
CONFIRM_PATH: Final = "/me/confirm"


def confirm_identity_first(request: AnyRequest, _error: Exception) -> Response[Any]:
    """A step-up change without a recent proof: confirm, then make it again.

    htmx gets 401 with :data:`REAUTHENTICATE_HEADER` and opens the dialog;
    a plain form goes to the confirmation page, which then returns here.
    """
    if is_htmx(request):
        return Response(
            "",
            status_code=HTTP_401_UNAUTHORIZED,
            headers={REAUTHENTICATE_HEADER: CONFIRM_PATH},
        )
    came_from = urlsplit(request.headers.get("referer", "")).path
    query = urlencode({"next": safe_next(came_from or None)})
    return Response(
        "", status_code=HTTP_303_SEE_OTHER, headers={"Location": f"{CONFIRM_PATH}?{query}"}
    )


def _handler(
    status_code: int, title: str, message: str
) -> Callable[[AnyRequest, Exception], Response[Any]]:
    def handle(_request: AnyRequest, _error: Exception) -> Response[Any]:
        return error_page(status_code, title, message)

    return handle


def _described(status_code: int, title: str) -> Callable[[AnyRequest, Exception], Response[Any]]:
    def handle(_request: AnyRequest, error: Exception) -> Response[Any]:
        message = error.message if isinstance(error, DomainError) else title
        return error_page(status_code, title, message)

    return handle
