"""The walk's SPEC 7 body, as the entrypoints present a view the core returns."""

from __future__ import annotations

from datetime import timedelta

from adapters.memory import FixedClock
from decision_core.roles import Role
from decision_core.trees.walk_operations import AnswerOp, BackOp, ContinueOp
from decision_core.trees.walks import Outcome
from decision_core.usecases.context import Services
from decision_core.usecases.walks import complete_walk, get_walk, operate_walk, start_walk
from entrypoints.presenters import walk_body
from tests.unit.conftest import SignedInMember
from tests.unit.tree_builders import make_tree


def test_a_question_lists_its_answers_and_an_active_walk_runs_to_its_reading(
    services: Services, clock: FixedClock, team: dict[Role, SignedInMember]
) -> None:
    """The current node as in the document; the duration is up to the view's ``read_at``."""
    tree = make_tree(services, team[Role.ENGINEER]).tree
    walker = team[Role.VIEWER].principal
    walk_id = start_walk(services, walker, tree.id, ticket_ref="T-1").walk.id
    clock.advance(timedelta(seconds=90))
    body = walk_body(get_walk(services, walker, walk_id))
    assert body["current_node"] == {
        "id": "on",
        "kind": "question",
        "text": "Is the printer on?",
        "answers": [{"id": "yes", "label": "Yes"}, {"id": "no", "label": "No"}],
    }
    assert (body["id"], body["tree_id"], body["ticket_ref"]) == (str(walk_id), str(tree.id), "T-1")
    assert (body["status"], body["outcome"], body["completed_at"]) == ("active", None, None)
    assert body["duration_seconds"] == 90.0


def test_a_completed_walk_keeps_its_history_and_writes_times_as_the_api_does(
    services: Services, clock: FixedClock, team: dict[Role, SignedInMember]
) -> None:
    """Optional step fields only when set; undone entries marked; every time in UTC with Z."""
    tree = make_tree(services, team[Role.ENGINEER]).tree
    walker = team[Role.VIEWER].principal
    walk_id = start_walk(services, walker, tree.id).walk.id
    operate_walk(services, walker, walk_id, AnswerOp("no"))
    operate_walk(services, walker, walk_id, BackOp())
    operate_walk(services, walker, walk_id, AnswerOp("yes", note="green light"))
    operate_walk(services, walker, walk_id, ContinueOp())
    clock.advance(timedelta(minutes=2))
    body = walk_body(complete_walk(services, walker, walk_id, Outcome.RESOLVED, "rebooted"))
    assert (body["status"], body["outcome"], body["summary"]) == (
        "completed",
        "resolved",
        "rebooted",
    )
    path = body["path"]
    assert isinstance(path, list)
    first, last = path[0], path[-1]
    assert isinstance(first, dict)
    assert isinstance(last, dict)
    assert (first["answer_id"], first["answer_label"], first["note"]) == (
        "yes",
        "Yes",
        "green light",
    )
    assert {"answer_id", "answer_label", "note"}.isdisjoint(last)
    history = body["history"]
    assert isinstance(history, list)
    entries = [entry for entry in history if isinstance(entry, dict)]
    assert [(e["op"], e["undone"]) for e in entries] == [
        ("start", False),
        ("answer", True),
        ("back", False),
        ("answer", False),
        ("continue", False),
        ("complete", False),
    ]
    assert entries[-1]["outcome"] == "resolved"
    # The same time format as every msgspec-encoded time of the API.
    times = [body["started_at"], body["completed_at"], first["at"], entries[0]["at"]]
    assert all(isinstance(at, str) and at.endswith("Z") for at in times)
    assert body["duration_seconds"] == 120.0
