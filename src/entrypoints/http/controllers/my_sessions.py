"""The caller's own live login sessions."""

from __future__ import annotations

from uuid import UUID

from litestar import Controller, delete, get
from litestar.params import FromPath

from decision_core.usecases import my_account
from entrypoints.http.injected import InjectedPrincipal, InjectedServices
from entrypoints.http.openapi_errors import errors
from entrypoints.http.openapi_security import NEEDS_ACCESS_TOKEN
from entrypoints.http.schemas.sessions import LoginSessionBody, login_session_body


class MySessionsController(Controller):
    """``/api/v1/auth/sessions``: list and end one's own login sessions."""

    path = "/api/v1/auth/sessions"
    tags = ["auth"]  # noqa: RUF012 - Litestar reads the class attribute
    security = NEEDS_ACCESS_TOKEN

    @get(sync_to_thread=True, responses=errors(401), summary="List my login sessions")
    def list_sessions(
        self, principal: InjectedPrincipal, services: InjectedServices
    ) -> list[LoginSessionBody]:
        """The caller's live login sessions, most recently used first."""
        sessions = my_account.list_my_sessions(services, principal)
        return [login_session_body(mine) for mine in sessions]

    @delete(
        "/{sid:uuid}",
        sync_to_thread=True,
        responses=errors(401, 404),
        summary="End one of my login sessions",
    )
    def revoke_session(
        self, sid: FromPath[UUID], principal: InjectedPrincipal, services: InjectedServices
    ) -> None:
        """End one of the caller's login sessions; another user's or unknown id is 404."""
        my_account.revoke_my_session(services, principal, sid)
