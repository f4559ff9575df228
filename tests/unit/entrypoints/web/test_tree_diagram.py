"""The tree diagram's layout: rows by depth, loops, missing and unreachable nodes, size."""

from __future__ import annotations

import itertools
import re
from uuid import uuid4

from decision_core.trees.document import Answer, Node, NodeKind, TreeDocument
from entrypoints.web.tree_diagram import (
    COLUMN_GAP,
    NODE_HEIGHT,
    NODE_WIDTH,
    TEXT_LINES,
    Diagram,
    DiagramNode,
    diagram,
)
from entrypoints.web.tree_layers import layers, steps_in_reading_order


def question(node_id: str, *targets: str) -> Node:
    """A question whose answers lead to ``targets`` in order, labelled after them."""
    answers = tuple(Answer(f"a{i}", f"to {t}", t) for i, t in enumerate(targets))
    return Node(node_id, NodeKind.QUESTION, f"Question {node_id}?", answers=answers)


def action(node_id: str, target: str) -> Node:
    """An action leading to ``target``."""
    return Node(node_id, NodeKind.ACTION, f"Do {node_id}", next=target)


def solution(node_id: str) -> Node:
    """A terminal."""
    return Node(node_id, NodeKind.SOLUTION, f"Solved at {node_id}")


def by_id(drawn: Diagram) -> dict[str, DiagramNode]:
    """The drawn nodes by id."""
    return {node.id: node for node in drawn.nodes}


PRINTER = TreeDocument(
    "on",
    (
        question("on", "reboot", "power"),
        action("reboot", "fixed"),
        solution("fixed"),
        Node("power", NodeKind.ESCALATION, "Call facilities"),
    ),
)


def test_nodes_sit_in_rows_by_their_distance_from_the_start() -> None:
    """Start on top; each answer's target one row down; the action's next below it."""
    nodes = by_id(diagram(PRINTER))
    assert nodes["on"].y < nodes["reboot"].y == nodes["power"].y < nodes["fixed"].y
    assert nodes["reboot"].y - nodes["on"].y > NODE_HEIGHT
    assert nodes["on"].is_start
    assert nodes["on"].heading == "Start · Question"
    assert all(node.reachable for node in nodes.values())
    assert diagram(PRINTER).start_centre == nodes["on"].x + NODE_WIDTH // 2


def test_siblings_keep_their_answer_order_without_overlapping() -> None:
    """Answers left to right as the author ordered them, a gap between the boxes."""
    nodes = by_id(diagram(PRINTER))
    assert nodes["power"].x - nodes["reboot"].x == NODE_WIDTH + COLUMN_GAP


def test_edges_carry_the_answer_labels_between_the_rows() -> None:
    """A forward edge is a curve from the bottom of one box to the top of the next."""
    drawn = diagram(PRINTER)
    labels = sorted(edge.label for edge in drawn.edges)
    assert labels == ["", "to power", "to reboot"]
    nodes = by_id(drawn)
    to_reboot, to_power = (
        next(edge for edge in drawn.edges if edge.label == label)
        for label in ("to reboot", "to power")
    )
    bottom = nodes["on"].y + NODE_HEIGHT
    # Two answers share the bottom side, a third of the width apart, in answer order.
    assert to_reboot.path.startswith(f"M{nodes['on'].x + NODE_WIDTH // 3},{bottom} C")
    assert to_power.path.startswith(f"M{nodes['on'].x + 2 * NODE_WIDTH // 3},{bottom} C")
    assert to_reboot.path.endswith(f" {nodes['reboot'].x + NODE_WIDTH // 2},{nodes['reboot'].y}")
    assert bottom < to_reboot.label_y < nodes["reboot"].y
    assert not to_reboot.loops_back


def test_a_loop_back_up_leaves_on_the_right_and_stays_inside_the_drawing() -> None:
    """Retrying a step: a dashed edge round the right-hand side, within the width."""
    document = TreeDocument(
        "ask", (question("ask", "retry", "done"), action("retry", "ask"), solution("done"))
    )
    drawn = diagram(document)
    [loop] = [edge for edge in drawn.edges if edge.loops_back]
    numbers = [int(n) for n in re.findall(r"-?\d+", loop.path)]
    assert max(numbers[0::2]) <= drawn.width
    assert min(numbers) >= 0


def test_unreachable_nodes_are_drawn_below_and_marked() -> None:
    """A draft's loose end is shown, not dropped, and told apart."""
    document = TreeDocument("a", (action("a", "b"), solution("b"), action("lost", "b")))
    nodes = by_id(diagram(document))
    assert not nodes["lost"].reachable
    assert nodes["lost"].y > nodes["b"].y


def test_an_edge_to_a_missing_node_ends_at_a_missing_marker() -> None:
    """The diagram shows a draft's broken edge instead of hiding it."""
    document = TreeDocument("a", (question("a", "b", "ghost"), solution("b")))
    nodes = by_id(diagram(document))
    assert nodes["ghost"].kind == "missing"
    assert nodes["ghost"].y == nodes["b"].y
    assert len(diagram(document).edges) == 2


def test_link_nodes_lead_to_the_linked_tree_page_when_they_name_a_tree() -> None:
    """A link's box is a link; a draft's link without a valid id is not."""
    target = uuid4()
    document = TreeDocument(
        "a",
        (
            question("a", "b", "c"),
            Node("b", NodeKind.LINK, "Power", tree_id=str(target)),
            Node("c", NodeKind.LINK, "Nowhere", tree_id="not-an-id"),
        ),
    )
    nodes = by_id(diagram(document))
    assert nodes["b"].href == f"/trees/{target}"
    assert nodes["c"].href is None
    assert nodes["b"].heading == "Link to another tree"


def test_long_text_is_wrapped_and_cut_with_an_ellipsis() -> None:
    """At most three lines in the box; the whole text stays for the tooltip."""
    words = "Check that the printer cable is firmly plugged in at both ends " * 4
    document = TreeDocument("a", (Node("a", NodeKind.SOLUTION, words),))
    [node] = diagram(document).nodes
    assert len(node.lines) == TEXT_LINES
    assert node.lines[-1].endswith("…")
    assert node.text == words
    [empty] = diagram(TreeDocument("e", (Node("e", NodeKind.SOLUTION),))).nodes
    assert empty.lines == ("(no text)",)


def test_a_two_hundred_node_tree_keeps_every_box_legible_and_apart() -> None:
    """Fixed-size boxes that never overlap, however wide the rows get: the page scrolls."""
    nodes = [question("q0", *(f"q{i}" for i in range(1, 11)))]
    for i in range(1, 11):
        nodes.append(question(f"q{i}", *(f"s{i}-{j}" for j in range(19))))
        nodes.extend(solution(f"s{i}-{j}") for j in range(19))
    drawn = diagram(TreeDocument("q0", tuple(nodes)))
    assert len(drawn.nodes) == 201
    boxes = sorted((node.y, node.x) for node in drawn.nodes)
    for (y1, x1), (y2, x2) in itertools.pairwise(boxes):
        assert y1 != y2 or x2 - x1 >= NODE_WIDTH + COLUMN_GAP
    assert all(0 <= node.x <= drawn.width - NODE_WIDTH for node in drawn.nodes)
    assert all(0 <= node.y <= drawn.height - NODE_HEIGHT for node in drawn.nodes)


def test_children_sit_under_their_parents() -> None:
    """One barycentre pass: a parent's children come before a later parent's."""
    document = TreeDocument(
        "r",
        (
            question("r", "left", "right"),
            question("left", "l1", "l2"),
            question("right", "r1", "r2"),
            *(solution(n) for n in ("r1", "r2", "l1", "l2")),
        ),
    )
    nodes = by_id(diagram(document))
    assert nodes["l1"].x < nodes["l2"].x < nodes["r1"].x < nodes["r2"].x


def test_a_duplicate_id_is_drawn_once_and_an_unknown_start_draws_everything() -> None:
    """Drafts with errors still draw: the first node of an id, every node without a start."""
    document = TreeDocument("gone", (solution("a"), solution("a"), solution("b")))
    found = layers(document)
    assert found.reachable == frozenset()
    assert [node.id for node in steps_in_reading_order(document)] == ["a", "b"]
    empty = diagram(TreeDocument("x", ()))
    assert empty.nodes == ()
    assert empty.start_centre == empty.width // 2


def test_every_edge_but_a_loop_leads_down() -> None:
    """A step reached both early and after a detour sits below the detour (longest way)."""
    document = TreeDocument(
        "net",
        (
            question("net", "client", "fix"),
            action("fix", "check"),
            question("check", "client", "isp"),
            question("client", "retry", "sec"),
            action("retry", "client"),  # try again: the one loop
            solution("isp"),
            solution("sec"),
        ),
    )
    drawn = diagram(document)
    nodes = by_id(drawn)
    assert nodes["client"].y > nodes["check"].y > nodes["fix"].y > nodes["net"].y
    assert [edge.loops_back for edge in drawn.edges].count(True) == 1
    assert layers(document).reading_order()[:3] == ["net", "fix", "check"]


def test_edges_skipping_rows_bend_round_the_boxes_between() -> None:
    """A shortcut past a detour passes through a slot of its own in the detour's rows."""
    document = TreeDocument(
        "a",
        (
            question("a", "detour", "end"),
            action("detour", "more"),
            action("more", "end"),
            solution("end"),
        ),
    )
    drawn = diagram(document)
    nodes = by_id(drawn)
    shortcut = next(edge for edge in drawn.edges if edge.label == "to end")
    # Straight down through the rows of "detour" and "more", beside their boxes.
    bends = [int(x) for x in re.findall(r" L(\d+),", shortcut.path)]
    assert len(bends) == 2
    for x, passed in zip(bends, ("detour", "more"), strict=True):
        box = nodes[passed]
        assert not box.x <= x <= box.x + NODE_WIDTH


def test_two_edges_into_one_node_arrive_apart() -> None:
    """Their labels never sit on top of each other."""
    document = TreeDocument(
        "q",
        (
            question("q", "left", "right"),
            question("left", "end"),
            question("right", "end"),
            solution("end"),
        ),
    )
    into_end = [edge for edge in diagram(document).edges if edge.label == "to end"]
    assert len({(edge.label_x, edge.label_y) for edge in into_end}) == 2
