"""Editing a tree document one step at a time, as an author does in a form: pure functions.

Nodes and answers are addressed by position, not id, because a draft may hold
two nodes of one id (validation names them) and the author must still be able
to fix or remove either. A position the document does not have is
``NotFound``.

Removing a node leaves every edge that led to it in place: validation then
names each node that now leads to a missing node, which is exactly the list
of places the author has to look at, instead of edges emptied without a word.
New nodes and answers get the first free id of the form ``n1``, ``n2``... and
``a1``, ``a2``..., which the author may rename.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Final

import attrs

from decision_core.errors import NotFound
from decision_core.trees.document import Answer, Node, NodeKind, TreeDocument

STARTER_NODE_ID: Final = "start"
_NODE_PREFIX: Final = "n"
_ANSWER_PREFIX: Final = "a"


def starter_document() -> TreeDocument:
    """What a new tree starts with: one question, ``start``, for the author to write."""
    return TreeDocument(start=STARTER_NODE_ID, nodes=(Node(STARTER_NODE_ID, NodeKind.QUESTION),))


def add_node(
    document: TreeDocument, kind: NodeKind, *, after: int | None = None
) -> tuple[TreeDocument, int]:
    """A new, empty node of ``kind`` after position ``after`` (at the end without); its position."""
    if after is not None:
        _node_at(document, after)
    position = len(document.nodes) if after is None else after + 1
    node = Node(_first_free(_NODE_PREFIX, (n.id for n in document.nodes)), kind)
    nodes = (*document.nodes[:position], node, *document.nodes[position:])
    return attrs.evolve(document, nodes=nodes), position


def remove_node(document: TreeDocument, position: int) -> TreeDocument:
    """The document without the node at ``position``; edges to it stay, for validation to name."""
    _node_at(document, position)
    nodes = document.nodes[:position] + document.nodes[position + 1 :]
    return attrs.evolve(document, nodes=nodes)


def move_node(document: TreeDocument, position: int, offset: int) -> tuple[TreeDocument, int]:
    """The node at ``position`` moved ``offset`` places, stopping at either end; where it is."""
    node = _node_at(document, position)
    target = min(max(position + offset, 0), len(document.nodes) - 1)
    others = document.nodes[:position] + document.nodes[position + 1 :]
    nodes = (*others[:target], node, *others[target:])
    return attrs.evolve(document, nodes=nodes), target


def add_answer(document: TreeDocument, position: int) -> tuple[TreeDocument, int]:
    """A new answer, without label or target, at the end of node ``position``'s; its position."""
    node = _node_at(document, position)
    answer = Answer(_first_free(_ANSWER_PREFIX, (a.id for a in node.answers)), label="")
    changed = attrs.evolve(node, answers=(*node.answers, answer))
    return _replace(document, position, changed), len(node.answers)


def remove_answer(document: TreeDocument, position: int, answer: int) -> TreeDocument:
    """The document without answer ``answer`` of node ``position``."""
    node = _node_at(document, position)
    _answer_at(node, answer)
    answers = node.answers[:answer] + node.answers[answer + 1 :]
    return _replace(document, position, attrs.evolve(node, answers=answers))


def lead_to_new_node(
    document: TreeDocument, position: int, answer: int | None, kind: NodeKind
) -> tuple[TreeDocument, int]:
    """A new node of ``kind`` right after node ``position``, which now leads to it; its position.

    With ``answer``, that answer of the node leads there; without, the node's
    own ``next`` (an action's).
    """
    node = _node_at(document, position)
    if answer is not None:
        _answer_at(node, answer)
    added, new_position = add_node(document, kind, after=position)
    new_id = added.nodes[new_position].id
    if answer is None:
        changed = attrs.evolve(node, next=new_id)
    else:
        answers = list(node.answers)
        answers[answer] = attrs.evolve(answers[answer], next=new_id)
        changed = attrs.evolve(node, answers=tuple(answers))
    return _replace(added, position, changed), new_position


def _node_at(document: TreeDocument, position: int) -> Node:
    if not 0 <= position < len(document.nodes):
        msg = f"the document has no node at position {position}"
        raise NotFound(msg)
    return document.nodes[position]


def _answer_at(node: Node, answer: int) -> Answer:
    if not 0 <= answer < len(node.answers):
        msg = f"node {node.id!r} has no answer at position {answer}"
        raise NotFound(msg)
    return node.answers[answer]


def _replace(document: TreeDocument, position: int, node: Node) -> TreeDocument:
    nodes = (*document.nodes[:position], node, *document.nodes[position + 1 :])
    return attrs.evolve(document, nodes=nodes)


def _first_free(prefix: str, taken: Iterable[str]) -> str:
    used = set(taken)
    number = 1
    while f"{prefix}{number}" in used:
        number += 1
    return f"{prefix}{number}"
