"""Walks: every operation, its errors, who may see what, and exports."""

from __future__ import annotations

from datetime import timedelta
from uuid import uuid4

import pytest

from adapters.memory import FixedClock, MemoryStore
from decision_core.errors import (
    AnswerNotOnNode,
    Forbidden,
    NotFound,
    NothingToUndo,
    OperationNotOnNode,
    TreeNotPublished,
    WalkCompleted,
)
from decision_core.roles import Role
from decision_core.trees.catalogue import Tree, TreeStatus
from decision_core.trees.document import NodeKind
from decision_core.trees.walk_listing import WalkPage
from decision_core.trees.walk_operations import AnswerOp, BackOp, ContinueOp, NotesOp
from decision_core.trees.walks import Outcome, WalkOp, WalkStatus
from decision_core.usecases.context import Services
from decision_core.usecases.tree_authoring import TreeChange, delete_tree, update_tree
from decision_core.usecases.walks import (
    WalkExportFormat,
    WalkScope,
    complete_walk,
    export_walk,
    get_walk,
    list_walks,
    operate_walk,
    start_walk,
)
from tests.unit.conftest import SignedInMember
from tests.unit.tree_builders import make_tree, printer_document


def test_a_viewer_walks_a_published_tree_to_a_solution(
    services: Services, clock: FixedClock, team: dict[Role, SignedInMember]
) -> None:
    """Answer, continue and complete; the path records answers and notes."""
    tree = make_tree(services, team[Role.ENGINEER]).tree
    viewer = team[Role.VIEWER].principal
    walk = start_walk(services, viewer, tree.id, ticket_ref="T-1").walk
    assert (walk.current.node.node_id, walk.tree_version) == ("on", 1)
    clock.advance(timedelta(minutes=1))
    operate_walk(services, viewer, walk.id, AnswerOp("yes", note="green light"))
    walk = operate_walk(services, viewer, walk.id, ContinueOp()).walk
    assert [s.node.node_id for s in walk.path] == ["on", "reboot", "fixed"]
    assert (walk.path[0].answer_label, walk.path[0].note) == ("Yes", "green light")
    clock.advance(timedelta(minutes=2))
    done = complete_walk(services, viewer, walk.id, Outcome.RESOLVED, "rebooted").walk
    assert (done.status, done.outcome, done.duration_seconds(clock.now())) == (
        WalkStatus.COMPLETED,
        Outcome.RESOLVED,
        180.0,
    )
    read = get_walk(services, viewer, walk.id)
    node = read.current_node
    assert (node.id, node.kind, node.text) == ("fixed", NodeKind.SOLUTION, "Printing again")
    assert read.walk.path[0].answer_id == "yes"
    assert [e.op for e in read.walk.history] == [
        WalkOp.START,
        WalkOp.ANSWER,
        WalkOp.CONTINUE,
        WalkOp.COMPLETE,
    ]


def test_back_undoes_the_last_step_and_history_keeps_it(
    services: Services, team: dict[Role, SignedInMember]
) -> None:
    """After back the walk is where it was; the undone answer stays in history, marked."""
    tree = make_tree(services, team[Role.ENGINEER]).tree
    walker = team[Role.VIEWER].principal
    started = start_walk(services, walker, tree.id).walk
    operate_walk(services, walker, started.id, AnswerOp("no", note="dark"))
    back = operate_walk(services, walker, started.id, BackOp()).walk
    assert back.path == started.path
    assert [(e.op, e.undone) for e in back.history] == [
        (WalkOp.START, False),
        (WalkOp.ANSWER, True),
        (WalkOp.BACK, False),
    ]
    with pytest.raises(NothingToUndo):
        operate_walk(services, walker, started.id, BackOp())
    notes = operate_walk(services, walker, started.id, NotesOp("called user")).walk
    assert notes.notes == "called user"


def test_operations_that_do_not_fit_the_node_are_refused(
    services: Services, team: dict[Role, SignedInMember]
) -> None:
    """A foreign answer, continue at a question, answer at an action: all 422s."""
    tree = make_tree(services, team[Role.ENGINEER]).tree
    walker = team[Role.VIEWER].principal
    walk = start_walk(services, walker, tree.id).walk
    with pytest.raises(AnswerNotOnNode):
        operate_walk(services, walker, walk.id, AnswerOp("maybe"))
    with pytest.raises(OperationNotOnNode):
        operate_walk(services, walker, walk.id, ContinueOp())
    operate_walk(services, walker, walk.id, AnswerOp("yes"))
    with pytest.raises(AnswerNotOnNode):
        operate_walk(services, walker, walk.id, AnswerOp("yes"))


def test_a_completed_session_never_changes(
    services: Services, team: dict[Role, SignedInMember]
) -> None:
    """Every operation, and a second completion, is WalkCompleted."""
    tree = make_tree(services, team[Role.ENGINEER]).tree
    walker = team[Role.VIEWER].principal
    walk = start_walk(services, walker, tree.id).walk
    complete_walk(services, walker, walk.id, Outcome.UNRESOLVED)
    for operation in (AnswerOp("yes"), ContinueOp(), BackOp(), NotesOp("x")):
        with pytest.raises(WalkCompleted):
            operate_walk(services, walker, walk.id, operation)
    with pytest.raises(WalkCompleted):
        complete_walk(services, walker, walk.id, Outcome.RESOLVED)


def linked_trees(services: Services, engineer: SignedInMember) -> tuple[Tree, Tree]:
    """A published "Power" tree, and the printer tree whose link leads into it."""
    power = make_tree(services, engineer, title="Power").tree
    printer = make_tree(services, engineer, document=printer_document(power.id)).tree
    return power, printer


def test_a_link_continues_at_the_start_of_the_linked_tree(
    services: Services, team: dict[Role, SignedInMember]
) -> None:
    """The path spans both trees; an unpublished target stops the walk with 409."""
    engineer = team[Role.ENGINEER]
    power, printer = linked_trees(services, engineer)
    walker = team[Role.VIEWER].principal
    walk = start_walk(services, walker, printer.id).walk
    operate_walk(services, walker, walk.id, AnswerOp("no"))
    crossed = operate_walk(services, walker, walk.id, ContinueOp(note="into power")).walk
    assert (crossed.current.node.tree_id, crossed.current.node.node_id) == (power.id, "on")
    back = operate_walk(services, walker, walk.id, BackOp()).walk
    assert back.current.node.tree_id == printer.id
    update_tree(services, engineer.principal, power.id, TreeChange(status=TreeStatus.DRAFT))
    with pytest.raises(TreeNotPublished):
        operate_walk(services, walker, walk.id, ContinueOp())


def test_every_change_answers_the_view_a_read_would_give(
    services: Services, team: dict[Role, SignedInMember]
) -> None:
    """Start, a step, crossing a link and back across it, completion: view == GET's view."""
    _, printer = linked_trees(services, team[Role.ENGINEER])
    walker = team[Role.VIEWER].principal
    started = start_walk(services, walker, printer.id)
    walk_id = started.walk.id
    assert started == get_walk(services, walker, walk_id)
    current_nodes = []
    for operation in (AnswerOp("no"), ContinueOp(), BackOp(), ContinueOp()):
        view = operate_walk(services, walker, walk_id, operation)
        assert view == get_walk(services, walker, walk_id)
        assert view.current_node.id == view.walk.current.node.node_id
        current_nodes.append(view.current_node.id)
    assert current_nodes[1:3] == ["on", current_nodes[0]]
    done = complete_walk(services, walker, walk_id, Outcome.RESOLVED)
    assert done == get_walk(services, walker, walk_id)
    assert done.walk.status is WalkStatus.COMPLETED


def test_only_published_trees_can_be_walked(
    services: Services, team: dict[Role, SignedInMember]
) -> None:
    """An engineer's draft is 409; a viewer cannot even see it."""
    draft = make_tree(services, team[Role.ENGINEER], status=TreeStatus.DRAFT).tree
    with pytest.raises(TreeNotPublished):
        start_walk(services, team[Role.ENGINEER].principal, draft.id)
    with pytest.raises(NotFound):
        start_walk(services, team[Role.VIEWER].principal, draft.id)


def test_who_sees_which_session(services: Services, team: dict[Role, SignedInMember]) -> None:
    """Walkers see their own; admins read all of the account but change none; others 404."""
    tree = make_tree(services, team[Role.ENGINEER]).tree
    viewer, engineer, admin = (team[r].principal for r in (Role.VIEWER, Role.ENGINEER, Role.ADMIN))
    mine = start_walk(services, viewer, tree.id).walk
    theirs = start_walk(services, engineer, tree.id).walk
    assert [s.id for s in list_walks(services, viewer).items] == [mine.id]
    everyone = list_walks(services, admin, scope=WalkScope.ACCOUNT, status=WalkStatus.ACTIVE)
    assert {s.id for s in everyone.items} == {mine.id, theirs.id}
    assert everyone.total == 2
    assert list_walks(services, admin, tree_id=tree.id) == WalkPage((), 0)
    with pytest.raises(Forbidden):
        list_walks(services, viewer, scope=WalkScope.ACCOUNT)
    assert get_walk(services, admin, mine.id).walk == mine
    with pytest.raises(NotFound):
        get_walk(services, engineer, mine.id)
    with pytest.raises(NotFound):
        operate_walk(services, admin, mine.id, NotesOp("x"))
    with pytest.raises(NotFound):
        get_walk(services, admin, uuid4())


def test_listing_sessions_pages_newest_first_with_the_total(
    services: Services, clock: FixedClock, team: dict[Role, SignedInMember]
) -> None:
    """Limit and offset cut the page; ``total`` counts every match, filters included."""
    tree = make_tree(services, team[Role.ENGINEER]).tree
    viewer = team[Role.VIEWER].principal
    started = []
    for _ in range(5):
        started.append(start_walk(services, viewer, tree.id).walk)
        clock.advance(timedelta(seconds=1))
    complete_walk(services, viewer, started[0].id, Outcome.RESOLVED)
    newest_first = [s.id for s in reversed(started)]
    page = list_walks(services, viewer, limit=2, offset=1)
    assert ([s.id for s in page.items], page.total) == (newest_first[1:3], 5)
    active = list_walks(services, viewer, status=WalkStatus.ACTIVE, limit=3, offset=3)
    assert ([s.id for s in active.items], active.total) == (newest_first[3:4], 4)
    assert list_walks(services, viewer, offset=5) == WalkPage((), 5)


def test_sessions_of_a_deleted_tree_stay_readable(
    services: Services, team: dict[Role, SignedInMember]
) -> None:
    """Versions outlive a soft delete, so the walk can still be read and finished."""
    tree = make_tree(services, team[Role.ENGINEER]).tree
    walker = team[Role.VIEWER].principal
    walk = start_walk(services, walker, tree.id).walk
    delete_tree(services, team[Role.ADMIN].principal, tree.id)
    assert get_walk(services, walker, walk.id).walk.tree_title == "Printer won't print"
    operate_walk(services, walker, walk.id, AnswerOp("yes"))


def test_exports_escape_what_engineers_typed(
    services: Services, team: dict[Role, SignedInMember]
) -> None:
    """HTML escapes a script tag; Markdown and text carry every part of the walk."""
    tree = make_tree(services, team[Role.ENGINEER]).tree
    walker = team[Role.VIEWER].principal
    walk = start_walk(services, walker, tree.id, ticket_ref="INC-42").walk
    operate_walk(services, walker, walk.id, AnswerOp("yes", note="<script>alert(1)</script>"))
    operate_walk(services, walker, walk.id, NotesOp("user *was* cross"))
    complete_walk(services, walker, walk.id, Outcome.WORKAROUND, "used [USB]")
    html = export_walk(services, walker, walk.id, WalkExportFormat.HTML)
    assert "<script>" not in str(html)
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in str(html)
    markdown = str(export_walk(services, walker, walk.id, WalkExportFormat.MARKDOWN))
    assert "## Troubleshooting: Printer won't print" in markdown
    assert "- **Ticket:** INC-42" in markdown
    assert "1. Is the printer on? → **Yes**" in markdown
    assert "user \\*was\\* cross" in markdown
    assert "used \\[USB\\]" in markdown
    text = str(export_walk(services, walker, walk.id, WalkExportFormat.TEXT))
    assert "Outcome: workaround" in text
    assert "1. Is the printer on? -> Yes\n   Note: <script>alert(1)</script>" in text
    body = export_walk(services, walker, walk.id, WalkExportFormat.JSON)
    assert body == get_walk(services, walker, walk.id)


def test_markdown_neutralises_line_markers_but_keeps_text_readable(
    services: Services, team: dict[Role, SignedInMember]
) -> None:
    """Notes that would start a list, heading or rule stay text; mid-line they are left alone."""
    tree = make_tree(services, team[Role.ENGINEER]).tree
    walker = team[Role.VIEWER].principal
    walk = start_walk(services, walker, tree.id).walk
    notes = (
        "- not a list\n# not a heading\n  + nor this\n1. not ordered\n===\nsee INC-7 (#3) + KB-9"
    )
    operate_walk(services, walker, walk.id, NotesOp(notes))
    markdown = str(export_walk(services, walker, walk.id, WalkExportFormat.MARKDOWN))
    expected = (
        "\\- not a list  \n   \\# not a heading  \n     \\+ nor this  \n   1\\. not ordered"
        "  \n   \\===  \n   see INC-7 (#3) + KB-9"
    )
    assert expected in markdown


def test_store_keeps_sessions_per_account(
    services: Services, store: MemoryStore, team: dict[Role, SignedInMember]
) -> None:
    """A started walk is committed with its pinned version."""
    tree = make_tree(services, team[Role.ENGINEER]).tree
    walk = start_walk(services, team[Role.OWNER].principal, tree.id).walk
    assert store.tables.walks[walk.id].tree_version == 1
