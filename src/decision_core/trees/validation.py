"""Validation of a tree document: every problem at once, never an exception.

Rules (SPEC 6). Errors: a missing or unknown start, duplicate node ids,
duplicate answer ids within a question, an edge to a missing node, a question
without answers, an action or answer without ``next``, a terminal with
outgoing edges, a field its kind does not use (``tree_id`` on a question), a
link without a tree or to a tree that is not another published tree of the
same account, and a trap: a node from which no exit can be reached. Warnings:
nodes unreachable from the start, a question with one answer, empty text.

An *exit* is a solution, an escalation or a link: a link leaves this tree for
another published tree, which is validated on its own, so it counts as
reaching the end of this one.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Collection, Iterator
from uuid import UUID

from decision_core.trees import problems as codes
from decision_core.trees.document import Node, NodeKind, TreeDocument
from decision_core.trees.parsing import Malformed, parse_document
from decision_core.trees.problems import Problem, error, warning


def validate_data(data: object, linkable: Collection[UUID]) -> tuple[Problem, ...]:
    """Every problem of ``data`` read as a document: shape first, then the graph."""
    parsed = parse_document(data)
    if isinstance(parsed, Malformed):
        return parsed.problems
    return validate(parsed, linkable)


def validate(document: TreeDocument, linkable: Collection[UUID]) -> tuple[Problem, ...]:
    """Every problem of ``document``; ``linkable`` holds the trees a link may name.

    ``linkable`` is the account's other published trees, so a link to a
    missing, foreign or unpublished tree is one and the same error (and says
    nothing about other accounts).
    """
    found = [*_start(document), *_duplicates(document)]
    for node in document.nodes:
        found.extend(_node(node, document, linkable))
    found.extend(_traps(document))
    found.extend(_unreachable(document))
    return tuple(found)


def _start(document: TreeDocument) -> Iterator[Problem]:
    if not document.start:
        yield error(codes.MISSING_START, "the document names no start node")
    elif document.node(document.start) is None:
        yield error(codes.UNKNOWN_START, f"the start {document.start!r} is not a node")


def _duplicates(document: TreeDocument) -> Iterator[Problem]:
    counts = Counter(n.id for n in document.nodes)
    for node_id, count in counts.items():
        if count > 1:
            yield error(codes.DUPLICATE_NODE_ID, f"{count} nodes share this id", node_id)


def _node(node: Node, document: TreeDocument, linkable: Collection[UUID]) -> Iterator[Problem]:
    if not node.text.strip():
        yield warning(codes.EMPTY_TEXT, "the node has no text", node.id)
    if node.kind is NodeKind.QUESTION:
        yield from _question(node)
    elif node.kind is NodeKind.ACTION and node.next is None:
        yield error(codes.ACTION_WITHOUT_NEXT, "an action needs a next node", node.id)
    elif node.kind is NodeKind.LINK:
        yield from _link(node, linkable)
    yield from _misplaced(node)
    for target in node.edges():
        if document.node(target) is None:
            yield error(codes.EDGE_TO_MISSING_NODE, f"leads to missing node {target!r}", node.id)


def _question(node: Node) -> Iterator[Problem]:
    if not node.answers:
        yield error(codes.QUESTION_WITHOUT_ANSWERS, "a question needs an answer", node.id)
    elif len(node.answers) == 1:
        yield warning(codes.SINGLE_ANSWER, "a question with one answer asks nothing", node.id)
    for answer_id, count in Counter(a.id for a in node.answers).items():
        if count > 1:
            msg = f"{count} answers share the id {answer_id!r}"
            yield error(codes.DUPLICATE_ANSWER_ID, msg, node.id)
    for answer in node.answers:
        if answer.next is None:
            msg = f"answer {answer.id!r} needs a next node"
            yield error(codes.ANSWER_WITHOUT_NEXT, msg, node.id)
        if not answer.label.strip():
            yield warning(codes.EMPTY_TEXT, f"answer {answer.id!r} has no label", node.id)


def _link(node: Node, linkable: Collection[UUID]) -> Iterator[Problem]:
    if node.tree_id is None:
        yield error(codes.LINK_WITHOUT_TREE, "a link needs a tree_id", node.id)
    elif link_target(node) not in linkable:
        msg = f"{node.tree_id!r} is not another published tree of this account"
        yield error(codes.LINK_TO_UNKNOWN_TREE, msg, node.id)


def link_target(node: Node) -> UUID | None:
    """The tree a link node names, or ``None`` when its ``tree_id`` is not a UUID."""
    try:
        return UUID(node.tree_id or "")
    except ValueError:
        return None


def _misplaced(node: Node) -> Iterator[Problem]:
    present = {
        "answers": bool(node.answers),
        "next": node.next is not None,
        "tree_id": node.tree_id is not None,
    }
    used = _FIELDS_OF[node.kind]
    extra = sorted(name for name, is_set in present.items() if is_set and name not in used)
    if extra and node.kind.is_terminal:
        msg = f"a {node.kind.value} ends the walk but has {', '.join(extra)}"
        yield error(codes.TERMINAL_WITH_EDGES, msg, node.id)
    elif extra:
        msg = f"a {node.kind.value} does not use {', '.join(extra)}"
        yield error(codes.MISPLACED_FIELD, msg, node.id)


_FIELDS_OF = {
    NodeKind.QUESTION: {"answers"},
    NodeKind.ACTION: {"next"},
    NodeKind.LINK: {"tree_id"},
    NodeKind.SOLUTION: set[str](),
    NodeKind.ESCALATION: set[str](),
}


def _traps(document: TreeDocument) -> Iterator[Problem]:
    # Walk the edges backwards from every exit: whatever is never met is a trap.
    leads_to: dict[str, set[str]] = {}
    for node in document.nodes:
        for target in node.edges():
            leads_to.setdefault(target, set()).add(node.id)
    exits = [n.id for n in document.nodes if n.kind.is_terminal or n.kind is NodeKind.LINK]
    escapes = _closure(exits, lambda node_id: leads_to.get(node_id, set()))
    for node in document.nodes:
        if node.id not in escapes:
            yield error(codes.TRAP, "no solution, escalation or link can be reached", node.id)


def _unreachable(document: TreeDocument) -> Iterator[Problem]:
    if document.node(document.start) is None:
        return  # without a start, "unreachable" would flag every node
    edges = {n.id: set(n.edges()) for n in document.nodes}
    reached = _closure([document.start], lambda node_id: edges.get(node_id, set()))
    for node in document.nodes:
        if node.id not in reached:
            yield warning(codes.UNREACHABLE_NODE, "no path from the start leads here", node.id)


def _closure(seeds: list[str], neighbours: Callable[[str], set[str]]) -> set[str]:
    seen = set(seeds)
    pending = list(seeds)
    while pending:
        for other in neighbours(pending.pop()):
            if other not in seen:
                seen.add(other)
                pending.append(other)
    return seen
