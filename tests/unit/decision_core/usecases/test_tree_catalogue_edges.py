"""Diagrams of drafts, malformed exports, and stores that lost a version."""

from __future__ import annotations

from datetime import UTC, datetime
from uuid import UUID

import pytest

from adapters.memory import MemoryStore
from decision_core.errors import NotFound, TreeInvalid
from decision_core.roles import Role
from decision_core.trees import problems as codes
from decision_core.trees.catalogue import TreeVersion
from decision_core.trees.diagrams import dot, mermaid
from decision_core.trees.document import Answer, Node, NodeKind, TreeDocument
from decision_core.trees.parsing import Malformed
from decision_core.trees.portable import read_portable
from decision_core.trees.walks import arrive
from decision_core.usecases.context import Services
from decision_core.usecases.tree_catalogue import get_tree
from decision_core.usecases.walks import get_walk, start_walk
from tests.unit.conftest import SignedInMember
from tests.unit.tree_builders import make_tree

DRAFT = TreeDocument(
    start="q",
    nodes=(
        Node(
            "q",
            NodeKind.QUESTION,
            'Say "hi" #1 <b>\nnow',
            answers=(Answer("a", 'yes "sir"', "gone"), Answer("b", "", "gone")),
        ),
        Node("l", NodeKind.LINK, "Other", tree_id="t"),
    ),
)


def test_mermaid_escapes_labels_and_draws_missing_targets() -> None:
    """Quotes, hashes and brackets become entities; a missing target still gets a node."""
    text = mermaid(DRAFT)
    assert 'n0{"Say #quot;hi#quot; #35;1 #lt;b#gt; now"}' in text
    assert 'n1[/"Other (tree t)"/]' in text
    assert 'n2["missing: gone"]' in text
    assert 'n0 -->|"yes #quot;sir#quot;"| n2' in text
    assert "n0 --> n2" in text


def test_dot_quotes_ids_and_labels() -> None:
    """Backslashes and quotes are escaped, newlines escaped too, missing nodes are dashed."""
    graph = dot(DRAFT)
    assert '"q" [label="Say \\"hi\\" #1 <b>\\nnow", shape=diamond];' in graph
    assert '"gone" [label="missing: gone", style=dashed];' in graph
    assert '"q" -> "gone";' in graph


@pytest.mark.parametrize(
    "data",
    [
        "x",
        {"title": "t", "description": 1, "document": {"start": "a", "nodes": []}},
        {"title": "t", "category": 1, "document": {"start": "a", "nodes": []}},
        {"title": "t", "tags": [1], "document": {"start": "a", "nodes": []}},
        {"title": "t", "document": {"start": "a", "nodes": []}, "id": 1},
    ],
)
def test_malformed_exports_name_their_problems(data: object) -> None:
    """Every wrong field is a malformed problem."""
    read = read_portable(data)
    assert isinstance(read, Malformed)
    assert {p.code for p in read.problems} == {codes.MALFORMED}


def test_walking_to_a_missing_node_is_a_broken_tree() -> None:
    """Only an unvalidated document can lack a node; that is TreeInvalid, not a crash."""
    version = TreeVersion(UUID(int=1), 1, DRAFT, datetime(2026, 1, 1, tzinfo=UTC), UUID(int=2))
    with pytest.raises(TreeInvalid):
        arrive(version, "gone", version.created_at)


def test_a_tree_without_its_version_is_not_found(
    services: Services, store: MemoryStore, team: dict[Role, SignedInMember]
) -> None:
    """A store that lost a version answers NotFound rather than crash."""
    view = make_tree(services, team[Role.ENGINEER])
    walk = start_walk(services, team[Role.VIEWER].principal, view.tree.id).walk
    del store.tables.tree_versions[view.tree.id, 1]
    with pytest.raises(NotFound):
        get_tree(services, team[Role.ENGINEER].principal, view.tree.id)
    with pytest.raises(NotFound):
        get_walk(services, team[Role.VIEWER].principal, walk.id)
