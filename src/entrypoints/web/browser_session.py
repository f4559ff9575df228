"""Who is signed in, from the token cookies, refreshed on the server when the access token ran out.

Every signed-in page passes through :class:`BrowserSession` before its
handler. It reads both cookies and decides, through the core, whether the
login session is still usable:

* no refresh cookie, an invalid one, or a refresh the core refuses as
  ``invalid_refresh_token`` (revoked, replayed): sign in again, no banner;
* a deadline passed (idle or absolute), whether seen in the refresh token's
  own claims or answered by the refresh: sign in again with
  ``?reason=session_expired``;
* an expired or missing access token with a live refresh token: the refresh
  use case runs (so the idle window slides only when the person is active)
  and the new pair is set as cookies on whatever the handler answers.

Two tabs refreshing at once both succeed: the loser presents the token the
winner just rotated, which the reuse grace answers with the same live token.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Any, Final
from urllib.parse import urlencode, urlsplit

import attrs
from litestar import Request, Response
from litestar.datastructures import Cookie, MutableScopeHeaders
from litestar.enums import ScopeType
from litestar.middleware import ASGIMiddleware
from litestar.status_codes import HTTP_200_OK, HTTP_303_SEE_OTHER
from litestar.types import ASGIApp, Message, Receive, Scope, Send

from decision_core.clock import from_unix
from decision_core.errors import (
    AuthenticationError,
    InvalidAccessToken,
    SessionExpiredAbsolute,
    SessionExpiredIdle,
)
from decision_core.login.refresh import deadline_passed
from decision_core.usecases import refreshing, signin
from decision_core.usecases.context import Principal, Services
from decision_core.usecases.token_issuing import IssuedTokens
from entrypoints.http.caller import client_of
from entrypoints.http.handler_threads import HandlerThreads
from entrypoints.web.safe_redirects import safe_next
from entrypoints.web.token_cookies import (
    ACCESS_COOKIE,
    REFRESH_COOKIE,
    CookiePolicy,
    cleared_token_cookies,
    token_cookies,
)

# The handler's opt key that lets a page through without a signed-in visitor.
PUBLIC: Final = "public"
VISITOR_STATE: Final = "visitor"
SESSION_EXPIRED: Final = "session_expired"
LOGIN_PATH: Final = "/login"


@attrs.frozen
class Visitor:
    """A signed-in person and the deadlines of their login session, as the server knows them."""

    principal: Principal
    idle_expires_at: datetime
    absolute_expires_at: datetime | None


class SignInRequired(Exception):
    """The login session is over (or never was); ``expired`` says whether by a deadline."""

    def __init__(self, *, expired: bool) -> None:
        """Sign in again; with the "session expired" banner when ``expired``."""
        super().__init__(SESSION_EXPIRED if expired else "signed_out")
        self.expired = expired


def login_url(*, expired: bool, next_path: str | None = None) -> str:
    """``/login`` with the banner reason and where to return to, as far as either applies."""
    query: dict[str, str] = {}
    if expired:
        query["reason"] = SESSION_EXPIRED
    if next_path and safe_next(next_path) == next_path and next_path != "/":
        query["next"] = next_path
    return f"{LOGIN_PATH}?{urlencode(query)}" if query else LOGIN_PATH


def is_htmx(request: Request[Any, Any, Any]) -> bool:
    """Whether htmx sent the request (and will swap, not navigate)."""
    return request.headers.get("hx-request") == "true"


def sign_in_again(
    request: Request[Any, Any, Any], *, expired: bool, cookies: CookiePolicy
) -> Response[str]:
    """Off to the sign-in page, forgetting the tokens; htmx is told with ``HX-Redirect``."""
    forget = cleared_token_cookies(secure=cookies.secure_for(request.url.scheme))
    if is_htmx(request):
        current = urlsplit(request.headers.get("hx-current-url", "")).path or None
        target = login_url(expired=expired, next_path=current)
        return Response(
            "", status_code=HTTP_200_OK, headers={"HX-Redirect": target}, cookies=forget
        )
    here = request.url.path + (f"?{request.url.query}" if request.url.query else "")
    target = login_url(expired=expired, next_path=here if request.method == "GET" else None)
    return Response(
        "", status_code=HTTP_303_SEE_OTHER, headers={"Location": target}, cookies=forget
    )


class BrowserSession(ASGIMiddleware):
    """Resolve the visitor of every page that is not marked public (see the module)."""

    scopes = (ScopeType.HTTP,)
    exclude_opt_key = PUBLIC

    def __init__(
        self, services: Callable[[], Services], cookies: CookiePolicy, threads: HandlerThreads
    ) -> None:
        """Guard pages with the sign-in state the cookies prove; refresh where ``threads`` say.

        ``services`` gives the services rather than being them: Litestar deep-copies
        a router and its middleware, and the services must stay the app's own.
        """
        self._provide_services = services
        self._cookies = cookies
        self._threads = threads

    async def handle(self, scope: Scope, receive: Receive, send: Send, next_app: ASGIApp) -> None:
        """Let a signed-in visitor through, refreshed if need be; send anyone else to sign in."""
        services = self._provide_services()
        request: Request[Any, Any, Any] = Request(scope)
        # SignInRequired propagates to the web router's handler (error_pages), which
        # sends the browser to the sign-in page.
        visitor, renewed = await _visitor(self._threads, services, request)
        scope.setdefault("state", {})[VISITOR_STATE] = visitor
        if renewed is not None:
            secure = self._cookies.secure_for(request.url.scheme)
            cookies = token_cookies(renewed, services.clock.now(), secure=secure)
            send = _with_cookies(send, cookies)
        await next_app(scope, receive, send)


async def _visitor(
    threads: HandlerThreads, services: Services, request: Request[Any, Any, Any]
) -> tuple[Visitor, IssuedTokens | None]:
    """Who the cookies prove, and the new token pair if proving it took a refresh."""
    refresh_token = request.cookies.get(REFRESH_COOKIE)
    if not refresh_token:
        raise SignInRequired(expired=False)
    try:
        claims = services.codec.decode_refresh(refresh_token)
    except AuthenticationError:
        raise SignInRequired(expired=False) from None
    if deadline_passed(claims, services.clock.now()) is not None:
        raise SignInRequired(expired=True)
    principal = _principal(services, request.cookies.get(ACCESS_COOKIE))
    if principal is not None and principal.sid == claims.sid:
        snapshot = claims.snapshot
        absolute = None if snapshot is None else from_unix(snapshot.absolute_deadline)
        return Visitor(principal, from_unix(claims.exp), absolute), None
    issued = await refreshed(threads, services, request, refresh_token)
    return visitor_of(services, issued), issued


async def refreshed(
    threads: HandlerThreads,
    services: Services,
    request: Request[Any, Any, Any],
    refresh_token: str,
) -> IssuedTokens:
    """The refresh use case's new pair, or :class:`SignInRequired` saying why there is none."""
    rotate: Callable[[], IssuedTokens] = lambda: refreshing.refresh(  # noqa: E731
        services, refresh_token, client_of(request)
    )
    try:
        return await threads.database(rotate)
    except (SessionExpiredIdle, SessionExpiredAbsolute):
        raise SignInRequired(expired=True) from None
    except AuthenticationError:
        raise SignInRequired(expired=False) from None


def visitor_of(services: Services, issued: IssuedTokens) -> Visitor:
    """The visitor a fresh token pair proves."""
    principal = signin.authenticate(services, issued.access_token)
    return Visitor(principal, issued.idle_expires_at, issued.absolute_expires_at)


def _principal(services: Services, access_token: str | None) -> Principal | None:
    if not access_token:
        return None
    try:
        return signin.authenticate(services, access_token)
    except InvalidAccessToken:
        return None


def _with_cookies(send: Send, cookies: list[Cookie]) -> Send:
    """``send``, adding ``cookies`` to the response it starts."""

    async def send_with_cookies(message: Message) -> None:
        if message["type"] == "http.response.start":
            headers = MutableScopeHeaders.from_message(message)
            for cookie in cookies:
                headers.add("set-cookie", cookie.to_header(header=""))
        await send(message)

    return send_with_cookies
