"""Properties of the walk engine over generated valid trees."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from uuid import UUID

from hypothesis import given
from hypothesis import strategies as st

from decision_core.trees.catalogue import Tree, TreeStatus, TreeVersion
from decision_core.trees.document import Node, NodeKind, TreeDocument
from decision_core.trees.walk_operations import (
    AnswerOp,
    BackOp,
    ContinueOp,
    NotesOp,
    Operation,
    apply_operation,
)
from decision_core.trees.walks import Walk, new_walk, node_in
from tests.unit.tree_strategies import LINKED_TREE, valid_documents

AT = datetime(2026, 11, 22, 9, 0, tzinfo=UTC)
TREE_ID = UUID(int=1)
LINKED = TreeVersion(
    LINKED_TREE, 3, TreeDocument("s", (Node("s", NodeKind.SOLUTION, "done"),)), AT, UUID(int=9)
)


def a_tree() -> Tree:
    """A published tree at version 1."""
    return Tree(
        TREE_ID, UUID(int=2), "T", "", None, (), TreeStatus.PUBLISHED, 1, UUID(int=3), AT, AT
    )


def legal_operations(node: Node, walk: Walk) -> list[Operation]:
    """Every operation that applies at ``node``."""
    ops: list[Operation] = [NotesOp("n")]
    if len(walk.path) > 1:
        ops.append(BackOp())
    if node.kind is NodeKind.QUESTION:
        ops.extend(AnswerOp(a.id, note="why") for a in node.answers)
    if node.kind in {NodeKind.ACTION, NodeKind.LINK}:
        ops.append(ContinueOp())
    return ops


def version_of(walk: Walk, main: TreeVersion) -> TreeVersion:
    """The version the current step belongs to."""
    return LINKED if walk.current.node.tree_id == LINKED_TREE else main


@given(valid_documents(), st.data())
def test_legal_walks_never_leave_the_graph(document: TreeDocument, data: st.DataObject) -> None:
    """Every step of every legal walk stands on a node of the version it names."""
    main = TreeVersion(TREE_ID, 1, document, AT, UUID(int=3))
    walk = new_walk(
        walk_id=UUID(int=4),
        account_id=UUID(int=2),
        user_id=UUID(int=3),
        tree=a_tree(),
        version=main,
        ticket_ref=None,
        now=AT,
    )
    for minute in range(data.draw(st.integers(0, 12))):
        here = version_of(walk, main)
        node = node_in(here.document, walk.current.node.node_id)
        operation = data.draw(st.sampled_from(legal_operations(node, walk)))
        before = walk
        walk = apply_operation(walk, operation, here, AT + timedelta(minutes=minute), LINKED)
        for step in walk.path:
            assert node_in(version_of_step(step.node.tree_id, main).document, step.node.node_id)
        if isinstance(operation, (AnswerOp, ContinueOp)):
            undone = apply_operation(walk, BackOp(), version_of(walk, main), AT)
            assert undone.path == before.path
        assert len(walk.history) == len(before.history) + 1


def version_of_step(tree_id: UUID, main: TreeVersion) -> TreeVersion:
    """The version a step of ``tree_id`` was walked on."""
    return LINKED if tree_id == LINKED_TREE else main


@given(valid_documents(), st.data())
def test_moves_grow_by_one_with_each_move_and_never_otherwise(
    document: TreeDocument, data: st.DataObject
) -> None:
    """A moment of a walk is never named twice: every move adds one, notes add none."""
    main = TreeVersion(TREE_ID, 1, document, AT, UUID(int=3))
    walk = new_walk(
        walk_id=UUID(int=4),
        account_id=UUID(int=2),
        user_id=UUID(int=3),
        tree=a_tree(),
        version=main,
        ticket_ref=None,
        now=AT,
    )
    assert walk.moves == 1
    for _ in range(data.draw(st.integers(0, 12))):
        here = version_of(walk, main)
        node = node_in(here.document, walk.current.node.node_id)
        operation = data.draw(st.sampled_from(legal_operations(node, walk)))
        before = walk.moves
        walk = apply_operation(walk, operation, here, AT, LINKED)
        assert walk.moves == before + (0 if isinstance(operation, NotesOp) else 1)
