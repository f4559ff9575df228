"""Bodies of troubleshooting sessions (SPEC 7)."""

from __future__ import annotations

from datetime import datetime
from uuid import UUID

from decision_core.trees.walk_listing import WalkPage
from decision_core.trees.walk_operations import AnswerOp, BackOp, ContinueOp, NotesOp, Operation
from decision_core.trees.walks import Outcome, Walk, WalkStatus
from decision_core.usecases.walks import WalkExportFormat
from entrypoints.http.schemas.base import RequestBody, ResponseBody


class StartWalkRequest(RequestBody):
    """``POST /api/v1/sessions``: walk a published tree."""

    tree_id: UUID
    ticket_ref: str | None = None


class AnswerRequest(RequestBody, tag_field="op", tag="answer"):
    """Answer the current question."""

    answer_id: str
    note: str | None = None


class ContinueRequest(RequestBody, tag_field="op", tag="continue"):
    """Go on from the current action or link."""

    note: str | None = None


class BackRequest(RequestBody, tag_field="op", tag="back"):
    """Undo the last step; the history keeps it."""


class NotesRequest(RequestBody, tag_field="op", tag="notes"):
    """Replace the session notes."""

    text: str


OperationRequest = AnswerRequest | ContinueRequest | BackRequest | NotesRequest


def operation_of(request: OperationRequest) -> Operation:
    """The core's operation for one request."""
    if isinstance(request, AnswerRequest):
        return AnswerOp(answer_id=request.answer_id, note=request.note)
    if isinstance(request, ContinueRequest):
        return ContinueOp(note=request.note)
    if isinstance(request, BackRequest):
        return BackOp()
    return NotesOp(text=request.text)


class CompleteRequest(RequestBody):
    """``POST /api/v1/sessions/{id}/complete``."""

    outcome: Outcome
    summary: str | None = None


class ExportRequest(RequestBody):
    """``POST /api/v1/sessions/{id}/export``."""

    format: WalkExportFormat


class WalkSummaryBody(ResponseBody):
    """A session in a listing; ``GET /api/v1/sessions/{id}`` has the whole walk."""

    id: UUID
    tree_id: UUID
    tree_title: str
    tree_version: int
    ticket_ref: str | None
    status: WalkStatus
    outcome: Outcome | None
    started_at: datetime


class WalkPageBody(ResponseBody):
    """A page of sessions, newest first, and how many match in all."""

    items: list[WalkSummaryBody]
    total: int


def walk_summary_body(walk: Walk) -> WalkSummaryBody:
    """Present a walk in a listing."""
    return WalkSummaryBody(
        id=walk.id,
        tree_id=walk.tree_id,
        tree_title=walk.tree_title,
        tree_version=walk.tree_version,
        ticket_ref=walk.ticket_ref,
        status=walk.status,
        outcome=walk.outcome,
        started_at=walk.started_at,
    )


def walk_page_body(page: WalkPage) -> WalkPageBody:
    """Present a page of sessions."""
    return WalkPageBody(items=[walk_summary_body(walk) for walk in page.items], total=page.total)
