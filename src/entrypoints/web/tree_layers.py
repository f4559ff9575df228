"""A tree document's nodes in rows: the order a walker meets them, for the diagram and analytics.

A node's row is the *longest* way to it from the start, not counting the
edges that loop back (a "try again" answer): then every other edge leads at
least one row down, so a diagram drawn row by row reads from top to bottom
and only true loops point up. Within a row nodes keep the order a walk
meets them (breadth first, answers in the author's order).

Nodes the start cannot reach (a draft's loose ends) follow in rows of their
own below the reachable ones, laid out the same way among themselves, so
they are shown rather than dropped.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Iterator

import attrs

from decision_core.trees.document import Node, TreeDocument


@attrs.frozen
class Layers:
    """``rows[d]`` holds the nodes of row ``d``; ``reachable`` the ids the start leads to."""

    rows: tuple[tuple[Node, ...], ...]
    reachable: frozenset[str]

    def reading_order(self) -> list[str]:
        """Every node id, row by row: the order a walker meets the steps."""
        return [node.id for row in self.rows for node in row]


def layers(document: TreeDocument) -> Layers:
    """The document's nodes in rows (see the module)."""
    by_id: dict[str, Node] = {}
    for node in document.nodes:
        by_id.setdefault(node.id, node)  # a duplicate id (a draft's error) is drawn once
    reachable = _breadth_first(by_id, document.start) if document.start in by_id else []
    loose = [node_id for node_id in by_id if node_id not in set(reachable)]
    rows: list[list[Node]] = []
    for group in (reachable, loose):
        depth = _longest_paths(by_id, group)
        base = len(rows)
        rows.extend([] for _ in range(max(depth.values(), default=-1) + 1))
        for node_id in group:
            rows[base + depth[node_id]].append(by_id[node_id])
    return Layers(tuple(tuple(row) for row in rows), frozenset(reachable))


def steps_in_reading_order(document: TreeDocument) -> list[Node]:
    """The document's nodes as a walker meets them (a duplicate id's later node left out)."""
    return [node for row in layers(document).rows for node in row]


def _breadth_first(by_id: dict[str, Node], start: str) -> list[str]:
    """Every node ``start`` leads to, in the order a breadth-first walk meets them."""
    found = {start: None}
    queue = deque([start])
    while queue:
        for target in by_id[queue.popleft()].edges():
            if target in by_id and target not in found:
                found[target] = None
                queue.append(target)
    return list(found)


def _longest_paths(by_id: dict[str, Node], group: list[str]) -> dict[str, int]:
    """Each node's longest way from the group's first nodes, edges that loop back left out.

    A depth-first search from each node of ``group`` in order (the start
    first) finds the loops: an edge to a node still on the search's path.
    The rest is acyclic, and its reverse post-order is a topological order.
    """
    members = set(group)
    finished: list[str] = []
    looping: set[tuple[str, str]] = set()
    on_path: set[str] = set()
    seen: set[str] = set()
    for root in group:
        if root in seen:
            continue
        seen.add(root)
        on_path.add(root)
        stack = [(root, _targets(by_id[root], members))]
        while stack:
            node_id, targets = stack[-1]
            target = next(targets, None)
            if target is None:
                stack.pop()
                on_path.discard(node_id)
                finished.append(node_id)
            elif target in on_path:
                looping.add((node_id, target))
            elif target not in seen:
                seen.add(target)
                on_path.add(target)
                stack.append((target, _targets(by_id[target], members)))
    depth = dict.fromkeys(group, 0)
    for node_id in reversed(finished):
        for target in _targets(by_id[node_id], members):
            if (node_id, target) not in looping:
                depth[target] = max(depth[target], depth[node_id] + 1)
    return depth


def _targets(node: Node, members: set[str]) -> Iterator[str]:
    return iter([target for target in node.edges() if target in members])
