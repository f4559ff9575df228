"""The analytics chart's rows: reading order, bar lengths, labels, and the figures' words."""

from __future__ import annotations

from uuid import uuid4

import pytest

from decision_core.trees.analytics import NodeStats, TreeAnalytics
from decision_core.trees.document import Answer, Node, NodeKind, TreeDocument
from decision_core.trees.walks import Outcome
from entrypoints.web.analytics_chart import (
    LABEL_CHARACTERS,
    LONGEST_BAR_PERCENT,
    ROW_HEIGHT,
    chart,
    rate_text,
)

DOCUMENT = TreeDocument(
    "on",
    (
        Node(
            "on",
            NodeKind.QUESTION,
            "Is it on?",
            answers=(Answer("y", "Yes", "zz-reboot"), Answer("n", "No", "b-power")),
        ),
        Node("zz-reboot", NodeKind.ACTION, "Reboot it", next="fixed"),
        Node("b-power", NodeKind.ESCALATION, ""),
        Node("fixed", NodeKind.SOLUTION, "Printing again " * 10),
    ),
)


def analytics(*nodes: NodeStats) -> TreeAnalytics:
    """Analytics with these node figures (sorted by id, as the core gives them)."""
    return TreeAnalytics(
        started=4,
        completed=2,
        outcomes=dict.fromkeys(Outcome, 0),
        resolution_rate=None,
        median_duration_seconds=None,
        nodes=tuple(sorted(nodes, key=lambda n: n.node_id)),
        answers=(),
    )


def test_rows_follow_the_walk_not_the_ids() -> None:
    """Start first, then its answers' targets, then deeper; an old node last."""
    stats = [
        NodeStats("on", 4, 1, 0),
        NodeStats("zz-reboot", 2, 0, 1),
        NodeStats("b-power", 1, 1, 0),
        NodeStats("fixed", 1, 0, 0),
        NodeStats("a-removed", 1, 0, 0),
    ]
    drawn = chart(analytics(*stats), DOCUMENT)
    assert [row.node_id for row in drawn.rows] == [
        "on",
        "zz-reboot",
        "b-power",
        "fixed",
        "a-removed",
    ]
    assert [row.y for row in drawn.rows] == [i * ROW_HEIGHT for i in range(5)]
    assert drawn.height == 5 * ROW_HEIGHT


def test_bars_are_shares_of_the_most_visited_step() -> None:
    """The busiest step's visits get the longest bar; drop-offs on the same scale."""
    drawn = chart(analytics(NodeStats("on", 4, 1, 0), NodeStats("fixed", 2, 0, 0)), DOCUMENT)
    on, fixed = drawn.rows
    assert on.visits_percent == LONGEST_BAR_PERCENT
    assert on.drop_offs_percent == LONGEST_BAR_PERCENT / 4
    assert fixed.visits_percent == LONGEST_BAR_PERCENT / 2
    assert fixed.drop_offs_percent == 0


def test_labels_name_the_step_and_its_text_briefly() -> None:
    """Id and text, cut to fit; a step without text by its id; a removed one says so."""
    rows = chart(
        analytics(
            NodeStats("fixed", 1, 0, 0), NodeStats("b-power", 1, 0, 0), NodeStats("old", 1, 0, 0)
        ),
        DOCUMENT,
    ).rows
    labels = {row.node_id: row.label for row in rows}
    assert labels["b-power"] == "b-power"
    assert labels["fixed"].startswith("fixed: Printing again")
    assert len(labels["fixed"]) == LABEL_CHARACTERS
    assert labels["fixed"].endswith("…")
    assert {row.node_id: row.full_label for row in rows}[
        "fixed"
    ] == f"fixed: {'Printing again ' * 10}"
    assert labels["old"] == "old (no longer in the tree)"


def test_no_walks_make_no_rows() -> None:
    """Nothing to draw, and no division by zero."""
    assert chart(analytics(), DOCUMENT).rows == ()
    assert chart(analytics(NodeStats("on", 0, 0, 1)), DOCUMENT).rows[0].visits_percent == 0


@pytest.mark.parametrize(
    ("rate", "text"), [(None, "—"), (0.5, "50%"), (2 / 3, "67%"), (1.0, "100%")]
)
def test_rates_read_as_whole_percentages(rate: float | None, text: str) -> None:
    """A dash while nothing is completed."""
    assert rate_text(rate) == text


def test_a_linked_tree_id_is_not_needed_for_the_chart() -> None:
    """Nodes of a linked tree never appear: the core counts only this tree's steps."""
    document = TreeDocument("l", (Node("l", NodeKind.LINK, "Elsewhere", tree_id=str(uuid4())),))
    [row] = chart(analytics(NodeStats("l", 3, 0, 0)), document).rows
    assert row.label == "l: Elsewhere"
