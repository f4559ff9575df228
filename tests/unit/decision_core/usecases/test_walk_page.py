"""A change names the moment of the walk it was meant for; the walk page reads a walk whole."""

from __future__ import annotations

from uuid import uuid4

import pytest

from decision_core.errors import NotFound, WalkCompleted, WalkMovedOn
from decision_core.roles import Role
from decision_core.trees.catalogue import TreeStatus
from decision_core.trees.document import Node, NodeKind
from decision_core.trees.walk_operations import AnswerOp, BackOp, ContinueOp, NotesOp
from decision_core.trees.walks import Outcome, WalkOp, WalkStatus, suggested_outcome
from decision_core.usecases.context import Services
from decision_core.usecases.tree_authoring import TreeChange, update_tree
from decision_core.usecases.walk_access import may_see_account_walks
from decision_core.usecases.walk_page import finish_walk, show_walk, step_walk
from decision_core.usecases.walks import (
    complete_walk,
    get_walk,
    operate_walk,
    start_walk,
)
from tests.unit.conftest import SignedInMember
from tests.unit.decision_core.usecases.test_walks import linked_trees
from tests.unit.tree_builders import make_tree


def test_moves_count_the_start_answers_continues_and_backs_but_not_notes(
    services: Services, team: dict[Role, SignedInMember]
) -> None:
    """Each move adds one; notes and completion add none."""
    tree = make_tree(services, team[Role.ENGINEER]).tree
    walker = team[Role.VIEWER].principal
    walk = start_walk(services, walker, tree.id).walk
    assert walk.moves == 1
    moves = [
        operate_walk(services, walker, walk.id, op).walk.moves
        for op in (AnswerOp("yes"), NotesOp("called"), BackOp(), AnswerOp("yes"), ContinueOp())
    ]
    assert moves == [2, 2, 3, 4, 5]
    assert complete_walk(services, walker, walk.id, Outcome.RESOLVED).walk.moves == 5


def test_a_step_sent_again_changes_nothing(
    services: Services, team: dict[Role, SignedInMember]
) -> None:
    """The same answer for the same moment applies once; the second says how far the walk is."""
    tree = make_tree(services, team[Role.ENGINEER]).tree
    walker = team[Role.VIEWER].principal
    walk = start_walk(services, walker, tree.id).walk
    operate_walk(services, walker, walk.id, AnswerOp("yes", note="on"), expected_moves=1)
    before = get_walk(services, walker, walk.id)
    with pytest.raises(WalkMovedOn) as refused:
        operate_walk(services, walker, walk.id, AnswerOp("yes", note="on"), expected_moves=1)
    assert (refused.value.expected, refused.value.actual) == (1, 2)
    assert refused.value.code == "walk_moved_on"
    assert get_walk(services, walker, walk.id) == before


def test_a_step_of_a_later_moment_is_stale_too(
    services: Services, team: dict[Role, SignedInMember]
) -> None:
    """Not only older forms: any moment but the walk's own is refused, back included."""
    tree = make_tree(services, team[Role.ENGINEER]).tree
    walker = team[Role.VIEWER].principal
    walk = start_walk(services, walker, tree.id).walk
    operate_walk(services, walker, walk.id, AnswerOp("no"), expected_moves=1)
    with pytest.raises(WalkMovedOn):
        operate_walk(services, walker, walk.id, BackOp(), expected_moves=3)
    back = operate_walk(services, walker, walk.id, BackOp(), expected_moves=2).walk
    assert back.current.node.node_id == "on"


def test_notes_keep_a_step_form_fresh(services: Services, team: dict[Role, SignedInMember]) -> None:
    """Saving notes between showing the answers and choosing one leaves the choice valid."""
    tree = make_tree(services, team[Role.ENGINEER]).tree
    walker = team[Role.VIEWER].principal
    walk = start_walk(services, walker, tree.id).walk
    operate_walk(services, walker, walk.id, NotesOp("user on the phone"), expected_moves=1)
    moved = operate_walk(services, walker, walk.id, AnswerOp("yes"), expected_moves=1)
    assert moved.walk.current.node.node_id == "reboot"


def test_completing_names_its_moment_and_a_completed_walk_says_so_first(
    services: Services, team: dict[Role, SignedInMember]
) -> None:
    """A stale completion changes nothing; after completion every change is WalkCompleted."""
    tree = make_tree(services, team[Role.ENGINEER]).tree
    walker = team[Role.VIEWER].principal
    walk = start_walk(services, walker, tree.id).walk
    operate_walk(services, walker, walk.id, AnswerOp("yes"))
    with pytest.raises(WalkMovedOn):
        complete_walk(services, walker, walk.id, Outcome.RESOLVED, expected_moves=1)
    assert get_walk(services, walker, walk.id).walk.status is WalkStatus.ACTIVE
    complete_walk(services, walker, walk.id, Outcome.RESOLVED, expected_moves=2)
    with pytest.raises(WalkCompleted):
        complete_walk(services, walker, walk.id, Outcome.RESOLVED, expected_moves=2)
    with pytest.raises(WalkCompleted):
        operate_walk(services, walker, walk.id, ContinueOp(), expected_moves=1)


def test_the_walk_page_reads_the_node_the_walk_stands_on(
    services: Services, team: dict[Role, SignedInMember]
) -> None:
    """Start to a link, through it and back: the node, the link's tree and the titles."""
    power, printer = linked_trees(services, team[Role.ENGINEER])
    walker = team[Role.VIEWER].principal
    walk = start_walk(services, walker, printer.id).walk
    start = show_walk(services, walker, walk.id)
    assert (start.node.id, start.node.kind, start.link, start.may_walk) == (
        "on",
        NodeKind.QUESTION,
        None,
        True,
    )
    assert start.tree_titles == {printer.id: printer.title}
    at_link = step_walk(services, walker, walk.id, AnswerOp("no"), expected_moves=1)
    assert (at_link.node.kind, at_link.link) == (NodeKind.LINK, power)
    inside = step_walk(services, walker, walk.id, ContinueOp(), expected_moves=2)
    assert (inside.node.id, inside.walk.current.node.tree_id) == ("on", power.id)
    assert inside.title_of(power.id) == "Power"
    assert inside.title_of(printer.id) == printer.title
    back = step_walk(services, walker, walk.id, BackOp(), expected_moves=3)
    assert (back.node.id, back.link) == ("power", power)
    assert back.tree_titles == {printer.id: printer.title}


def test_a_link_to_a_tree_no_longer_published_leads_nowhere(
    services: Services, team: dict[Role, SignedInMember]
) -> None:
    """The page learns that the link cannot be followed before anyone tries."""
    power, printer = linked_trees(services, team[Role.ENGINEER])
    walker = team[Role.VIEWER].principal
    walk = start_walk(services, walker, printer.id).walk
    step_walk(services, walker, walk.id, AnswerOp("no"), expected_moves=None)
    change = TreeChange(status=TreeStatus.DRAFT)
    update_tree(services, team[Role.ENGINEER].principal, power.id, change)
    view = show_walk(services, walker, walk.id)
    assert (view.node.kind, view.link) == (NodeKind.LINK, None)


def test_only_the_walker_may_walk_and_only_until_completion(
    services: Services, team: dict[Role, SignedInMember]
) -> None:
    """An admin reads a member's walk but may not walk it; nobody walks a completed one."""
    tree = make_tree(services, team[Role.ENGINEER]).tree
    walker, admin = team[Role.VIEWER].principal, team[Role.ADMIN].principal
    walk = start_walk(services, walker, tree.id).walk
    assert not show_walk(services, admin, walk.id).may_walk
    with pytest.raises(NotFound):
        show_walk(services, team[Role.ENGINEER].principal, walk.id)
    with pytest.raises(NotFound):
        step_walk(services, admin, walk.id, AnswerOp("yes"), expected_moves=1)
    done = finish_walk(services, walker, walk.id, Outcome.WORKAROUND, "cable", expected_moves=1)
    assert (done.walk.status, done.walk.summary, done.may_walk) == (
        WalkStatus.COMPLETED,
        "cable",
        False,
    )
    with pytest.raises(NotFound):
        show_walk(services, walker, uuid4())


@pytest.mark.parametrize(
    ("role", "sees"),
    [(Role.OWNER, True), (Role.ADMIN, True), (Role.ENGINEER, False), (Role.VIEWER, False)],
)
def test_owners_and_admins_see_the_account_walks(role: Role, *, sees: bool) -> None:
    """The rule the walks page asks before offering the account's walks."""
    assert may_see_account_walks(role) is sees


@pytest.mark.parametrize(
    ("kind", "outcome"),
    [
        (NodeKind.SOLUTION, Outcome.RESOLVED),
        (NodeKind.ESCALATION, Outcome.ESCALATED),
        (NodeKind.QUESTION, None),
        (NodeKind.ACTION, None),
        (NodeKind.LINK, None),
    ],
)
def test_a_terminal_node_suggests_its_outcome(kind: NodeKind, outcome: Outcome | None) -> None:
    """The completion form offers first what the node the walk ends on says."""
    assert suggested_outcome(Node("n", kind, "text")) is outcome


def test_only_a_walk_past_its_start_can_undo(
    services: Services, team: dict[Role, SignedInMember]
) -> None:
    """The page offers Back exactly when ``back`` has a step to undo."""
    tree = make_tree(services, team[Role.ENGINEER]).tree
    walker = team[Role.VIEWER].principal
    walk = start_walk(services, walker, tree.id).walk
    assert not walk.can_undo
    assert operate_walk(services, walker, walk.id, AnswerOp("yes")).walk.can_undo


def test_completing_keeps_notes_typed_but_not_saved(
    services: Services, team: dict[Role, SignedInMember]
) -> None:
    """New notes are recorded before the completion; the same notes add nothing."""
    tree = make_tree(services, team[Role.ENGINEER]).tree
    walker = team[Role.VIEWER].principal
    first = start_walk(services, walker, tree.id).walk
    done = finish_walk(
        services, walker, first.id, Outcome.RESOLVED, None, expected_moves=1, notes="rebooted"
    ).walk
    assert done.notes == "rebooted"
    assert [entry.op for entry in done.history] == [WalkOp.START, WalkOp.NOTES, WalkOp.COMPLETE]
    second = start_walk(services, walker, tree.id).walk
    operate_walk(services, walker, second.id, NotesOp("same"))
    again = finish_walk(
        services, walker, second.id, Outcome.RESOLVED, None, expected_moves=1, notes="same"
    ).walk
    assert [entry.op for entry in again.history][-2:] == [WalkOp.NOTES, WalkOp.COMPLETE]
    assert len(again.history) == 3
