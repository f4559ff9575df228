"""The headers every answer of the web app is sent with, error pages and redirects included.

The policy allows scripts and styles from this origin only: no inline
script, no inline style attribute, no eval (htmx is configured not to need
any of them, see ``base.html``). Pages cannot be framed, and no URL of ours
leaks to other sites through ``Referer``.

It is a ``before_send`` hook of the app rather than a middleware: an answer
made by an exception handler (a redirect to sign in, a refused CSRF token)
leaves through no middleware's ``send``, but through this hook. The API and
its documentation pages keep their own headers.
"""

from __future__ import annotations

from typing import Final

from litestar.datastructures import MutableScopeHeaders
from litestar.types import Message, Scope

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


async def add_page_headers(message: Message, scope: Scope) -> None:
    """Stamp :data:`PAGE_HEADERS` on the start of every web app answer.

    A coroutine because Litestar runs a synchronous ``before_send`` hook on a worker
    thread: twice per answer (start and body), API answers included, which cost
    ``GET /auth/me`` more than half its throughput (docs/benchmarks.md).
    """
    if message["type"] != "http.response.start" or scope["path"].startswith(_NOT_PAGES):
        return
    headers = MutableScopeHeaders.from_message(message)
    for name, value in PAGE_HEADERS.items():
        headers[name] = value
