"""A tree document as a diagram: Mermaid ``flowchart TD`` and Graphviz DOT.

Author ids and texts are never written raw. Mermaid gets generated ids
(``n0``, ``n1``...; an author's id could be ``end`` or contain ``-->``) and
quoted labels with Mermaid's entity codes for quotes, ``#`` and angle
brackets. DOT gets every id and label double-quoted with backslash escapes.
An edge to a missing node (a draft) is drawn to a node labelled with the
missing id, so the diagram shows the problem instead of hiding it.
"""

from __future__ import annotations

from collections.abc import Iterator

from decision_core.trees.document import Node, NodeKind, TreeDocument

_MERMAID_SHAPES = {
    NodeKind.QUESTION: ("{", "}"),
    NodeKind.ACTION: ("[", "]"),
    NodeKind.SOLUTION: ("([", "])"),
    NodeKind.ESCALATION: ("[[", "]]"),
    NodeKind.LINK: ("[/", "/]"),
}
_DOT_SHAPES = {
    NodeKind.QUESTION: "diamond",
    NodeKind.ACTION: "box",
    NodeKind.SOLUTION: "oval",
    NodeKind.ESCALATION: "doubleoctagon",
    NodeKind.LINK: "parallelogram",
}


def _edges(node: Node) -> Iterator[tuple[str, str]]:
    """(target, label) of every edge the node's kind uses."""
    if node.kind is NodeKind.QUESTION:
        yield from ((a.next, a.label) for a in node.answers if a.next is not None)
    elif node.next is not None and node.kind is NodeKind.ACTION:
        yield node.next, ""


def _label(node: Node) -> str:
    if node.kind is NodeKind.LINK:
        return f"{node.text} (tree {node.tree_id})"
    return node.text


def mermaid(document: TreeDocument) -> str:
    """A Mermaid flowchart, top down."""
    aliases: dict[str, str] = {}

    def alias(node_id: str) -> str:
        return aliases.setdefault(node_id, f"n{len(aliases)}")

    lines = ["flowchart TD"]
    for node in document.nodes:
        opening, closing = _MERMAID_SHAPES[node.kind]
        lines.append(f'    {alias(node.id)}{opening}"{_mermaid_text(_label(node))}"{closing}')
    known = {n.id for n in document.nodes}
    for node in document.nodes:
        for target, label in _edges(node):
            if target not in known:
                known.add(target)
                lines.append(f'    {alias(target)}["{_mermaid_text(f"missing: {target}")}"]')
            arrow = f'-->|"{_mermaid_text(label)}"|' if label else "-->"
            lines.append(f"    {alias(node.id)} {arrow} {alias(target)}")
    return "\n".join(lines) + "\n"


def _mermaid_text(text: str) -> str:
    # Mermaid reads "#name;" as an entity, so "#" itself is escaped first.
    replacements = {"#": "#35;", '"': "#quot;", "<": "#lt;", ">": "#gt;", "\n": " ", "\r": " "}
    return "".join(replacements.get(char, char) for char in text)


def dot(document: TreeDocument) -> str:
    """A Graphviz digraph, top down."""
    lines = ["digraph tree {", "    rankdir=TB;"]
    known = {n.id for n in document.nodes}
    for node in document.nodes:
        shape = _DOT_SHAPES[node.kind]
        lines.append(
            f"    {_dot_quote(node.id)} [label={_dot_quote(_label(node))}, shape={shape}];"
        )
    for node in document.nodes:
        for target, label in _edges(node):
            if target not in known:
                known.add(target)
                missing = _dot_quote(f"missing: {target}")
                lines.append(f"    {_dot_quote(target)} [label={missing}, style=dashed];")
            edge = f"    {_dot_quote(node.id)} -> {_dot_quote(target)}"
            lines.append(f"{edge} [label={_dot_quote(label)}];" if label else f"{edge};")
    lines.append("}")
    return "\n".join(lines) + "\n"


def _dot_quote(text: str) -> str:
    escaped = text.replace("\\", "\\\\").replace('"', '\\"')
    return '"' + escaped.replace("\r", "").replace("\n", "\\n") + '"'
