"""The headers every answer of the web app is sent with, error pages and redirects included.

The policy allows scripts and styles from this origin only: no inline
script, no inline style attribute, no eval (htmx is configured not to need
any of them, see ``base.html``). Pages cannot be framed, and no URL of ours
leaks to other sites through ``Referer``.

Three routes lead an answer out, and each stamps the headers:

- :class:`PageHeaders`, the outermost middleware of the page and static
  routers, on everything their handlers answer, errors included (Litestar
  handles a handler's exception inside a router's middleware);
- the web router's exception handlers (``error_pages``), on what they answer
  for an exception raised by the middleware itself (a refused CSRF token, a
  redirect to sign in), which the app answers outside the router;
- the app's answer to Litestar's own HTTP errors on a page path: no such
  address, a method the page does not take, a body the screening refuses
  (``error_pages.pages_for_page_paths``).

The API, its documentation and the health check keep their own headers and
pay nothing for these: an app-wide ``before_send`` hook cost every API
answer about 5% of its instructions (docs/benchmarks.md).
"""

from __future__ import annotations

from typing import Final

from litestar.datastructures import MutableScopeHeaders
from litestar.types import ASGIApp, Message, Receive, Scope, Send

CONTENT_SECURITY_POLICY: Final = "; ".join(  # noqa: FLY002 - one directive a line reads best
    [
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self' data:",
        "connect-src 'self'",
        "object-src 'none'",
        "base-uri 'none'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    ]
)
PAGE_HEADERS: Final = {
    "content-security-policy": CONTENT_SECURITY_POLICY,
    "x-content-type-options": "nosniff",
    "referrer-policy": "same-origin",
    "x-frame-options": "DENY",
    "permissions-policy": "camera=(), microphone=(), geolocation=()",
}
# Paths that are not the web app's: the JSON API, its documentation, the health check.
_NOT_PAGES: Final = ("/api/", "/health")


def is_page_path(path: str) -> bool:
    """Whether ``path`` is the web app's, so that its answers are pages with these headers."""
    return not path.startswith(_NOT_PAGES)


class PageHeaders:
    """ASGI middleware: :data:`PAGE_HEADERS` on the start of every answer it passes on."""

    __slots__ = ("app",)

    def __init__(self, app: ASGIApp) -> None:
        """Wrap ``app``."""
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Run ``app`` with a ``send`` that stamps the headers."""

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = MutableScopeHeaders.from_message(message)
                for name, value in PAGE_HEADERS.items():
                    headers[name] = value
            await send(message)

        await self.app(scope, receive, send_with_headers)
