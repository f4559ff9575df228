"""Staying signed in and signing out."""

from __future__ import annotations

from litestar import Response, Router, post
from litestar.response import Redirect
from litestar.status_codes import HTTP_303_SEE_OTHER, HTTP_401_UNAUTHORIZED

from decision_core.usecases import signin
from entrypoints.http.caller import AnyRequest
from entrypoints.http.handler_threads import HandlerThreads
from entrypoints.http.injected import InjectedServices
from entrypoints.web.browser_session import (
    PUBLIC,
    SignInRequired,
    login_url,
    refreshed,
    visitor_of,
)
from entrypoints.web.injected import InjectedCookiePolicy, SignedIn
from entrypoints.web.presenting import iso_utc
from entrypoints.web.token_cookies import REFRESH_COOKIE, cleared_token_cookies, token_cookies


def session_pages(threads: HandlerThreads) -> Router:
    """``/session/refresh`` (the notice's "Stay signed in") and ``/logout``."""

    @post("/session/refresh", opt={PUBLIC: True})
    async def stay_signed_in(
        request: AnyRequest, services: InjectedServices, cookie_policy: InjectedCookiePolicy
    ) -> Response[dict[str, str]]:
        """Refresh now, as activity would; answer the session's new deadlines (never a token).

        Public, because it must refresh even while the access token is valid:
        the refresh token cookie is what it proves itself with.
        """
        secure = cookie_policy.secure_for(request.url.scheme)
        try:
            refresh_token = request.cookies.get(REFRESH_COOKIE, "")
            issued = await refreshed(threads, services, request, refresh_token)
        except SignInRequired as exc:
            return Response(
                {"login_url": login_url(expired=exc.expired)},
                status_code=HTTP_401_UNAUTHORIZED,
                cookies=cleared_token_cookies(secure=secure),
            )
        visitor = visitor_of(services, issued)
        body = {
            "idle_expires_at": iso_utc(visitor.idle_expires_at),
            "absolute_expires_at": iso_utc(visitor.absolute_expires_at),
        }
        return Response(body, cookies=token_cookies(issued, services.clock.now(), secure=secure))

    @post("/logout", sync_to_thread=threads.database_work)
    def sign_out(
        request: AnyRequest,
        visitor: SignedIn,
        services: InjectedServices,
        cookie_policy: InjectedCookiePolicy,
    ) -> Redirect:
        """End this login session and forget its tokens."""
        signin.logout(services, visitor.principal)
        return Redirect(
            "/login",
            status_code=HTTP_303_SEE_OTHER,
            cookies=cleared_token_cookies(secure=cookie_policy.secure_for(request.url.scheme)),
        )

    return Router(
        path="/",
        include_in_schema=False,
        route_handlers=[stay_signed_in, sign_out],
    )
