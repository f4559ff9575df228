"""What the web app's handlers receive by name, besides the use cases' services."""

from __future__ import annotations

from typing import Any, TypeAlias

from litestar import Request
from litestar.di import NamedDependency

from entrypoints.web.browser_session import VISITOR_STATE, Visitor
from entrypoints.web.token_cookies import CookiePolicy


def provide_visitor(request: Request[Any, Any, Any]) -> Visitor:
    """The visitor :class:`~entrypoints.web.browser_session.BrowserSession` let through."""
    visitor: Visitor = request.scope["state"][VISITOR_STATE]
    return visitor


# ``visitor: SignedIn``: who is signed in, on a page that is not public.
SignedIn: TypeAlias = NamedDependency[Visitor]
# ``cookie_policy: InjectedCookiePolicy``: whether token cookies are marked Secure.
InjectedCookiePolicy: TypeAlias = NamedDependency[CookiePolicy]
