"""Every save and every read of a tree tells the author its document's problems."""

from __future__ import annotations

from uuid import UUID

from decision_core.json_value import JsonValue
from decision_core.roles import Role
from decision_core.trees import problems as codes
from decision_core.trees.catalogue import TreeStatus
from decision_core.trees.problems import Problem
from decision_core.usecases.context import Services
from decision_core.usecases.tree_authoring import (
    TreeChange,
    TreeWithProblems,
    delete_tree,
    update_tree,
)
from decision_core.usecases.tree_catalogue import get_tree, validate_tree_document
from tests.unit.conftest import SignedInMember
from tests.unit.tree_builders import broken_document, make_tree, printer_document


def codes_of(problems: tuple[Problem, ...]) -> list[tuple[str, str | None]]:
    """Each problem's code and node."""
    return [(p.code, p.node_id) for p in problems]


def read_problems(services: Services, author: SignedInMember, tree_id: UUID) -> tuple[Problem, ...]:
    """The problems an author's read of the tree lists."""
    read = get_tree(services, author.principal, tree_id)
    assert isinstance(read, TreeWithProblems)
    return read.problems


def test_saving_a_draft_returns_its_errors_and_a_clean_tree_none(
    services: Services, team: dict[Role, SignedInMember]
) -> None:
    """Create, change, an unchanged save and a read all answer with the same problems."""
    engineer = team[Role.ENGINEER]
    assert make_tree(services, engineer).problems == ()
    draft = make_tree(services, engineer, status=TreeStatus.DRAFT, document=broken_document())
    expected = [(codes.ACTION_WITHOUT_NEXT, "a"), (codes.TRAP, "a")]
    assert codes_of(draft.problems) == expected
    tree_id = draft.tree.id
    renamed = update_tree(services, engineer.principal, tree_id, TreeChange(title="Renamed"))
    assert codes_of(renamed.problems) == expected
    unchanged = update_tree(services, engineer.principal, tree_id, TreeChange(title="Renamed"))
    assert codes_of(unchanged.problems) == expected
    assert codes_of(read_problems(services, engineer, tree_id)) == expected
    fixed = update_tree(
        services, engineer.principal, tree_id, TreeChange(document=printer_document())
    )
    assert (fixed.tree.version, fixed.problems) == (2, ())


def test_warnings_come_with_a_save_that_has_no_error(
    services: Services, team: dict[Role, SignedInMember]
) -> None:
    """A published tree may have warnings; the author sees them."""
    document: JsonValue = {
        "start": "q",
        "nodes": [
            {"id": "q", "kind": "question", "text": "Sure?", "answers": [
                {"id": "y", "label": "Yes", "next": "s"}]},
            {"id": "s", "kind": "solution", "text": ""},
        ],
    }  # fmt: skip
    view = make_tree(services, team[Role.ENGINEER], document=document)
    assert view.tree.status is TreeStatus.PUBLISHED
    assert codes_of(view.problems) == [(codes.SINGLE_ANSWER, "q"), (codes.EMPTY_TEXT, "s")]


def test_links_are_checked_as_they_stand_at_each_read(
    services: Services, team: dict[Role, SignedInMember]
) -> None:
    """A published tree whose link target is deleted later shows the broken link."""
    engineer, admin = team[Role.ENGINEER], team[Role.ADMIN]
    target = make_tree(services, engineer, title="Power")
    linking = make_tree(services, engineer, document=printer_document(target.tree.id))
    assert linking.problems == ()
    delete_tree(services, admin.principal, target.tree.id)
    read = read_problems(services, engineer, linking.tree.id)
    assert codes_of(read) == [(codes.LINK_TO_UNKNOWN_TREE, "power")]
    # A metadata change does not re-validate a published tree, but shows what is wrong.
    renamed = update_tree(services, engineer.principal, linking.tree.id, TreeChange(title="New"))
    assert codes_of(renamed.problems) == [(codes.LINK_TO_UNKNOWN_TREE, "power")]


def test_a_tree_may_not_link_to_itself(
    services: Services, team: dict[Role, SignedInMember]
) -> None:
    """Its own id is never linkable, even once it is published."""
    engineer = team[Role.ENGINEER]
    view = make_tree(services, engineer)
    linked = update_tree(
        services,
        engineer.principal,
        view.tree.id,
        TreeChange(status=TreeStatus.DRAFT, document=printer_document(view.tree.id)),
    )
    assert codes_of(linked.problems) == [(codes.LINK_TO_UNKNOWN_TREE, "power")]


def test_a_viewers_read_skips_the_problems(
    services: Services, team: dict[Role, SignedInMember]
) -> None:
    """Viewers cannot act on them; the walkers' reads stay as cheap as before."""
    view = make_tree(services, team[Role.ENGINEER])
    read = get_tree(services, team[Role.VIEWER].principal, view.tree.id)
    assert not isinstance(read, TreeWithProblems)
    assert (read.tree, read.version) == (view.tree, view.version)


def test_validating_unreadable_data_lists_what_cannot_be_read(
    services: Services, team: dict[Role, SignedInMember]
) -> None:
    """Shape problems come first and alone: there is no graph to check."""
    problems = validate_tree_document(services, team[Role.ENGINEER].principal, {"nodes": 3})
    assert problems
    assert {p.code for p in problems} == {codes.MALFORMED}


def test_a_problem_as_data_names_its_severity_code_node_and_message() -> None:
    """The CLI prints problems as plain JSON, with the severity as its word."""
    found = codes.error(codes.TRAP, "no way out of n2", "n2")
    assert codes.problem_data(found) == {
        "severity": "error",
        "code": "trap",
        "node_id": "n2",
        "message": "no way out of n2",
    }
    assert codes.problem_data(codes.warning(codes.EMPTY_TEXT, "empty"))["node_id"] is None
