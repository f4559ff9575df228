"""The load balancer's question, whether this process can serve, answered."""

from __future__ import annotations

from uuid import UUID

from litestar import Response, get
from litestar.handlers import HTTPRouteHandler
from litestar.openapi import ResponseSpec
from litestar.status_codes import HTTP_503_SERVICE_UNAVAILABLE

from decision_core.usecases.context import Services
from entrypoints.http.errors import RETRY_AFTER_UNAVAILABLE_SECONDS
from entrypoints.http.handler_threads import HandlerThreads
from entrypoints.http.injected import InjectedServices
from entrypoints.http.schemas.base import ResponseBody

_NO_ACCOUNT = UUID(int=0)


class HealthBody(ResponseBody):
    """Both ``ok`` when the process and its database answer."""

    status: str
    database: str


class UnavailableBody(HealthBody):
    """503: an error body that a health checker reading ``status`` also understands."""

    status_code: int
    detail: str


UNAVAILABLE = ResponseSpec(
    UnavailableBody, generate_examples=False, description="The database does not answer"
)


def database_answers(services: Services) -> bool:
    """Whether one read through a unit of work succeeds (connection, schema, credentials)."""
    try:
        with services.uow() as uow:
            uow.accounts.get(_NO_ACCOUNT)
    except Exception:  # noqa: BLE001 - any failure at all means "not ready", and is the answer
        return False
    return True


def health_route(threads: HandlerThreads) -> HTTPRouteHandler:
    """``/health``; it reads the database, so it runs where the app's database work runs."""

    @get(
        "/health",
        sync_to_thread=threads.database_work,
        tags=["health"],
        responses={503: UNAVAILABLE},
        summary="Check health",
    )
    def health(services: InjectedServices) -> Response[HealthBody]:
        """200 ``{"status": "ok", "database": "ok"}``, or 503 when the database does not answer."""
        if database_answers(services):
            return Response(HealthBody(status="ok", database="ok"))
        unavailable = UnavailableBody(
            status="unavailable",
            database="unreachable",
            status_code=HTTP_503_SERVICE_UNAVAILABLE,
            detail="database_unavailable",
        )
        return Response(
            unavailable,
            status_code=HTTP_503_SERVICE_UNAVAILABLE,
            headers={"Retry-After": RETRY_AFTER_UNAVAILABLE_SECONDS},
        )

    return health
