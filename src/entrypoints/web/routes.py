"""The web app as one Litestar router, mounted at ``/`` beside the API.

Middleware runs outermost first: the CSRF check refuses a forged unsafe
request before anything else reads it, then the browser session resolves
who is signed in (refreshing on the server when needed) for every page not
marked public. The security headers are the app's ``before_send`` hook
(``security_headers``).
"""

from __future__ import annotations

from typing import Final

from litestar import Router
from litestar.config.csrf import CSRFConfig
from litestar.di import Provide
from litestar.middleware import DefineMiddleware
from litestar.middleware.csrf import CSRFMiddleware

from decision_core.usecases.context import Services
from entrypoints.web.browser_session import BrowserSession
from entrypoints.web.config import WebConfig
from entrypoints.web.error_pages import web_exception_handlers
from entrypoints.web.injected import provide_visitor
from entrypoints.web.pages.account_security import AccountSecurityPages
from entrypoints.web.pages.audit import AuditPages
from entrypoints.web.pages.authoring import AuthoringPages
from entrypoints.web.pages.library import LibraryPages
from entrypoints.web.pages.members import MembersPages
from entrypoints.web.pages.my_account import MyAccountPages
from entrypoints.web.pages.session import SessionPages
from entrypoints.web.pages.sign_in import SignInPages
from entrypoints.web.pages.tree_import import TreeImportPages
from entrypoints.web.pages.trees import TreePages
from entrypoints.web.pages.walk import WalkPages
from entrypoints.web.pages.walk_exports import WalkExports
from entrypoints.web.pages.walks import WalksPages
from entrypoints.web.token_cookies import CookiePolicy

CSRF_COOKIE: Final = "dt_csrf"
CSRF_HEADER: Final = "x-csrftoken"


def web_router(
    services: Services,
    config: WebConfig,
    *,
    unavailable_errors: tuple[type[Exception], ...] = (),
) -> Router:
    """Every page of the web app, guarded as the module says."""
    cookies = CookiePolicy(always_secure=config.secure_cookies)
    csrf = CSRFConfig(
        secret=config.csrf_secret,
        cookie_name=CSRF_COOKIE,
        header_name=CSRF_HEADER,
        cookie_httponly=True,  # pages carry the token; no script needs the cookie
        cookie_samesite="strict",
        cookie_secure=config.secure_cookies,
    )

    def provide_services() -> Services:
        return services

    def provide_cookies() -> CookiePolicy:
        return cookies

    return Router(
        path="/",
        route_handlers=[
            SignInPages,
            SessionPages,
            LibraryPages,
            TreePages,
            MyAccountPages,
            AccountSecurityPages,
            MembersPages,
            AuditPages,
            WalksPages,
            WalkPages,
            WalkExports,
            AuthoringPages,
            TreeImportPages,
        ],
        middleware=[
            DefineMiddleware(CSRFMiddleware, config=csrf),
            BrowserSession(services=provide_services, cookies=cookies),
        ],
        dependencies={
            "visitor": Provide(provide_visitor, sync_to_thread=False),
            "cookie_policy": Provide(provide_cookies, sync_to_thread=False),
        },
        exception_handlers=web_exception_handlers(cookies, unavailable_errors),
        include_in_schema=False,
    )
