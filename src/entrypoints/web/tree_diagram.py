"""A tree document laid out as a diagram the page draws in SVG (``trees/_diagram.html``).

A layered layout: rows from the start down (``tree_layers``), the boxes
placed in them with bends for edges that skip rows (``diagram_layout``),
edges drawn between them (``diagram_edges``, dashed where they loop back
up). Boxes have a fixed size so every label stays legible however big the
tree is: the page scrolls the drawing instead of shrinking it. An edge to a
node the document lacks (a draft's error) ends at a "missing step" box.

This module wraps text and names what each box shows; the template escapes it.
"""

from __future__ import annotations

import textwrap
from typing import Final
from uuid import UUID

import attrs

from decision_core.trees.document import Node, NodeKind, TreeDocument
from entrypoints.web.diagram_edges import DiagramEdge, drawn_edge, edge_ends
from entrypoints.web.diagram_layout import Box, Sizes, place
from entrypoints.web.tree_layers import layers

NODE_WIDTH: Final = 200
NODE_HEIGHT: Final = 80
COLUMN_GAP: Final = 28
BEND_WIDTH: Final = 24  # the room an edge takes in a row it passes through
ROW_GAP: Final = 76  # room for the answer labels between rows
MARGIN: Final = 16
LOOP_OFFSET: Final = 48  # how far a loop bulges right of its nodes
LINE_CHARACTERS: Final = 24  # of the node text at 13 px in NODE_WIDTH
TEXT_LINES: Final = 3
_KIND_NAMES: Final = {
    NodeKind.QUESTION: "Question",
    NodeKind.ACTION: "Action",
    NodeKind.SOLUTION: "Solution",
    NodeKind.ESCALATION: "Escalation",
    NodeKind.LINK: "Link to another tree",
}
MISSING_KIND: Final = "missing"


@attrs.frozen
class DiagramNode:
    """A node's box: top-left ``x``, ``y``; ``kind`` names its CSS modifier."""

    id: str
    kind: str
    heading: str
    lines: tuple[str, ...]
    text: str
    x: int
    y: int
    is_start: bool
    reachable: bool
    href: str | None = None  # a link node's target tree page


@attrs.frozen
class Diagram:
    """Everything the template draws, in pixels."""

    width: int
    height: int
    nodes: tuple[DiagramNode, ...]
    edges: tuple[DiagramEdge, ...]
    node_width: int = NODE_WIDTH
    node_height: int = NODE_HEIGHT

    @property
    def start_centre(self) -> int:
        """Where the start node's middle is across, for a frame narrower than the drawing."""
        start = next((node for node in self.nodes if node.is_start), None)
        return self.width // 2 if start is None else start.x + self.node_width // 2


SIZES: Final = Sizes(
    node_width=NODE_WIDTH,
    node_height=NODE_HEIGHT,
    bend_width=BEND_WIDTH,
    column_gap=COLUMN_GAP,
    row_gap=ROW_GAP,
    margin=MARGIN,
    right_room=LOOP_OFFSET,
)


def diagram(document: TreeDocument) -> Diagram:
    """The laid-out diagram of ``document`` (see the module)."""
    layered = layers(document)
    rows = [list(row) for row in layered.rows]
    missing = _add_missing_targets(rows)
    edges = [
        (node.id, target, label)
        for row in rows
        for node in row
        for target, label in _labelled_edges(node)
    ]
    placed = place(
        [[node.id for node in row] for row in rows],
        [(source, target) for source, target, _label in edges],
        SIZES,
    )
    nodes = [
        _missing(node.id, placed.boxes[node.id])
        if node.id in missing
        else _drawn(node, placed.boxes[node.id], document.start, layered.reachable)
        for row in rows
        for node in row
    ]
    ends = edge_ends(placed, [(source, target) for source, target, _label in edges])
    drawn_edges = [
        drawn_edge(
            source=placed.boxes[source],
            target=placed.boxes[target],
            bends=bends,
            label=label,
            ends=end_points,
            sizes=SIZES,
        )
        for (source, target, label), bends, end_points in zip(
            edges, placed.bends, ends, strict=True
        )
    ]
    return Diagram(placed.width, placed.height, tuple(nodes), tuple(drawn_edges))


def _labelled_edges(node: Node) -> list[tuple[str, str]]:
    """(target, label) of every edge the node's kind uses, answers in the author's order."""
    if node.kind is NodeKind.QUESTION:
        return [(a.next, a.label) for a in node.answers if a.next is not None]
    return [(target, "") for target in node.edges()]


def _add_missing_targets(rows: list[list[Node]]) -> set[str]:
    """A stand-in node, one row down, for every edge target the document lacks; their ids."""
    known = {node.id for row in rows for node in row}
    missing: set[str] = set()
    for depth in range(len(rows)):
        for node in list(rows[depth]):
            for target, _label in _labelled_edges(node):
                if target in known:
                    continue
                known.add(target)
                missing.add(target)
                if depth + 1 == len(rows):
                    rows.append([])
                # A terminal stand-in: it leads nowhere, as the missing node cannot.
                rows[depth + 1].append(Node(target, NodeKind.SOLUTION))
    return missing


def _missing(node_id: str, box: Box) -> DiagramNode:
    return DiagramNode(
        id=node_id,
        kind=MISSING_KIND,
        heading="Missing step",
        lines=_wrapped(f"No step has the id {node_id}"),
        text=f"A step leads to {node_id}, which this tree does not have.",
        x=box.x,
        y=box.y,
        is_start=False,
        reachable=True,
    )


def _drawn(node: Node, box: Box, start: str, reachable: frozenset[str]) -> DiagramNode:
    heading = _KIND_NAMES[node.kind]
    text = node.text or "(no text)"
    return DiagramNode(
        id=node.id,
        kind=node.kind.value,
        heading=f"Start · {heading}" if node.id == start else heading,
        lines=_wrapped(text),
        text=text,
        x=box.x,
        y=box.y,
        is_start=node.id == start,
        reachable=node.id in reachable,
        href=_tree_page(node.tree_id) if node.kind is NodeKind.LINK else None,
    )


def _wrapped(text: str) -> tuple[str, ...]:
    lines = textwrap.wrap(
        " ".join(text.split()),
        LINE_CHARACTERS,
        max_lines=TEXT_LINES,
        placeholder=" …",
        break_long_words=True,
    )
    return tuple(lines)


def _tree_page(tree_id: str | None) -> str | None:
    """The linked tree's page, if the link names a tree id at all (a draft's may not)."""
    try:
        return f"/trees/{UUID(tree_id or '')}"
    except ValueError:
        return None
