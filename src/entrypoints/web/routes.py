"""The web app as one Litestar router, mounted at ``/`` beside the API.

Middleware runs outermost first: the security headers go on every answer
(``security_headers``), the CSRF check refuses a forged unsafe request
before anything else reads it, then the browser session resolves who is
signed in (refreshing on the server when needed) for every page not marked
public.
"""

from __future__ import annotations

from typing import Final

from litestar import Router
from litestar.config.csrf import CSRFConfig
from litestar.di import Provide
from litestar.middleware import DefineMiddleware
from litestar.middleware.csrf import CSRFMiddleware

from decision_core.usecases.context import Services
from entrypoints.http.handler_threads import HandlerThreads
from entrypoints.web.browser_session import BrowserSession
from entrypoints.web.config import WebConfig
from entrypoints.web.error_pages import web_exception_handlers
from entrypoints.web.injected import provide_visitor
from entrypoints.web.pages.account_security import account_security_pages
from entrypoints.web.pages.audit import audit_pages
from entrypoints.web.pages.authoring import editor_pages, new_tree_pages
from entrypoints.web.pages.confirm_identity import confirm_identity_pages
from entrypoints.web.pages.library import library_pages
from entrypoints.web.pages.members import member_invite_pages, members_pages
from entrypoints.web.pages.my_account import device_pages, password_pages
from entrypoints.web.pages.my_two_factor import my_two_factor_change_pages, my_two_factor_pages
from entrypoints.web.pages.password_reset import password_reset_pages
from entrypoints.web.pages.session import session_pages
from entrypoints.web.pages.sign_in import registration_pages, sign_in_pages
from entrypoints.web.pages.tree_import import tree_import_pages
from entrypoints.web.pages.trees import tree_pages
from entrypoints.web.pages.two_factor_sign_in import (
    two_factor_code_pages,
    two_factor_enrolment_pages,
)
from entrypoints.web.pages.walk import walk_pages, walk_step_pages
from entrypoints.web.pages.walk_exports import walk_export_pages
from entrypoints.web.pages.walks import walks_pages
from entrypoints.web.security_headers import PageHeaders
from entrypoints.web.token_cookies import CookiePolicy

CSRF_COOKIE: Final = "dt_csrf"
CSRF_HEADER: Final = "x-csrftoken"


def web_router(
    services: Services,
    config: WebConfig,
    *,
    unavailable_errors: tuple[type[Exception], ...] = (),
    threads: HandlerThreads | None = None,
) -> Router:
    """Every page of the web app, guarded as the module says; ``threads`` as for the API."""
    threads = threads or HandlerThreads()
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
            sign_in_pages(threads),
            registration_pages(threads),
            password_reset_pages(threads),
            session_pages(threads),
            library_pages(threads),
            tree_pages(threads),
            device_pages(threads),
            password_pages(threads),
            account_security_pages(threads),
            members_pages(threads),
            member_invite_pages(threads),
            audit_pages(threads),
            walks_pages(threads),
            walk_pages(threads),
            walk_step_pages(threads),
            walk_export_pages(threads),
            new_tree_pages(threads),
            editor_pages(threads),
            tree_import_pages(threads),
            two_factor_code_pages(threads),
            two_factor_enrolment_pages(threads),
            my_two_factor_pages(threads),
            my_two_factor_change_pages(threads),
            confirm_identity_pages(threads),
        ],
        middleware=[
            PageHeaders,
            DefineMiddleware(CSRFMiddleware, config=csrf),
            BrowserSession(services=provide_services, cookies=cookies, threads=threads),
        ],
        dependencies={
            "visitor": Provide(provide_visitor, sync_to_thread=False),
            "cookie_policy": Provide(provide_cookies, sync_to_thread=False),
        },
        exception_handlers=web_exception_handlers(cookies, unavailable_errors),
        include_in_schema=False,
    )
