"""Constraints the core enforces, stated in the OpenAPI schema too.

A ``Meta`` length or bound is enforced by the strict decode as a 400; these are
rules the core checks itself and answers 422 (``invalid_email``, ``tree_invalid``
...), so they are written into the document only: the schema then says what
the server accepts without moving the rule out of the core.
"""

from __future__ import annotations

from typing import Annotated, Any, Final

from msgspec import Meta

from decision_core.identity import EMAIL_MAX_LENGTH, PASSWORD_MAX_LENGTH, PASSWORD_MIN_LENGTH
from decision_core.trees.document import NodeKind
from decision_core.usecases.enrolment import NAME_MAX_LENGTH

# At least one character that is not white space (the core strips before it checks).
NOT_BLANK: Final = r"\S"


def documented(**schema: object) -> Meta:
    """JSON Schema keywords for the document only; the core enforces them."""
    return Meta(extra_json_schema={"extra": schema})


Email = Annotated[str, documented(format="email", maxLength=EMAIL_MAX_LENGTH)]
NewPassword = Annotated[
    str, documented(minLength=PASSWORD_MIN_LENGTH, maxLength=PASSWORD_MAX_LENGTH)
]
PersonName = Annotated[str, documented(minLength=1, maxLength=NAME_MAX_LENGTH, pattern=NOT_BLANK)]
# Empty means "name the account after its owner"; otherwise a name like any other.
AccountName = Annotated[str, documented(maxLength=NAME_MAX_LENGTH, pattern=rf"^$|{NOT_BLANK}")]
TreeTitle = Annotated[str, documented(minLength=1, pattern=NOT_BLANK)]

_TEXT_OR_NULL: Final = {"type": ["string", "null"]}
ANSWER_SCHEMA: Final[dict[str, Any]] = {
    "type": "object",
    "additionalProperties": False,
    "required": ["id"],
    "properties": {"id": {"type": "string"}, "label": _TEXT_OR_NULL, "next": _TEXT_OR_NULL},
}
NODE_SCHEMA: Final[dict[str, Any]] = {
    "type": "object",
    "additionalProperties": False,
    "required": ["id", "kind"],
    "properties": {
        "id": {"type": "string"},
        "kind": {"enum": [kind.value for kind in NodeKind]},
        "text": _TEXT_OR_NULL,
        "answers": {"type": "array", "items": ANSWER_SCHEMA},
        "next": _TEXT_OR_NULL,
        "tree_id": _TEXT_OR_NULL,
    },
}
# SPEC 6's graph, as the core's parser reads it (parsing.py): shape only; the
# graph's own rules (edges, traps, links) are validation's, answered 422.
TREE_DOCUMENT_SCHEMA: Final[dict[str, Any]] = {
    "type": "object",
    "additionalProperties": False,
    "required": ["nodes"],
    "properties": {"start": _TEXT_OR_NULL, "nodes": {"type": "array", "items": NODE_SCHEMA}},
}
# A tree export (portable.py), which POST /trees/import reads back.
TREE_EXPORT_SCHEMA: Final[dict[str, Any]] = {
    "type": "object",
    "additionalProperties": False,
    "required": ["title", "document"],
    "properties": {
        "title": {"type": "string", "minLength": 1, "pattern": NOT_BLANK},
        "description": {"type": "string"},
        "category": _TEXT_OR_NULL,
        "tags": {"type": "array", "items": {"type": "string"}},
        "document": TREE_DOCUMENT_SCHEMA,
    },
}
TreeDocumentData = Annotated[Any, documented(**TREE_DOCUMENT_SCHEMA)]
# On a change, null (like a missing key) keeps the document as it is.
TreeDocumentChange = Annotated[
    Any, documented(**(TREE_DOCUMENT_SCHEMA | {"type": ["object", "null"]}))
]
