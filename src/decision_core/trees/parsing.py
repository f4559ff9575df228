"""Reading a tree document from plain JSON data, without ever raising.

The parser checks shape only (types and field names); everything about the
graph is :mod:`~decision_core.trees.validation`'s job. Data it cannot read
gives :class:`Malformed` with one ``malformed`` problem per defect, each naming
where it is (``nodes[2].answers[0].next``).
"""

from __future__ import annotations

from collections.abc import Mapping

import attrs

from decision_core.trees import problems as codes
from decision_core.trees.document import Answer, Node, NodeKind, TreeDocument
from decision_core.trees.problems import Problem

_DOCUMENT_FIELDS = frozenset({"start", "nodes"})
_NODE_FIELDS = frozenset({"id", "kind", "text", "answers", "next", "tree_id"})
_ANSWER_FIELDS = frozenset({"id", "label", "next"})
_KINDS = {kind.value: kind for kind in NodeKind}


@attrs.frozen
class Malformed:
    """Data that is not a document; ``problems`` says every place why."""

    problems: tuple[Problem, ...]


def parse_document(data: object) -> TreeDocument | Malformed:
    """The document in ``data`` (as decoded from JSON), or every reason it is not one.

    A missing or null ``start`` reads as ``""`` (validation reports
    ``missing_start``); a missing ``text`` or ``label`` reads as ``""``;
    ``next`` and ``tree_id`` may be absent or null. Unknown fields are
    malformed, so a typo (``"nxt"``) is reported rather than silently lost.
    """
    reader = _Reader()
    document = reader.document(data)
    if document is None or reader.problems:
        return Malformed(tuple(reader.problems))
    return document


def _malformed(where: str, what: str) -> Problem:
    return codes.error(codes.MALFORMED, f"{where or 'document'}: {what}")


class _Reader:
    """Collects every shape problem while reading, instead of stopping at the first."""

    def __init__(self) -> None:
        self.problems: list[Problem] = []

    def _fields(self, data: object, where: str, allowed: frozenset[str]) -> Mapping[str, object]:
        if not isinstance(data, Mapping):
            self.problems.append(_malformed(where, "must be an object"))
            return {}
        for key in data:
            if key not in allowed:
                self.problems.append(_malformed(where, f"unknown field {key!r}"))
        return {k: v for k, v in data.items() if isinstance(k, str)}

    def _text(self, fields: Mapping[str, object], name: str, where: str, *, required: bool) -> str:
        value = fields.get(name)
        if isinstance(value, str):
            return value
        if value is None and not required:
            return ""
        self.problems.append(_malformed(f"{where}.{name}", "must be a string"))
        return ""

    def _optional(self, fields: Mapping[str, object], name: str, where: str) -> str | None:
        value = fields.get(name)
        if value is None or isinstance(value, str):
            return value
        self.problems.append(_malformed(f"{where}.{name}", "must be a string or null"))
        return None

    def document(self, data: object) -> TreeDocument | None:
        fields = self._fields(data, "", _DOCUMENT_FIELDS)
        start = self._text(fields, "start", "document", required=False)
        raw_nodes = fields.get("nodes")
        if not isinstance(raw_nodes, list):
            self.problems.append(_malformed("nodes", "must be a list"))
            return None
        nodes = [self.node(raw, f"nodes[{i}]") for i, raw in enumerate(raw_nodes)]
        return TreeDocument(start=start, nodes=tuple(n for n in nodes if n is not None))

    def node(self, data: object, where: str) -> Node | None:
        fields = self._fields(data, where, _NODE_FIELDS)
        node_id = self._text(fields, "id", where, required=True)
        kind = _KINDS.get(str(fields.get("kind")))
        if kind is None:
            self.problems.append(_malformed(f"{where}.kind", f"must be one of {sorted(_KINDS)}"))
        raw_answers = fields.get("answers", [])
        if not isinstance(raw_answers, list):
            self.problems.append(_malformed(f"{where}.answers", "must be a list"))
            raw_answers = []
        answers = tuple(self.answer(a, f"{where}.answers[{i}]") for i, a in enumerate(raw_answers))
        text = self._text(fields, "text", where, required=False)
        next_id = self._optional(fields, "next", where)
        tree_id = self._optional(fields, "tree_id", where)
        if kind is None:
            return None
        return Node(node_id, kind, text, answers, next_id, tree_id)

    def answer(self, data: object, where: str) -> Answer:
        fields = self._fields(data, where, _ANSWER_FIELDS)
        return Answer(
            id=self._text(fields, "id", where, required=True),
            label=self._text(fields, "label", where, required=False),
            next=self._optional(fields, "next", where),
        )
