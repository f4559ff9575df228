"""A tree document laid out as a diagram the page draws in SVG (``trees/_diagram.html``).

A layered layout: rows from the start down (``tree_layers``), nodes
of a fixed size so every label stays legible however big the tree is (the
page scrolls the drawing instead of shrinking it). Within a row, nodes sit
under the average position of the nodes that lead to them (one barycentre
pass), which keeps most edges short and uncrossed. Edges are cubic curves
from the bottom of a node to the top of one below; an edge back up (a loop,
or a loose end leading into the tree) leaves and enters at the right-hand
side, dashed. An edge
to a node the document lacks (a draft's error) ends at a "missing" node.

This module computes geometry and wraps text only; the template escapes it.
"""

from __future__ import annotations

import textwrap
from typing import Final
from uuid import UUID

import attrs

from decision_core.trees.document import Node, NodeKind, TreeDocument
from entrypoints.web.diagram_layout import Box, Sizes, edge_ends, place
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
LABEL_CHARACTERS: Final = 20
LABEL_POSITION: Final = 0.75  # how far along a forward edge its label sits
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
class DiagramEdge:
    """An edge's SVG path and its answer label (``""`` for an action's plain next step)."""

    path: str
    label: str
    full_label: str
    label_x: int
    label_y: int
    loops_back: bool


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
        _edge(placed.boxes[source], placed.boxes[target], bends, label, end_points)
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


def _edge(
    source: Box, target: Box, bends: tuple[Box, ...], label: str, ends: tuple[int, int]
) -> DiagramEdge:
    short = label if len(label) <= LABEL_CHARACTERS else label[: LABEL_CHARACTERS - 1] + "…"
    if target.y <= source.y:  # back up: out of the right side, into the right side
        start = (source.x + NODE_WIDTH, source.y + NODE_HEIGHT // 2)
        end = (target.x + NODE_WIDTH, target.y + NODE_HEIGHT // 2)
        reach = max(start[0], end[0]) + LOOP_OFFSET
        loop = (start, (reach, start[1]), (reach, end[1]), end)
        label_x, label_y = _point_on(loop, 0.5)  # on the bulge
        path = f"M{start[0]},{start[1]} C" + " ".join(f"{x},{y}" for x, y in loop[1:])
        return DiagramEdge(path, short, label, label_x, label_y, loops_back=True)
    # Down through each bend's row, straight, and curving between rows.
    stops = [(ends[0], source.y + NODE_HEIGHT)]
    for bend in bends:
        stops += [(bend.centre, bend.y), (bend.centre, bend.y + NODE_HEIGHT)]
    stops.append((ends[1], target.y))
    curves = [
        ((x1, y1), (x1, y1 + ROW_GAP // 2), (x2, y2 - ROW_GAP // 2), (x2, y2))
        for (x1, y1), (x2, y2) in zip(stops[0::2], stops[1::2], strict=True)
    ]
    path = f"M{stops[0][0]},{stops[0][1]}"
    for index, curve in enumerate(curves):
        if index:  # straight down through the bend's row
            path += f" L{curve[0][0]},{curve[0][1]}"
        path += " C" + " ".join(f"{x},{y}" for x, y in curve[1:])
    # The label sits near the target, where the edges fanning out of one question are
    # furthest apart, so their labels do not overlap.
    label_x, label_y = _point_on(curves[-1], LABEL_POSITION)
    return DiagramEdge(path, short, label, label_x, label_y, loops_back=False)


Point = tuple[int, int]


def _point_on(curve: tuple[Point, Point, Point, Point], at: float) -> Point:
    """The point of a cubic Bézier curve at parameter ``at`` (0 its start, 1 its end)."""
    weights = ((1 - at) ** 3, 3 * (1 - at) ** 2 * at, 3 * (1 - at) * at**2, at**3)
    x = sum(weight * point[0] for weight, point in zip(weights, curve, strict=True))
    y = sum(weight * point[1] for weight, point in zip(weights, curve, strict=True))
    return round(x), round(y)
