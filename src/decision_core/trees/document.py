"""The tree document: a graph of nodes, as frozen values.

One :class:`Node` class serves every kind, because a draft may hold edges a
kind does not allow (a solution with a ``next``); validation names those
instead of the parser dropping them, so saving a draft never loses what the
author wrote.
"""

from __future__ import annotations

import enum
from collections.abc import Iterator

import attrs

from decision_core.json_value import JsonValue


class NodeKind(enum.Enum):
    """What a node does with the walk."""

    QUESTION = "question"  # the engineer picks one of its answers
    ACTION = "action"  # an instruction, then ``next``
    SOLUTION = "solution"  # terminal: the problem is solved
    ESCALATION = "escalation"  # terminal: hand over to someone else
    LINK = "link"  # leaves this tree for the start of another (``tree_id``)

    @property
    def is_terminal(self) -> bool:
        """Solutions and escalations end a walk and have no outgoing edges."""
        return self in {NodeKind.SOLUTION, NodeKind.ESCALATION}


@attrs.frozen
class Answer:
    """One choice of a question, leading to the node ``next``."""

    id: str
    label: str
    next: str | None = None


@attrs.frozen
class Node:
    """A node as the author wrote it; ``answers``, ``next``, ``tree_id`` as its kind needs."""

    id: str
    kind: NodeKind
    text: str = ""
    answers: tuple[Answer, ...] = ()
    next: str | None = None
    tree_id: str | None = None

    def answer(self, answer_id: str) -> Answer | None:
        """The answer with this id, or ``None``."""
        return next((a for a in self.answers if a.id == answer_id), None)

    def edges(self) -> Iterator[str]:
        """The node ids this node's kind leads to (links lead out of the tree)."""
        if self.kind is NodeKind.QUESTION:
            yield from (a.next for a in self.answers if a.next is not None)
        elif self.kind is NodeKind.ACTION and self.next is not None:
            yield self.next


@attrs.frozen
class TreeDocument:
    """``start`` names the first node; node ids are the author's own short strings."""

    start: str
    nodes: tuple[Node, ...]

    def node(self, node_id: str) -> Node | None:
        """The first node with this id, or ``None``."""
        return next((n for n in self.nodes if n.id == node_id), None)

    def to_data(self) -> dict[str, JsonValue]:
        """Plain JSON data that :func:`~decision_core.trees.parsing.parse_document` reads back."""
        return {"start": self.start, "nodes": [_node_data(n) for n in self.nodes]}


def _node_data(node: Node) -> dict[str, JsonValue]:
    data: dict[str, JsonValue] = {"id": node.id, "kind": node.kind.value, "text": node.text}
    if node.answers or node.kind is NodeKind.QUESTION:
        data["answers"] = [{"id": a.id, "label": a.label, "next": a.next} for a in node.answers]
    if node.next is not None:
        data["next"] = node.next
    if node.tree_id is not None:
        data["tree_id"] = node.tree_id
    return data
