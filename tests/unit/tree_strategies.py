"""Hypothesis strategies for decision trees, kept apart from the login-session ones.

``valid_documents`` builds trees that validate without errors: nodes are
ordered, the last is a solution, and every question or action has an edge to
a later node, so each node reaches a terminal; other answers may point
anywhere, which makes cycles. Links name ``LINKED_TREE``.
"""

from __future__ import annotations

from uuid import UUID

from hypothesis import strategies as st

from decision_core.trees.document import Answer, Node, NodeKind, TreeDocument

LINKED_TREE = UUID(int=7)
KINDS = [kind.value for kind in NodeKind]


def json_values() -> st.SearchStrategy[object]:
    """Any JSON value: scalars, lists and objects, nested."""
    scalars: st.SearchStrategy[object] = (
        st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=5)
    )
    return st.recursive(
        scalars,
        lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=5), inner),
        max_leaves=12,
    )


def _near_miss_nodes() -> st.SearchStrategy[dict[str, object]]:
    """Node-shaped objects with plausible and implausible fields."""
    ids: st.SearchStrategy[object] = st.sampled_from(["a", "b", "c", ""]) | json_values()
    texts: st.SearchStrategy[object] = st.text(max_size=3) | json_values()
    no_required: dict[str, st.SearchStrategy[object]] = {}
    answer = st.fixed_dictionaries(no_required, optional={"id": ids, "label": texts, "next": ids})
    answers: st.SearchStrategy[object] = st.lists(answer, max_size=3) | json_values()
    kinds: st.SearchStrategy[object] = st.sampled_from([*KINDS, "other"]) | json_values()
    tree_ids: st.SearchStrategy[object] = st.sampled_from([str(LINKED_TREE), "x"]) | json_values()
    return st.fixed_dictionaries(
        {"id": ids, "kind": kinds},
        optional={
            "text": texts,
            "answers": answers,
            "next": ids,
            "tree_id": tree_ids,
            "extra": json_values(),
        },
    )


def document_like_data() -> st.SearchStrategy[object]:
    """Arbitrary JSON, and objects shaped almost like a document."""
    starts: st.SearchStrategy[object] = st.sampled_from(["a", "b", ""]) | json_values()
    nodes: st.SearchStrategy[object] = st.lists(_near_miss_nodes(), max_size=5) | json_values()
    documents: st.SearchStrategy[object] = st.fixed_dictionaries(
        {"start": starts}, optional={"nodes": nodes}
    )
    return json_values() | documents


@st.composite
def valid_documents(draw: st.DrawFn, max_nodes: int = 8) -> TreeDocument:
    """A document without validation errors (warnings allowed)."""
    count = draw(st.integers(1, max_nodes))
    ids = [f"n{i}" for i in range(count)]
    nodes = []
    for index, node_id in enumerate(ids):
        later = ids[index + 1 :]
        kinds = ["solution", "escalation", "link"] + (["question", "action"] if later else [])
        kind = NodeKind(draw(st.sampled_from(kinds)))
        text = draw(st.text(max_size=12))
        if kind is NodeKind.QUESTION:
            forward = draw(st.sampled_from(later))
            others = draw(st.lists(st.sampled_from(ids), max_size=2))
            answers = tuple(
                Answer(f"a{i}", draw(st.text(max_size=6)), target)
                for i, target in enumerate([forward, *others])
            )
            nodes.append(Node(node_id, kind, text, answers=answers))
        elif kind is NodeKind.ACTION:
            nodes.append(Node(node_id, kind, text, next=draw(st.sampled_from(later))))
        elif kind is NodeKind.LINK:
            nodes.append(Node(node_id, kind, text, tree_id=str(LINKED_TREE)))
        else:
            nodes.append(Node(node_id, kind, text))
    return TreeDocument(start="n0", nodes=tuple(nodes))
