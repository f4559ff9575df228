"""The Litestar application factory.

:func:`create_app` takes ready services (tests pass in-memory ones);
:func:`create_app_from_env` is what uvicorn calls in each worker process.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from litestar import Litestar
from litestar.di import Provide
from litestar.openapi import OpenAPIConfig
from litestar.openapi.plugins import SwaggerRenderPlugin
from litestar.openapi.spec import Components

from decision_core.usecases.context import Services
from entrypoints.bootstrap import build_runtime
from entrypoints.http.caller import provide_principal
from entrypoints.http.controllers.account import AccountController
from entrypoints.http.controllers.auth import AuthController
from entrypoints.http.controllers.health import health
from entrypoints.http.controllers.my_sessions import MySessionsController
from entrypoints.http.controllers.security import SecurityController
from entrypoints.http.controllers.trees import TreesController
from entrypoints.http.controllers.troubleshooting import TroubleshootingController
from entrypoints.http.errors import exception_handlers
from entrypoints.http.handler_threads import run_database_work_on_the_loop
from entrypoints.http.openapi_security import SECURITY_SCHEMES
from entrypoints.http.request_screening import screen_request
from entrypoints.settings import load_settings

API_VERSION = "1.0.0"


def create_app(
    services: Services,
    *,
    unavailable_errors: tuple[type[Exception], ...] = (),
    on_shutdown: Sequence[Callable[[], None]] = (),
    database_work_on_the_loop: bool = False,
) -> Litestar:
    """The API over ``services``.

    ``unavailable_errors`` are the exceptions that mean the database cannot be
    reached (answered 503); ``on_shutdown`` runs when the server stops;
    ``database_work_on_the_loop`` keeps handlers that only wait on the
    database off the thread pool (right for SQLite: see ``handler_threads``).
    """

    def provide_services() -> Services:
        return services

    app = Litestar(
        route_handlers=[
            AuthController,
            MySessionsController,
            AccountController,
            SecurityController,
            TreesController,
            TroubleshootingController,
            health,
        ],
        dependencies={
            "services": Provide(provide_services, sync_to_thread=False),
            "principal": Provide(provide_principal, sync_to_thread=False),
        },
        before_request=screen_request,
        exception_handlers=exception_handlers(unavailable_errors),
        openapi_config=_openapi_config(),
        on_shutdown=list(on_shutdown),
        debug=False,
        # Logging is the server's to configure (uvicorn, or the CLI); an app must not
        # reconfigure the root logger of the process it is embedded in.
        logging_config=None,
    )
    if database_work_on_the_loop:
        run_database_work_on_the_loop(app)
    return app


def create_app_from_env() -> Litestar:
    """The API configured from the environment and ``.env``; uvicorn's factory."""
    runtime = build_runtime(load_settings())
    return create_app(
        runtime.services,
        unavailable_errors=runtime.unavailable_errors,
        on_shutdown=[runtime.close],
        database_work_on_the_loop=runtime.database_work_on_the_loop,
    )


def _openapi_config() -> OpenAPIConfig:
    return OpenAPIConfig(
        title="decision-tree",
        version=API_VERSION,
        description="Troubleshooting decision trees behind a login-session security layer.",
        path="/api/docs",
        render_plugins=[SwaggerRenderPlugin()],
        components=Components(security_schemes=SECURITY_SCHEMES),
        use_handler_docstrings=True,
    )
