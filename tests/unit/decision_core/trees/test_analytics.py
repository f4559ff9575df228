"""Tree analytics over a hand-built set of walks."""

from __future__ import annotations

from datetime import timedelta

import pytest

from adapters.memory import FixedClock
from decision_core.errors import Forbidden
from decision_core.roles import Role
from decision_core.trees.walk_operations import AnswerOp, BackOp, ContinueOp
from decision_core.trees.walks import Outcome
from decision_core.usecases.context import Services
from decision_core.usecases.tree_catalogue import get_tree_analytics
from decision_core.usecases.walks import complete_walk, operate_walk, start_walk
from tests.unit.conftest import SignedInMember
from tests.unit.tree_builders import make_tree, printer_document


def test_analytics_count_walks_outcomes_nodes_and_answers(
    services: Services, clock: FixedClock, team: dict[Role, SignedInMember]
) -> None:
    """Three walks: resolved in 60 s, escalated in 120 s, abandoned after a back step."""
    engineer = team[Role.ENGINEER]
    power = make_tree(services, engineer, title="Power").tree
    tree = make_tree(services, engineer, document=printer_document(power.id)).tree
    walker = team[Role.VIEWER].principal

    first = start_walk(services, walker, tree.id).walk
    operate_walk(services, walker, first.id, AnswerOp("yes"))
    operate_walk(services, walker, first.id, ContinueOp())
    clock.advance(timedelta(seconds=60))
    complete_walk(services, walker, first.id, Outcome.RESOLVED)

    second = start_walk(services, walker, tree.id).walk
    operate_walk(services, walker, second.id, AnswerOp("no"))
    operate_walk(services, walker, second.id, ContinueOp())  # into the power tree
    clock.advance(timedelta(seconds=120))
    complete_walk(services, walker, second.id, Outcome.ESCALATED)

    third = start_walk(services, walker, tree.id).walk
    operate_walk(services, walker, third.id, AnswerOp("yes"))
    operate_walk(services, walker, third.id, BackOp())

    stats = get_tree_analytics(services, engineer.principal, tree.id)
    assert (stats.started, stats.completed) == (3, 2)
    assert stats.outcomes == {
        Outcome.RESOLVED: 1,
        Outcome.WORKAROUND: 0,
        Outcome.ESCALATED: 1,
        Outcome.UNRESOLVED: 0,
    }
    assert stats.resolution_rate == 0.5
    assert stats.median_duration_seconds == 90.0
    nodes = {n.node_id: (n.visits, n.drop_offs, n.back_steps) for n in stats.nodes}
    assert nodes == {"on": (3, 1, 0), "reboot": (2, 0, 1), "fixed": (1, 0, 0), "power": (1, 0, 0)}
    assert [(a.node_id, a.answer_id, a.count) for a in stats.answers] == [
        ("on", "no", 1),
        ("on", "yes", 2),
    ]
    empty = get_tree_analytics(services, engineer.principal, power.id)
    assert (empty.started, empty.resolution_rate, empty.median_duration_seconds) == (0, None, None)
    with pytest.raises(Forbidden):
        get_tree_analytics(services, walker, tree.id)
