"""A tree as portable JSON: what export writes and import reads back, unchanged.

The format is ``{title, description, category, tags, document}``: no ids,
owner, status or version, because an import always creates a new tree in the
importer's account. ``read_portable(portable_data(tree))`` gives back
exactly ``tree``.
"""

from __future__ import annotations

from collections.abc import Mapping

import attrs

from decision_core.json_value import JsonValue
from decision_core.trees import problems as codes
from decision_core.trees.document import TreeDocument
from decision_core.trees.parsing import Malformed, parse_document
from decision_core.trees.problems import Problem

_FIELDS = frozenset({"title", "description", "category", "tags", "document"})


@attrs.frozen
class PortableTree:
    """The content of a tree that moves between accounts and installations."""

    title: str
    document: TreeDocument
    description: str = ""
    category: str | None = None
    tags: tuple[str, ...] = ()


def portable_data(tree: PortableTree) -> dict[str, JsonValue]:
    """The JSON export of ``tree``."""
    return {
        "title": tree.title,
        "description": tree.description,
        "category": tree.category,
        "tags": list(tree.tags),
        "document": tree.document.to_data(),
    }


def read_portable(data: object) -> PortableTree | Malformed:
    """The tree in an export, or every reason ``data`` is not one. Never raises."""
    if not isinstance(data, Mapping):
        return Malformed((_malformed("export", "must be an object"),))
    found = [_malformed("export", f"unknown field {k!r}") for k in data if k not in _FIELDS]
    title, description = data.get("title"), data.get("description", "")
    category, tags = data.get("category"), data.get("tags", [])
    if not isinstance(title, str):
        found.append(_malformed("title", "must be a string"))
    if not isinstance(description, str):
        found.append(_malformed("description", "must be a string"))
    if not (category is None or isinstance(category, str)):
        found.append(_malformed("category", "must be a string or null"))
    if not (isinstance(tags, list) and all(isinstance(t, str) for t in tags)):
        found.append(_malformed("tags", "must be a list of strings"))
    document = parse_document(data.get("document"))
    if isinstance(document, Malformed):
        found.extend(document.problems)
    if found or isinstance(document, Malformed):
        return Malformed(tuple(found))
    return PortableTree(
        title=str(title),
        document=document,
        description=str(description),
        category=None if category is None else str(category),
        tags=tuple(str(t) for t in tags),
    )


def _malformed(where: str, what: str) -> Problem:
    return codes.error(codes.MALFORMED, f"{where}: {what}")
