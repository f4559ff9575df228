"""A tree's analytics as rows for the table and the bar chart (``trees/analytics.html``).

Rows follow the newest document in the order a walker meets the steps
(``tree_layers``), so the chart reads as a funnel from the start down; nodes
that only older versions had come last, by id. The bars of a row are sized
against the most visited node, as a share of the chart's width, so the
drawing fits any screen while its text keeps its size.
"""

from __future__ import annotations

from typing import Final

import attrs

from decision_core.trees.analytics import NodeStats, TreeAnalytics
from decision_core.trees.document import TreeDocument
from entrypoints.web.tree_layers import layers

# The longest bar, in percent of the chart's width: the rest holds the count beside it.
LONGEST_BAR_PERCENT: Final = 80.0
ROW_HEIGHT: Final = 64
LABEL_CHARACTERS: Final = 40  # fits a 360 px wide chart at 13 px


@attrs.frozen
class ChartRow:
    """One node's figures, its label, and its two bars' lengths in percent."""

    node_id: str
    label: str  # cut to fit the chart
    full_label: str
    visits: int
    drop_offs: int
    back_steps: int
    visits_percent: float
    drop_offs_percent: float
    y: int


@attrs.frozen
class Chart:
    """The rows in reading order and the drawing's height in pixels."""

    rows: tuple[ChartRow, ...]
    height: int


def chart(analytics: TreeAnalytics, document: TreeDocument) -> Chart:
    """The analytics' nodes as chart rows, in the document's reading order (see the module)."""
    order = {node_id: index for index, node_id in enumerate(layers(document).reading_order())}
    stats = sorted(
        analytics.nodes, key=lambda s: (s.node_id not in order, order.get(s.node_id, 0), s.node_id)
    )
    most = max((s.visits for s in stats), default=0) or 1
    texts = {node.id: node.text for node in reversed(document.nodes)}
    rows = tuple(
        _row(s, texts.get(s.node_id), most, index * ROW_HEIGHT) for index, s in enumerate(stats)
    )
    return Chart(rows, len(rows) * ROW_HEIGHT)


def _row(stats: NodeStats, text: str | None, most: int, y: int) -> ChartRow:
    if text is None:
        label = f"{stats.node_id} (no longer in the tree)"
    else:
        label = f"{stats.node_id}: {text}" if text else stats.node_id
    short = label if len(label) <= LABEL_CHARACTERS else label[: LABEL_CHARACTERS - 1] + "…"
    return ChartRow(
        node_id=stats.node_id,
        label=short,
        full_label=label,
        visits=stats.visits,
        drop_offs=stats.drop_offs,
        back_steps=stats.back_steps,
        visits_percent=round(LONGEST_BAR_PERCENT * stats.visits / most, 1),
        drop_offs_percent=round(LONGEST_BAR_PERCENT * stats.drop_offs / most, 1),
        y=y,
    )


def rate_text(rate: float | None) -> str:
    """A resolution rate as a whole percentage, or "—" while nothing is completed."""
    return "—" if rate is None else f"{round(rate * 100)}%"
