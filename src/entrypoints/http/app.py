"""The Litestar application factory: the API at ``/api/v1`` and the web app at ``/``.

:func:`create_app` takes ready services (tests pass in-memory ones);
:func:`create_app_from_env` is what uvicorn calls in each worker process.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from importlib.metadata import version

import attrs
from litestar import Litestar
from litestar.di import Provide
from litestar.exceptions import HTTPException
from litestar.openapi import OpenAPIConfig
from litestar.openapi.spec import Components
from litestar.types import ExceptionHandlersMap

from decision_core.usecases.context import Services
from entrypoints.bootstrap import Runtime, build_runtime, signing_secret
from entrypoints.http.allowed_methods import answer_options_with_every_method
from entrypoints.http.caller import provide_principal
from entrypoints.http.controllers.account import account_routes
from entrypoints.http.controllers.auth import auth_routes
from entrypoints.http.controllers.health import health_route
from entrypoints.http.controllers.my_sessions import my_sessions_routes
from entrypoints.http.controllers.password_reset import password_reset_routes
from entrypoints.http.controllers.security import security_routes
from entrypoints.http.controllers.trees import tree_routes
from entrypoints.http.controllers.two_factor import two_factor_routes
from entrypoints.http.controllers.walks import walk_routes
from entrypoints.http.docs_pages import DOCS_PATH, assets_router, redoc_page, render_plugins
from entrypoints.http.errors import exception_handlers, http_error_response
from entrypoints.http.handler_threads import HandlerThreads
from entrypoints.http.mail_drainer import OutboxDrainer
from entrypoints.http.openapi_operations import document_operations
from entrypoints.http.openapi_schemas import BodySchemaPlugin
from entrypoints.http.openapi_security import SECURITY_SCHEMES
from entrypoints.http.request_screening import MAX_REQUEST_BODY_BYTES, screen_request
from entrypoints.settings import load_settings
from entrypoints.web import (
    WebConfig,
    asset_manifest,
    pages_for_page_paths,
    static_files_router,
    template_config,
    web_router,
)

# The document's info.version is the package's: one number for what is deployed.
API_VERSION = version("decision-tree")


def create_app(  # noqa: PLR0913 - each keyword is one thing the app is told
    services: Services,
    *,
    unavailable_errors: tuple[type[Exception], ...] = (),
    on_shutdown: Sequence[Callable[[], None]] = (),
    threads: HandlerThreads | None = None,
    web: WebConfig | None = None,
    mail_drainer: OutboxDrainer | None = None,
) -> Litestar:
    """The API over ``services``.

    ``unavailable_errors`` are the exceptions that mean the database cannot be
    reached (answered 503); ``on_shutdown`` runs when the server stops;
    ``threads`` says where handlers run their use cases (by default every one
    that blocks on a worker thread; see ``handler_threads``); ``mail_drainer``
    delivers the outbox while the app runs, woken by the use cases that add mail.
    """
    threads = threads or HandlerThreads()
    if mail_drainer is not None:
        services = attrs.evolve(services, mail_added=mail_drainer.wake)

    def provide_services() -> Services:
        return services

    app = Litestar(
        route_handlers=[
            auth_routes(threads),
            password_reset_routes(threads),
            two_factor_routes(threads),
            my_sessions_routes(threads),
            account_routes(threads),
            security_routes(threads),
            tree_routes(threads),
            walk_routes(threads),
            health_route(threads),
            assets_router(),
            redoc_page,
            web_router(
                services,
                web or WebConfig.for_one_process(),
                unavailable_errors=unavailable_errors,
                threads=threads,
            ),
            static_files_router(),
        ],
        dependencies={
            "services": Provide(provide_services, sync_to_thread=False),
            "principal": Provide(provide_principal, sync_to_thread=False),
        },
        before_request=screen_request,
        request_max_body_size=MAX_REQUEST_BODY_BYTES,
        exception_handlers=_exception_handlers(unavailable_errors),
        openapi_config=_openapi_config(),
        plugins=[BodySchemaPlugin(services.settings.sessions)],
        template_config=template_config(asset_manifest()),
        on_shutdown=list(on_shutdown),
        lifespan=[] if mail_drainer is None else [mail_drainer.lifespan(services)],
        debug=False,
        # Logging is the server's to configure (uvicorn, or the CLI); an app must not
        # reconfigure the root logger of the process it is embedded in.
        logging_config=None,
    )
    document_operations(app)
    answer_options_with_every_method(app)
    return app


def create_app_from_env() -> Litestar:
    """The API configured from the environment and ``.env``; uvicorn's factory."""
    settings = load_settings()
    runtime = build_runtime(settings)
    web = WebConfig.from_signing_secret(
        signing_secret(settings), secure_cookies=settings.secure_cookies
    )
    return create_app(
        runtime.services,
        unavailable_errors=runtime.unavailable_errors,
        on_shutdown=[runtime.close],
        threads=threads_of(runtime),
        web=web,
        mail_drainer=None if runtime.mailer is None else OutboxDrainer(runtime.mailer),
    )


def threads_of(runtime: Runtime) -> HandlerThreads:
    """Where the handlers of an app over ``runtime`` run their use cases."""
    return HandlerThreads(
        database_on_the_loop=runtime.database_work_on_the_loop,
        password_hashing=runtime.password_hashing,
    )


API_DESCRIPTION = (
    "Troubleshooting decision trees behind a login-session security layer.\n\n"
    "Every error is JSON `{status_code, detail, ...}`: 400 a malformed request "
    "(naming the field), 422 a well-formed one that breaks a business rule. "
    "No text anywhere (body, form or query) may contain U+0000: such a request is a 400."
)


def _exception_handlers(unavailable_errors: tuple[type[Exception], ...]) -> ExceptionHandlersMap:
    """The API's handlers, but Litestar's own HTTP errors on a page path answer a page."""
    handlers = exception_handlers(unavailable_errors)
    handlers[HTTPException] = pages_for_page_paths(http_error_response)
    return handlers


def _openapi_config() -> OpenAPIConfig:
    return OpenAPIConfig(
        title="decision-tree",
        version=API_VERSION,
        description=API_DESCRIPTION,
        path=DOCS_PATH,
        render_plugins=render_plugins(),
        components=Components(security_schemes=SECURITY_SCHEMES),
        use_handler_docstrings=True,
    )
