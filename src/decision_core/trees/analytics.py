"""What the recorded walks of one tree say about it.

Definitions:

- ``started``: every walk of the tree; ``completed``: those completed.
- ``outcomes``: completed walks per outcome, every outcome listed.
- ``resolution_rate``: ``resolved / completed`` (a workaround is not a
  resolution); ``None`` while nothing is completed.
- ``median_duration_seconds``: over completed walks; ``None`` likewise.
- Per node (of this tree, across its versions, by node id; steps taken in a
  linked tree belong to that tree): ``visits`` counts every arrival, including
  arrivals later undone by ``back``; ``drop_offs`` counts the walks *not*
  completed whose current node it is; ``back_steps`` counts the ``back``
  operations made at it.
- ``answers``: how often each answer was chosen, undone choices included.
"""

from __future__ import annotations

import statistics
from collections import Counter
from collections.abc import Iterable
from uuid import UUID

import attrs

from decision_core.trees.walks import Outcome, Walk, WalkOp, WalkStatus


@attrs.frozen
class NodeStats:
    """How walks went at one node."""

    node_id: str
    visits: int
    drop_offs: int
    back_steps: int


@attrs.frozen
class AnswerCount:
    """How often one answer of one question was chosen."""

    node_id: str
    answer_id: str
    count: int


@attrs.frozen
class TreeAnalytics:
    """The SPEC 6 analytics body; nodes and answers sorted by id."""

    started: int
    completed: int
    outcomes: dict[Outcome, int]
    resolution_rate: float | None
    median_duration_seconds: float | None
    nodes: tuple[NodeStats, ...]
    answers: tuple[AnswerCount, ...]


def tree_analytics(tree_id: UUID, walks: Iterable[Walk]) -> TreeAnalytics:
    """The analytics of ``tree_id`` from its walks (others are ignored)."""
    of_tree = [s for s in walks if s.tree_id == tree_id]
    done = [s for s in of_tree if s.status is WalkStatus.COMPLETED]
    outcomes = Counter(s.outcome for s in done)
    visits: Counter[str] = Counter()
    backs: Counter[str] = Counter()
    answers: Counter[tuple[str, str]] = Counter()
    for entry in (entry for walk in of_tree for entry in walk.history):
        arrived = entry.arrived
        if entry.op is not WalkOp.BACK and arrived is not None and arrived.tree_id == tree_id:
            visits[arrived.node_id] += 1
        if entry.node.tree_id != tree_id:
            continue
        if entry.op is WalkOp.BACK:
            backs[entry.node.node_id] += 1
        elif entry.op is WalkOp.ANSWER and entry.answer_id is not None:
            answers[entry.node.node_id, entry.answer_id] += 1
    drops = Counter(
        s.current.node.node_id
        for s in of_tree
        if s.status is WalkStatus.ACTIVE and s.current.node.tree_id == tree_id
    )
    node_ids = sorted({*visits, *drops, *backs})
    return TreeAnalytics(
        started=len(of_tree),
        completed=len(done),
        outcomes={outcome: outcomes[outcome] for outcome in Outcome},
        resolution_rate=outcomes[Outcome.RESOLVED] / len(done) if done else None,
        median_duration_seconds=(
            statistics.median(s.duration_seconds(s.started_at) for s in done) if done else None
        ),
        nodes=tuple(NodeStats(n, visits[n], drops[n], backs[n]) for n in node_ids),
        answers=tuple(AnswerCount(n, a, answers[n, a]) for n, a in sorted(answers)),
    )
