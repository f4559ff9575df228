"""The edges of a layered diagram: where they meet their boxes, their SVG paths and labels.

An edge down the drawing is a cubic curve from the bottom of one box to the
top of one below, straight down through the row of each of its bends. An
edge back up (a loop, or a loose end leading into the tree) leaves and
enters at the right-hand side, bulging into the room the layout keeps there.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Final

import attrs

from entrypoints.web.diagram_layout import Box, Placement, Sizes

LABEL_CHARACTERS: Final = 20
LABEL_POSITION: Final = 0.75  # how far along a forward edge its label sits


@attrs.frozen
class DiagramEdge:
    """An edge's SVG path and its answer label (``""`` for an action's plain next step)."""

    path: str
    label: str
    full_label: str
    label_x: int
    label_y: int
    loops_back: bool


def edge_ends(placement: Placement, edges: Sequence[tuple[str, str]]) -> list[tuple[int, int]]:
    """Where each downward edge leaves its source's bottom and enters its target's top.

    The edges leaving one box share its bottom side evenly, ordered by where
    they head, and those entering one box share its top side, ordered by where
    they come from: no two edges meet in one point, so neither do their labels.
    Edges that loop back up are left at the centres (they use the sides).
    """
    boxes = placement.boxes
    leaving: dict[str, list[tuple[int, int]]] = {}
    entering: dict[str, list[tuple[int, int]]] = {}
    for number, ((source, target), bends) in enumerate(zip(edges, placement.bends, strict=True)):
        if boxes[target].y <= boxes[source].y:
            continue
        heads_to = (bends[0] if bends else boxes[target]).centre
        comes_from = (bends[-1] if bends else boxes[source]).centre
        leaving.setdefault(source, []).append((heads_to, number))
        entering.setdefault(target, []).append((comes_from, number))
    ends = [(boxes[source].centre, boxes[target].centre) for source, target in edges]
    for side, shared in ((0, leaving), (1, entering)):
        for node_id, numbers in shared.items():
            box = boxes[node_id]
            for rank, (_where, number) in enumerate(sorted(numbers)):
                spot = box.x + box.width * (rank + 1) // (len(numbers) + 1)
                ends[number] = (spot, ends[number][1]) if side == 0 else (ends[number][0], spot)
    return ends


def drawn_edge(  # noqa: PLR0913 - the edge's two boxes, bends, label, ends, and the sizes
    *,
    source: Box,
    target: Box,
    bends: tuple[Box, ...],
    label: str,
    ends: tuple[int, int],
    sizes: Sizes,
) -> DiagramEdge:
    """The edge's path: round the right-hand side when it leads back up, else down the bends."""
    short = label if len(label) <= LABEL_CHARACTERS else label[: LABEL_CHARACTERS - 1] + "…"
    if target.y <= source.y:  # back up: out of the right side, into the right side
        start = (source.x + sizes.node_width, source.y + sizes.node_height // 2)
        end = (target.x + sizes.node_width, target.y + sizes.node_height // 2)
        reach = max(start[0], end[0]) + sizes.right_room
        loop = (start, (reach, start[1]), (reach, end[1]), end)
        label_x, label_y = _point_on(loop, 0.5)  # on the bulge
        path = f"M{start[0]},{start[1]} C" + " ".join(f"{x},{y}" for x, y in loop[1:])
        return DiagramEdge(path, short, label, label_x, label_y, loops_back=True)
    # Down through each bend's row, straight, and curving between rows.
    stops = [(ends[0], source.y + sizes.node_height)]
    for bend in bends:
        stops += [(bend.centre, bend.y), (bend.centre, bend.y + sizes.node_height)]
    stops.append((ends[1], target.y))
    curves = [
        ((x1, y1), (x1, y1 + sizes.row_gap // 2), (x2, y2 - sizes.row_gap // 2), (x2, y2))
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
