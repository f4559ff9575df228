"""Where the boxes of a layered diagram go, with bends for the edges that skip rows.

An edge from one row to a row further down than the next would cut through
the boxes between. It gets a *bend* in every row it crosses instead: a
narrow slot that the row makes room for, which the edge passes straight
through (the Sugiyama method's dummy nodes). Then each row is ordered once,
top down, by the mean centre of what leads into each slot from the row
above (the barycentre heuristic), which keeps most edges short and
uncrossed, and centred in the drawing.
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from typing import TypeAlias

import attrs


@attrs.frozen
class Sizes:
    """The fixed sizes of the drawing, in pixels."""

    node_width: int
    node_height: int
    bend_width: int
    column_gap: int
    row_gap: int
    margin: int
    right_room: int  # kept free right of the widest row, for edges that loop back


@attrs.frozen
class _Bend:
    """Where edge number ``edge`` crosses row ``row``."""

    edge: int
    row: int


Slot: TypeAlias = str | _Bend  # a node id, or a bend


@attrs.frozen
class Box:
    """A slot's top-left corner and width (its height is the node height)."""

    x: int
    y: int
    width: int

    @property
    def centre(self) -> int:
        """The middle of the slot, across."""
        return self.x + self.width // 2


@attrs.frozen
class Placement:
    """Each node's box, each edge's bends top down (none for most), and the drawing's size."""

    boxes: dict[str, Box]
    bends: tuple[tuple[Box, ...], ...]
    width: int
    height: int


def place(
    rows: Sequence[Sequence[str]], edges: Sequence[tuple[str, str]], sizes: Sizes
) -> Placement:
    """Boxes for the node ids in ``rows``, bends for the ``edges`` (source, target) that skip."""
    row_of = {node_id: index for index, row in enumerate(rows) for node_id in row}
    slots: list[list[Slot]] = [list(row) for row in rows]
    links: dict[Slot, list[Slot]] = {}  # slot -> the slots of the row above that lead into it
    chains: list[list[_Bend]] = []
    for number, (source, target) in enumerate(edges):
        first, last = row_of[source], row_of[target]
        chain = [_Bend(number, row) for row in range(first + 1, last)]
        for bend in chain:
            slots[bend.row].append(bend)
        if last > first:
            path: list[Slot] = [source, *chain, target]
            for above, below in itertools.pairwise(path):
                links.setdefault(below, []).append(above)
        chains.append(chain)
    boxes = _positions(slots, links, sizes)
    widest = max((_row_width(row, sizes) for row in slots), default=0)
    height = 2 * sizes.margin + len(slots) * (sizes.node_height + sizes.row_gap) - sizes.row_gap
    return Placement(
        boxes={node_id: boxes[node_id] for node_id in row_of},
        bends=tuple(tuple(boxes[bend] for bend in chain) for chain in chains),
        width=widest + 2 * sizes.margin + sizes.right_room,
        height=max(height, 2 * sizes.margin),
    )


def _positions(
    slots: list[list[Slot]], links: dict[Slot, list[Slot]], sizes: Sizes
) -> dict[Slot, Box]:
    """Each row ordered under what leads into it, then centred on the widest row."""
    centres: dict[Slot, float] = {}
    for row in slots:
        own = _packed(row, sizes)
        wanted = {
            slot: _mean([centres[above] for above in links[slot]]) if slot in links else own[slot]
            for slot in row
        }
        row.sort(key=lambda slot: wanted[slot])
        centres.update(_packed(row, sizes))
    widest = max((_row_width(row, sizes) for row in slots), default=0)
    boxes: dict[Slot, Box] = {}
    for index, row in enumerate(slots):
        x = sizes.margin + (widest - _row_width(row, sizes)) // 2
        y = sizes.margin + index * (sizes.node_height + sizes.row_gap)
        for slot in row:
            width = _width(slot, sizes)
            boxes[slot] = Box(x, y, width)
            x += width + sizes.column_gap
    return boxes


def _packed(row: list[Slot], sizes: Sizes) -> dict[Slot, float]:
    """The centres of a row's slots side by side, centred on 0."""
    centres: dict[Slot, float] = {}
    x = -_row_width(row, sizes) / 2
    for slot in row:
        width = _width(slot, sizes)
        centres[slot] = x + width / 2
        x += width + sizes.column_gap
    return centres


def _width(slot: Slot, sizes: Sizes) -> int:
    return sizes.bend_width if isinstance(slot, _Bend) else sizes.node_width


def _row_width(row: Sequence[Slot], sizes: Sizes) -> int:
    widths = [_width(slot, sizes) for slot in row]
    return sum(widths) + max(len(widths) - 1, 0) * sizes.column_gap


def _mean(values: list[float]) -> float:
    return sum(values) / len(values)
