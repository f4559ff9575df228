"""The walk engine: a walk (the SPEC's troubleshooting session) as a value, and its rules.

A walk pins the version it started on. Every step records ``(tree_id,
version, node_id)``, so a walk that follows a link into another tree keeps one
path spanning both trees, each step at the version it was walked on. The node's
text and the chosen answer's label are copied into the step when it is
walked: versions never change, so the copy is exact, and reading a path needs
no documents.
"""

from __future__ import annotations

import enum
from datetime import datetime
from uuid import UUID

import attrs

from decision_core.errors import TreeInvalid, WalkCompleted, WalkMovedOn
from decision_core.trees import problems as codes
from decision_core.trees.catalogue import Tree, TreeVersion
from decision_core.trees.document import Node, NodeKind, TreeDocument


class Outcome(enum.Enum):
    """How a walk ended."""

    RESOLVED = "resolved"
    WORKAROUND = "workaround"
    ESCALATED = "escalated"
    UNRESOLVED = "unresolved"


class WalkStatus(enum.Enum):
    """Active until completed; a completed walk never changes again."""

    ACTIVE = "active"
    COMPLETED = "completed"


class WalkOp(enum.Enum):
    """Every kind of entry in a walk's history."""

    START = "start"
    ANSWER = "answer"
    CONTINUE = "continue"
    BACK = "back"
    NOTES = "notes"
    COMPLETE = "complete"

    @property
    def moves_forward(self) -> bool:
        """Answers and continues add a step to the path; ``back`` undoes one."""
        return self in {WalkOp.ANSWER, WalkOp.CONTINUE}

    @property
    def is_move(self) -> bool:
        """The start, answers, continues and backs move the walk; notes and completion do not."""
        return self in {WalkOp.START, WalkOp.ANSWER, WalkOp.CONTINUE, WalkOp.BACK}


@attrs.frozen
class NodeRef:
    """A node of one version of one tree."""

    tree_id: UUID
    version: int
    node_id: str


@attrs.frozen
class PathStep:
    """A node on the effective path, and how the walk left it (unless it is the current one)."""

    node: NodeRef
    text: str
    at: datetime
    answer_id: str | None = None
    answer_label: str | None = None
    note: str | None = None


@attrs.frozen
class HistoryEntry:
    """One operation, at the node it was applied to; ``undone`` once a ``back`` undid it.

    ``arrived`` is where a start, answer, continue or back left the walk.
    """

    op: WalkOp
    at: datetime
    node: NodeRef
    arrived: NodeRef | None = None
    answer_id: str | None = None
    note: str | None = None
    outcome: Outcome | None = None
    undone: bool = False


@attrs.frozen
class Walk:
    """One walk through one tree, by one user.

    ``path`` is the effective route from the start; its last step is the
    current node. ``history`` lists every operation, undone ones included.
    """

    id: UUID
    account_id: UUID
    user_id: UUID
    tree_id: UUID
    tree_version: int
    tree_title: str
    ticket_ref: str | None
    started_at: datetime
    path: tuple[PathStep, ...]
    history: tuple[HistoryEntry, ...]
    notes: str = ""
    status: WalkStatus = WalkStatus.ACTIVE
    outcome: Outcome | None = None
    summary: str | None = None
    completed_at: datetime | None = None

    @property
    def current(self) -> PathStep:
        """The step the walk stands on."""
        return self.path[-1]

    @property
    def can_undo(self) -> bool:
        """Whether ``back`` has a step to undo: not at the start."""
        return len(self.path) > 1

    @property
    def moves(self) -> int:
        """How often the walk has moved, its start included: a count that only grows.

        It names one moment of the walk, so a change can say which moment it
        was meant for (see :func:`require_moves`). Notes leave it alone: a
        note changes no position, so saving notes never makes a step stale.
        """
        return sum(1 for entry in self.history if entry.op.is_move)

    def duration_seconds(self, now: datetime) -> float:
        """Seconds from start to completion, or to ``now`` while still active."""
        return ((self.completed_at or now) - self.started_at).total_seconds()


def suggested_outcome(node: Node) -> Outcome | None:
    """The outcome a walk ending at ``node`` most likely has, to offer first; ``None``: no guess.

    A solution resolves the problem, an escalation hands it on.
    """
    return {NodeKind.SOLUTION: Outcome.RESOLVED, NodeKind.ESCALATION: Outcome.ESCALATED}.get(
        node.kind
    )


def new_walk(  # noqa: PLR0913 - a walk's identity, owner, tree and moment
    *,
    walk_id: UUID,
    account_id: UUID,
    user_id: UUID,
    tree: Tree,
    version: TreeVersion,
    ticket_ref: str | None,
    now: datetime,
) -> Walk:
    """A new active walk at the start node of ``version`` of ``tree``."""
    first = arrive(version, version.document.start, now)
    return Walk(
        id=walk_id,
        account_id=account_id,
        user_id=user_id,
        tree_id=tree.id,
        tree_version=version.version,
        tree_title=tree.title,
        ticket_ref=ticket_ref,
        started_at=now,
        path=(first,),
        history=(HistoryEntry(WalkOp.START, now, first.node, first.node),),
    )


def arrive(version: TreeVersion, node_id: str, now: datetime) -> PathStep:
    """A fresh step at ``node_id`` of ``version``; a missing node is a broken tree."""
    node = node_in(version.document, node_id)
    return PathStep(NodeRef(version.tree_id, version.version, node.id), node.text, now)


def node_in(document: TreeDocument, node_id: str) -> Node:
    """The node ``node_id``; only a document that skipped validation can lack it."""
    node = document.node(node_id)
    if node is None:
        problem = codes.error(codes.EDGE_TO_MISSING_NODE, f"no node {node_id!r} to walk to")
        raise TreeInvalid([problem])
    return node


def require_active(walk: Walk) -> None:
    """Raise :class:`WalkCompleted` unless ``walk`` may still change."""
    if walk.status is WalkStatus.COMPLETED:
        msg = "this troubleshooting session is completed and can no longer change"
        raise WalkCompleted(msg)


def require_moves(walk: Walk, expected: int | None) -> None:
    """Refuse a change meant for another moment of an active walk; ``None`` expects nothing.

    A completed walk is :class:`WalkCompleted`, as to any change; an active
    one that has not moved exactly ``expected`` times is :class:`WalkMovedOn`.
    """
    require_active(walk)
    if expected is not None and expected != walk.moves:
        raise WalkMovedOn(expected, walk.moves)


def completed_walk(walk: Walk, outcome: Outcome, summary: str | None, now: datetime) -> Walk:
    """End the walk at whatever node it stands on, with ``outcome`` and ``summary``."""
    require_active(walk)
    entry = HistoryEntry(WalkOp.COMPLETE, now, walk.current.node, outcome=outcome, note=summary)
    return attrs.evolve(
        walk,
        status=WalkStatus.COMPLETED,
        outcome=outcome,
        summary=summary,
        completed_at=now,
        history=(*walk.history, entry),
    )
