"""The shape of a troubleshooting session's body (SPEC 7), for the OpenAPI document.

:func:`entrypoints.presenters.walk_body` builds the body as a plain dict (the
GET answer is also the JSON export), and every walk step answers it as
built, with no conversion on that hot path. These Structs only state its
shape; a test holds them to what the presenter writes.
"""

from __future__ import annotations

from datetime import datetime
from typing import Final
from uuid import UUID

from litestar.openapi import ResponseSpec
from msgspec import UNSET, UnsetType

from decision_core.trees.document import NodeKind
from decision_core.trees.walks import Outcome, WalkOp, WalkStatus
from entrypoints.http.schemas.base import ResponseBody


class AnswerChoiceBody(ResponseBody):
    """An answer the current question offers."""

    id: str
    label: str


class CurrentNodeBody(ResponseBody):
    """The node the walk stands on, as in the document; a question lists its answers."""

    id: str
    kind: NodeKind
    text: str
    answers: list[AnswerChoiceBody] | UnsetType = UNSET


class PathStepBody(ResponseBody):
    """A node on the effective route, and how the walk left it (not for the current one)."""

    tree_id: UUID
    version: int
    node_id: str
    text: str
    at: datetime
    answer_id: str | UnsetType = UNSET
    answer_label: str | UnsetType = UNSET
    note: str | UnsetType = UNSET


class HistoryEntryBody(ResponseBody):
    """One operation, undone ones included."""

    op: WalkOp
    at: datetime
    tree_id: UUID
    version: int
    node_id: str
    undone: bool
    answer_id: str | UnsetType = UNSET
    note: str | UnsetType = UNSET
    outcome: Outcome | UnsetType = UNSET


class WalkBody(ResponseBody):
    """A troubleshooting session: the pinned tree version, where it stands, how it got there."""

    id: UUID
    tree_id: UUID
    tree_title: str
    tree_version: int
    ticket_ref: str | None
    status: WalkStatus
    current_node: CurrentNodeBody
    path: list[PathStepBody]
    history: list[HistoryEntryBody]
    notes: str
    outcome: Outcome | None
    summary: str | None
    started_at: datetime
    completed_at: datetime | None
    duration_seconds: float


def walk_answer(description: str) -> ResponseSpec:
    """A success answer documented as the session body."""
    return ResponseSpec(WalkBody, generate_examples=False, description=description)


A_WALK: Final = walk_answer("The session")
A_WALK_STARTED: Final = walk_answer("The session, at the start node of the tree")
A_WALK_EXPORT: Final = walk_answer(
    "The session for a ticket: Markdown, text or HTML, or as JSON the session body"
)
