"""Editing a document step by step, and what the authoring page reads: the tree and its choices."""

from __future__ import annotations

from collections.abc import Callable
from uuid import UUID, uuid4

import attrs
import pytest

from decision_core.errors import Forbidden, NotFound, TreeChangedMeanwhile
from decision_core.json_value import JsonValue
from decision_core.roles import Role
from decision_core.trees import problems as codes
from decision_core.trees.catalogue import TreeStatus
from decision_core.trees.document import Answer, Node, NodeKind, TreeDocument
from decision_core.trees.editing import (
    add_answer,
    add_node,
    lead_to_new_node,
    move_node,
    remove_answer,
    remove_node,
    starter_document,
)
from decision_core.trees.parsing import parse_document
from decision_core.trees.validation import validate
from decision_core.usecases.context import Services
from decision_core.usecases.tree_authoring import TreeChange, delete_tree, update_tree
from decision_core.usecases.tree_catalogue import validate_tree_document
from decision_core.usecases.tree_editing import authoring_choices, tree_to_edit
from tests.unit.conftest import SignedInMember
from tests.unit.tree_builders import broken_document, make_tree, printer_document


def printer() -> TreeDocument:
    """The shared printer document, read."""
    document = parse_document(printer_document())
    assert isinstance(document, TreeDocument)
    return document


def ids(document: TreeDocument) -> list[str]:
    """The node ids in document order."""
    return [node.id for node in document.nodes]


def test_a_new_tree_starts_with_one_question_to_write() -> None:
    """The starter is readable and its problems tell the author what to do first."""
    document = starter_document()
    assert ids(document) == ["start"]
    assert document.start == "start"
    found = {p.code for p in validate(document, set())}
    assert found == {codes.QUESTION_WITHOUT_ANSWERS, codes.EMPTY_TEXT, codes.TRAP}


def test_a_new_node_takes_the_first_free_id_at_the_end_or_after_a_node() -> None:
    """``n1`` is free in the printer tree; after ``n1`` exists the next one is ``n2``."""
    document, position = add_node(printer(), NodeKind.SOLUTION)
    assert (ids(document), position) == (["on", "reboot", "fixed", "power", "n1"], 4)
    assert document.nodes[4] == Node("n1", NodeKind.SOLUTION)
    document, position = add_node(document, NodeKind.ACTION, after=0)
    assert (ids(document), position) == (["on", "n2", "reboot", "fixed", "power", "n1"], 1)


def test_removing_a_node_leaves_the_edges_to_it_for_validation_to_name() -> None:
    """``on`` still answers "yes" with ``reboot``, which is now missing."""
    document = remove_node(printer(), 1)
    assert ids(document) == ["on", "fixed", "power"]
    missing = [p for p in validate(document, set()) if p.code == codes.EDGE_TO_MISSING_NODE]
    assert [(p.node_id, p.message) for p in missing] == [("on", "leads to missing node 'reboot'")]


def test_moving_a_node_stops_at_either_end() -> None:
    """Up, down and too far: the node lands where it can and says where."""
    assert move_node(printer(), 2, -1) == (
        TreeDocument("on", tuple(printer().nodes[i] for i in (0, 2, 1, 3))),
        1,
    )
    document, position = move_node(printer(), 0, 1)
    assert (ids(document), position) == (["reboot", "on", "fixed", "power"], 1)
    assert move_node(printer(), 0, -1) == (printer(), 0)
    assert move_node(printer(), 3, 5) == (printer(), 3)


def test_answers_are_added_with_a_free_id_and_removed_by_position() -> None:
    """``a1`` is free among "yes" and "no"; removing "yes" keeps "no"."""
    document, answer = add_answer(printer(), 0)
    assert answer == 2
    assert document.nodes[0].answers[2] == Answer("a1", "")
    document = remove_answer(document, 0, 0)
    assert [a.id for a in document.nodes[0].answers] == ["no", "a1"]


def test_an_answer_or_an_action_leads_to_a_new_node_right_after_it() -> None:
    """The new node follows its source, and the source's edge names it."""
    document, position = lead_to_new_node(printer(), 0, 1, NodeKind.QUESTION)
    assert (ids(document), position) == (["on", "n1", "reboot", "fixed", "power"], 1)
    assert document.nodes[0].answers[1] == Answer("no", "No", "n1")
    assert document.nodes[1].kind is NodeKind.QUESTION
    document, position = lead_to_new_node(document, 2, None, NodeKind.SOLUTION)
    assert (document.nodes[2].next, document.nodes[3].id, position) == ("n2", "n2", 3)


DocumentEdit = Callable[[TreeDocument], object]


@pytest.mark.parametrize(
    "edit",
    [
        pytest.param(lambda d: add_node(d, NodeKind.ACTION, after=4), id="add after"),
        pytest.param(lambda d: remove_node(d, -1), id="remove"),
        pytest.param(lambda d: move_node(d, 4, 1), id="move"),
        pytest.param(lambda d: add_answer(d, 9), id="add answer"),
        pytest.param(lambda d: remove_answer(d, 0, 2), id="remove answer"),
        pytest.param(lambda d: lead_to_new_node(d, 0, 5, NodeKind.QUESTION), id="lead"),
    ],
)
def test_a_position_the_document_does_not_have_is_not_found(edit: DocumentEdit) -> None:
    """A stale or forged position changes nothing and says so."""
    with pytest.raises(NotFound):
        edit(printer())


def test_an_engineer_opens_a_tree_to_edit_with_its_problems(
    services: Services, team: dict[Role, SignedInMember]
) -> None:
    """Drafts included; a viewer may not; a deleted tree is gone."""
    engineer = team[Role.ENGINEER]
    draft = make_draft(services, engineer, {"start": "a", "nodes": [{"id": "a", "kind": "action"}]})
    opened = tree_to_edit(services, engineer.principal, draft)
    assert opened.tree.id == draft
    assert codes.ACTION_WITHOUT_NEXT in {p.code for p in opened.problems}
    with pytest.raises(Forbidden):
        tree_to_edit(services, team[Role.VIEWER].principal, draft)
    delete_tree(services, team[Role.ADMIN].principal, draft)
    with pytest.raises(NotFound):
        tree_to_edit(services, engineer.principal, draft)


def test_the_choices_are_categories_and_other_published_trees_by_title(
    services: Services, team: dict[Role, SignedInMember]
) -> None:
    """A draft is no link target, nor is the tree being edited."""
    engineer = team[Role.ENGINEER]
    zebra = make_published(services, engineer, "zebra printers", "Printing")
    alpha = make_published(services, engineer, "Alpha VPN", "Network")
    make_draft(services, engineer, printer_document(), title="Draft")
    choices = authoring_choices(services, engineer.principal)
    assert choices.categories == ("Network", "Printing")
    assert [t.id for t in choices.link_targets] == [alpha, zebra]
    assert [t.id for t in authoring_choices(services, engineer.principal, alpha).link_targets] == [
        zebra
    ]
    with pytest.raises(Forbidden):
        authoring_choices(services, team[Role.VIEWER].principal)


def test_a_live_check_of_a_tree_refuses_a_link_to_itself_as_its_save_would(
    services: Services, team: dict[Role, SignedInMember]
) -> None:
    """Checked as tree ``T``, a link to ``T`` is an error; as a new tree it is fine."""
    engineer = team[Role.ENGINEER]
    tree = make_published(services, engineer, "Power", None)
    linking = printer_document(link_to=tree)
    assert validate_tree_document(services, engineer.principal, linking) == ()
    problems = validate_tree_document(services, engineer.principal, linking, tree_id=tree)
    assert [p.code for p in problems] == [codes.LINK_TO_UNKNOWN_TREE]
    assert validate_tree_document(services, engineer.principal, linking, tree_id=uuid4()) == ()


def make_draft(
    services: Services, author: SignedInMember, document: JsonValue, *, title: str = "Stuck"
) -> UUID:
    """A draft tree's id."""
    draft = make_tree(services, author, title=title, status=TreeStatus.DRAFT, document=document)
    return draft.tree.id


def make_published(
    services: Services, author: SignedInMember, title: str, category: str | None
) -> UUID:
    """A published printer tree's id."""
    return make_tree(services, author, title=title, category=category).tree.id


def test_a_change_made_from_an_older_version_replaces_nothing(
    services: Services, team: dict[Role, SignedInMember]
) -> None:
    """Two authors edit version 1; the second save is refused until made from version 2."""
    engineer = team[Role.ENGINEER]
    tree = make_draft(services, engineer, printer_document())
    first = TreeChange(title="First", expected_version=1, document=broken_document())
    assert update_tree(services, engineer.principal, tree, first).tree.version == 2
    second = TreeChange(title="Second", expected_version=1)
    with pytest.raises(TreeChangedMeanwhile) as raised:
        update_tree(services, team[Role.OWNER].principal, tree, second)
    assert raised.value.version == 2
    assert tree_to_edit(services, engineer.principal, tree).tree.title == "First"
    retry = attrs.evolve(second, expected_version=2)
    assert update_tree(services, team[Role.OWNER].principal, tree, retry).tree.title == "Second"
