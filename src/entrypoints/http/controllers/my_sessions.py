"""The caller's own live login sessions."""

from __future__ import annotations

from uuid import UUID

from litestar import Router, delete, get
from litestar.params import FromPath

from decision_core.usecases import my_account
from entrypoints.http.handler_threads import HandlerThreads
from entrypoints.http.injected import InjectedPrincipal, InjectedServices
from entrypoints.http.openapi_errors import errors
from entrypoints.http.openapi_security import NEEDS_ACCESS_TOKEN
from entrypoints.http.schemas.sessions import LoginSessionBody, login_session_body


def my_sessions_routes(threads: HandlerThreads) -> Router:
    """``/api/v1/auth/sessions``: list and end one's own login sessions."""

    @get(
        sync_to_thread=threads.database_work,
        responses=errors(401),
        summary="List my login sessions",
    )
    def list_sessions(
        principal: InjectedPrincipal, services: InjectedServices
    ) -> list[LoginSessionBody]:
        """The caller's live login sessions, most recently used first."""
        sessions = my_account.list_my_sessions(services, principal)
        return [login_session_body(mine) for mine in sessions]

    @delete(
        "/{sid:uuid}",
        sync_to_thread=threads.database_work,
        responses=errors(401, 404),
        summary="End one of my login sessions",
    )
    def revoke_session(
        sid: FromPath[UUID], principal: InjectedPrincipal, services: InjectedServices
    ) -> None:
        """End one of the caller's login sessions; another user's or unknown id is 404."""
        my_account.revoke_my_session(services, principal, sid)

    return Router(
        path="/api/v1/auth/sessions",
        tags=["auth"],
        security=NEEDS_ACCESS_TOKEN,
        route_handlers=[list_sessions, revoke_session],
    )
