"""Troubleshooting sessions (SPEC 7): walking a published tree."""

from __future__ import annotations

from typing import Annotated, Any
from uuid import UUID

from litestar import Response, Router, get, post, put
from litestar.params import FromPath, FromQuery, JSONBody, QueryParameter

from decision_core.trees.walks import WalkStatus
from decision_core.usecases import walks
from decision_core.usecases.walks import WalkScope, WalkView
from entrypoints.http.export_media import WALK_EXPORT_MEDIA_TYPES, media_types_of
from entrypoints.http.handler_threads import HandlerThreads
from entrypoints.http.injected import InjectedPrincipal, InjectedServices
from entrypoints.http.openapi_errors import errors
from entrypoints.http.openapi_links import A_STARTED_WALK
from entrypoints.http.openapi_operations import answers_in, linked_to
from entrypoints.http.openapi_security import NEEDS_ACCESS_TOKEN
from entrypoints.http.paging import DEFAULT_LIMIT, PageLimit, PageOffset
from entrypoints.http.schemas.walk_body import A_WALK, A_WALK_EXPORT, A_WALK_STARTED
from entrypoints.http.schemas.walks import (
    CompleteRequest,
    ExportRequest,
    OperationRequest,
    StartWalkRequest,
    WalkPageBody,
    operation_of,
    walk_page_body,
)
from entrypoints.presenters import walk_body


def walk_routes(threads: HandlerThreads) -> Router:
    """``/api/v1/sessions``: the caller's troubleshooting sessions."""

    @post(
        sync_to_thread=threads.database_work,
        opt=linked_to(A_STARTED_WALK),
        responses=errors(400, 401, 404, 409) | {201: A_WALK_STARTED},
        summary="Start a troubleshooting session",
    )
    def start(
        data: JSONBody[StartWalkRequest],
        principal: InjectedPrincipal,
        services: InjectedServices,
    ) -> dict[str, Any]:
        """Start walking a published tree at the start of its newest version."""
        return walk_body(walks.start_walk(services, principal, data.tree_id, data.ticket_ref))

    @get(
        sync_to_thread=threads.database_work,
        responses=errors(400, 401, 403),
        summary="List troubleshooting sessions",
        # The id it had before its handler was named for walks: clients generated from the
        # document name their methods after it.
        operation_id="ApiV1SessionsListSessions",
    )
    def list_walks(  # noqa: PLR0913 - one argument per query parameter
        *,
        principal: InjectedPrincipal,
        services: InjectedServices,
        status: FromQuery[WalkStatus | None] = None,
        tree_id: FromQuery[UUID | None] = None,
        session_scope: Annotated[WalkScope, QueryParameter(name="scope")] = WalkScope.MINE,
        limit: PageLimit = DEFAULT_LIMIT,
        offset: PageOffset = 0,
    ) -> WalkPageBody:
        """A page of the caller's sessions, newest first, and how many match in all.

        Owner or admin may ask for ``scope=account``.
        """
        found = walks.list_walks(
            services,
            principal,
            scope=session_scope,
            status=status,
            tree_id=tree_id,
            limit=limit,
            offset=offset,
        )
        return walk_page_body(found)

    @get(
        "/{session_id:uuid}",
        sync_to_thread=threads.database_work,
        responses=errors(401, 404) | {200: A_WALK},
        summary="Read a troubleshooting session",
        operation_id="ApiV1SessionsSessionIdGetSession",  # as before the rename; see list_walks
    )
    def get_walk(
        session_id: FromPath[UUID], principal: InjectedPrincipal, services: InjectedServices
    ) -> dict[str, Any]:
        """The walk: the current node, the effective path, the full history."""
        return walk_body(walks.get_walk(services, principal, session_id))

    @put(
        "/{session_id:uuid}",
        sync_to_thread=threads.database_work,
        responses=errors(400, 401, 404, 409, 422) | {200: A_WALK},
        summary="Take a step in a session",
    )
    def operate(
        session_id: FromPath[UUID],
        data: JSONBody[OperationRequest],
        principal: InjectedPrincipal,
        services: InjectedServices,
    ) -> dict[str, Any]:
        """One operation: ``answer``, ``continue``, ``back`` or ``notes``."""
        operation = operation_of(data)
        return walk_body(walks.operate_walk(services, principal, session_id, operation))

    @post(
        "/{session_id:uuid}/complete",
        sync_to_thread=threads.database_work,
        status_code=200,
        responses=errors(400, 401, 404, 409) | {200: A_WALK},
        summary="Complete a session",
    )
    def complete(
        session_id: FromPath[UUID],
        data: JSONBody[CompleteRequest],
        principal: InjectedPrincipal,
        services: InjectedServices,
    ) -> dict[str, Any]:
        """Complete the walk with an outcome and an optional summary."""
        outcome, summary = data.outcome, data.summary
        return walk_body(walks.complete_walk(services, principal, session_id, outcome, summary))

    @post(
        "/{session_id:uuid}/export",
        sync_to_thread=threads.database_work,
        status_code=200,
        opt=answers_in(*media_types_of(WALK_EXPORT_MEDIA_TYPES)),
        responses=errors(400, 401, 404) | {200: A_WALK_EXPORT},
        summary="Export a session for a ticket",
    )
    def export(
        session_id: FromPath[UUID],
        data: JSONBody[ExportRequest],
        principal: InjectedPrincipal,
        services: InjectedServices,
    ) -> Response[Any]:
        """The session ready to paste into a ticket (Markdown, text, HTML or the JSON body)."""
        exported = walks.export_walk(services, principal, session_id, data.format)
        content = walk_body(exported) if isinstance(exported, WalkView) else exported
        return Response(content=content, media_type=WALK_EXPORT_MEDIA_TYPES[data.format])

    return Router(
        path="/api/v1/sessions",
        tags=["sessions"],
        security=NEEDS_ACCESS_TOKEN,
        route_handlers=[start, list_walks, get_walk, operate, complete, export],
    )
