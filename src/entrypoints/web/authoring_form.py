"""The authoring page's form: the whole tree document as keyed fields, and back.

Each node card of the page has a key, a number that stays with the card while
the page lives (moving a card moves its key along): its fields are
``n{key}.id``, ``n{key}.kind``, ``n{key}.text``, ``n{key}.next`` and
``n{key}.tree_id``, its answer ``j`` is ``n{key}.a{j}.id``, ``.label`` and
``.next``, and a hidden ``order`` field holding the key says where the card
is: the ``order`` fields come in page order, so a card moved on the page
needs no other field renamed.

What the author typed is kept as typed, but for two things the browser adds:
an empty target or tree means none, and a text area's line breaks, which a
browser always sends as CRLF, are read as LF (else every save of an untouched
tree would differ from it and make a new version).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any, Final

import attrs

from decision_core.json_value import JsonValue
from decision_core.trees.catalogue import TreeStatus
from decision_core.usecases.tree_authoring import TreeChange
from entrypoints.web.forms import fields, whole_number

_NODE_FIELD: Final = re.compile(r"n(\d{1,6})\.(id|kind|text|next|tree_id)")
_ANSWER_FIELD: Final = re.compile(r"n(\d{1,6})\.a(\d{1,6})\.(id|label|next)")
_OPTIONAL: Final = frozenset({"next", "tree_id"})
ORDER: Final = "order"
DETAILS: Final = ("title", "description", "category", "tags")
PUBLISH: Final = "publish"
BASE_VERSION: Final = "base_version"
WAS: Final = "was."  # a hidden field holding a detail as the page showed it


@attrs.frozen
class EditorForm:
    """The document a form holds, as JSON data, and the key of each node's card, in order."""

    document: dict[str, JsonValue]
    keys: tuple[int, ...]


def read_editor(form: Mapping[str, Any]) -> EditorForm:
    """The document the form holds, in the order of its cards; fields of no card are ignored."""
    nodes: dict[int, dict[str, JsonValue]] = {}
    answers: dict[int, dict[int, dict[str, JsonValue]]] = {}
    for name in form:
        if found := _NODE_FIELD.fullmatch(name):
            nodes.setdefault(int(found[1]), {})[found[2]] = _value(form, name, found[2])
        elif found := _ANSWER_FIELD.fullmatch(name):
            of_node = answers.setdefault(int(found[1]), {})
            of_node.setdefault(int(found[2]), {})[found[3]] = _value(form, name, found[3])
    keys = _order(form)
    document: list[JsonValue] = []
    for key in keys:
        node = nodes.get(key, {})
        by_position = answers.get(key, {})
        if by_position or node.get("kind") == "question":
            in_order: list[JsonValue] = [by_position[j] for j in sorted(by_position)]
            node["answers"] = in_order
        document.append(node)
    start = fields(form, "start")["start"]
    return EditorForm({"start": start, "nodes": document}, keys)


def tree_change(form: Mapping[str, Any]) -> TreeChange:
    """What a save changes: the document, the status chosen, and the details the author changed.

    A detail is sent only if it differs from what the page showed (``was.title``...),
    so a save never puts back a title someone else changed meanwhile; the document is
    checked against the version the page started from (``base_version``) instead.
    """
    sent = fields(form, "intent", BASE_VERSION)
    details = changed_details(form)
    tags = details.get("tags")
    return TreeChange(
        title=details.get("title"),
        description=details.get("description"),
        category=details.get("category"),
        tags=None if tags is None else tags_of(tags),
        status=TreeStatus.PUBLISHED if sent["intent"] == PUBLISH else TreeStatus.DRAFT,
        document=read_editor(form).document,
        expected_version=whole_number(sent[BASE_VERSION]),
    )


def changed_details(form: Mapping[str, Any]) -> dict[str, str]:
    """The details whose field differs from what the page showed (each, if it did not say)."""
    now = {name: lines(text) for name, text in fields(form, *DETAILS).items()}
    return {name: text for name, text in now.items() if _shown(form, name) != text}


def tags_of(text: str) -> tuple[str, ...]:
    """Comma-separated tags as typed (the core trims them and drops blanks and repeats)."""
    return tuple(text.split(","))


def lines(text: str) -> str:
    """A text area's value with the LF line breaks it was shown with."""
    return text.replace("\r\n", "\n")


def _order(form: Mapping[str, Any]) -> tuple[int, ...]:
    sent = form.get(ORDER, [])
    keys = [whole_number(key) for key in (sent if isinstance(sent, list) else [sent])]
    return tuple(dict.fromkeys(key for key in keys if key is not None and key >= 0))


def _shown(form: Mapping[str, Any], name: str) -> str | None:
    shown = form.get(f"{WAS}{name}")
    return lines(shown) if isinstance(shown, str) else None


def _value(form: Mapping[str, Any], name: str, field: str) -> JsonValue:
    text = lines(fields(form, name)[name])
    if field in _OPTIONAL and not text:
        return None
    return text
