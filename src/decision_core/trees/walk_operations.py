"""The four operations of SPEC 7 on an active walk.

``answer`` (at a question) and ``continue`` (at an action or a link) move to
the next node and may leave a note on the step they leave. ``back`` undoes the
last answer or continue: the path loses its last step, the step before is open
again (its answer and note cleared), and the history keeps the undone entry,
marked ``undone``. ``notes`` replaces the walk's notes. A completed
walk refuses all four.
"""

from __future__ import annotations

from datetime import datetime
from typing import assert_never
from uuid import UUID

import attrs

from decision_core.errors import (
    AnswerNotOnNode,
    NothingToUndo,
    OperationNotOnNode,
    TreeNotPublished,
)
from decision_core.trees.catalogue import TreeVersion
from decision_core.trees.document import NodeKind, TreeDocument
from decision_core.trees.validation import link_target
from decision_core.trees.walks import (
    HistoryEntry,
    PathStep,
    Walk,
    WalkOp,
    arrive,
    node_in,
    require_active,
)


@attrs.frozen
class AnswerOp:
    """Choose ``answer_id`` at the current question."""

    answer_id: str
    note: str | None = None


@attrs.frozen
class ContinueOp:
    """Go on from the current action, or follow the current link."""

    note: str | None = None


@attrs.frozen
class BackOp:
    """Undo the last answer or continue."""


@attrs.frozen
class NotesOp:
    """Replace the walk's notes with ``text``."""

    text: str


Operation = AnswerOp | ContinueOp | BackOp | NotesOp


def linked_tree(walk: Walk, document: TreeDocument) -> UUID | None:
    """The tree a ``continue`` would enter: set when the current node is a link.

    ``document`` is the version the current step belongs to. The use case
    loads that tree's current published version for :func:`apply_operation`.
    """
    node = node_in(document, walk.current.node.node_id)
    return link_target(node) if node.kind is NodeKind.LINK else None


def apply_operation(
    walk: Walk,
    operation: Operation,
    here: TreeVersion,
    now: datetime,
    linked: TreeVersion | None = None,
) -> Walk:
    """The walk after ``operation``; ``here`` is the version of the current step.

    ``linked`` is the published version a link leads to; without it a
    ``continue`` at a link raises :class:`TreeNotPublished`.
    """
    require_active(walk)
    match operation:
        case AnswerOp():
            return _answer(walk, operation, here, now)
        case ContinueOp():
            return _continue(walk, operation, here, now, linked)
        case BackOp():
            return _back(walk, now)
        case NotesOp():
            return replace_notes(walk, operation.text, now)
        case _:
            assert_never(operation)


def replace_notes(walk: Walk, text: str, now: datetime) -> Walk:
    """The walk with ``text`` as its notes, and a ``notes`` entry in its history."""
    require_active(walk)
    entry = HistoryEntry(WalkOp.NOTES, now, walk.current.node, note=text)
    return attrs.evolve(walk, notes=text, history=(*walk.history, entry))


def _answer(walk: Walk, op: AnswerOp, here: TreeVersion, now: datetime) -> Walk:
    node = node_in(here.document, walk.current.node.node_id)
    answer = node.answer(op.answer_id) if node.kind is NodeKind.QUESTION else None
    if answer is None:
        raise AnswerNotOnNode(op.answer_id, node.id)
    left = attrs.evolve(walk.current, answer_id=answer.id, answer_label=answer.label)
    target = arrive(here, answer.next or "", now)
    entry = HistoryEntry(WalkOp.ANSWER, now, left.node, target.node, answer.id, op.note)
    return _move(walk, left, target, entry, op.note)


def _continue(
    walk: Walk,
    op: ContinueOp,
    here: TreeVersion,
    now: datetime,
    linked: TreeVersion | None,
) -> Walk:
    node = node_in(here.document, walk.current.node.node_id)
    if node.kind is NodeKind.ACTION:
        target = arrive(here, node.next or "", now)
    elif node.kind is NodeKind.LINK and linked is not None:
        target = arrive(linked, linked.document.start, now)
    elif node.kind is NodeKind.LINK:
        msg = f"the tree linked from node {node.id!r} is not published"
        raise TreeNotPublished(msg)
    else:
        raise OperationNotOnNode(WalkOp.CONTINUE.value, node.id, node.kind.value)
    entry = HistoryEntry(WalkOp.CONTINUE, now, walk.current.node, target.node, note=op.note)
    return _move(walk, walk.current, target, entry, op.note)


def _move(
    walk: Walk,
    left: PathStep,
    target: PathStep,
    entry: HistoryEntry,
    note: str | None,
) -> Walk:
    path = (*walk.path[:-1], attrs.evolve(left, note=note), target)
    return attrs.evolve(walk, path=path, history=(*walk.history, entry))


def _back(walk: Walk, now: datetime) -> Walk:
    if not walk.can_undo:
        raise NothingToUndo
    reopened = attrs.evolve(walk.path[-2], answer_id=None, answer_label=None, note=None)
    # The last forward entry not yet undone is the one that made the current step.
    history = list(walk.history)
    undone_at = max(i for i, e in enumerate(history) if e.op.moves_forward and not e.undone)
    history[undone_at] = attrs.evolve(history[undone_at], undone=True)
    history.append(HistoryEntry(WalkOp.BACK, now, walk.current.node, reopened.node))
    return attrs.evolve(walk, path=(*walk.path[:-2], reopened), history=tuple(history))
