"""OpenAPI links: where the ``id`` a creation answers with is used next.

A created tree's ``id`` is the ``tree_id`` of its reads, changes, exports and
walks; a started walk's ``id`` is the ``session_id`` of its steps. Said in
the document, a client (or a tool such as schemathesis) follows the real
relation instead of guessing one from field names: a guess took the
``tree_id`` of a link node in the request for the id of the tree created.
"""

from __future__ import annotations

from typing import Final

from litestar.openapi.spec import Link

_CREATED_ID: Final = "$response.body#/id"
_TREE: Final = "/api/v1/trees/{tree_id}"
_SESSIONS: Final = "/api/v1/sessions"
_SESSION: Final = f"{_SESSIONS}/{{session_id}}"


def _operation_ref(path: str, method: str) -> str:
    """A JSON pointer to the operation (RFC 6901 escapes ``~`` and ``/``)."""
    return "#/paths/" + path.replace("~", "~0").replace("/", "~1") + "/" + method


def _with_created_id(path: str, method: str, parameter: str) -> Link:
    return Link(
        operation_ref=_operation_ref(path, method),
        parameters={f"path.{parameter}": _CREATED_ID},
    )


A_CREATED_TREE: Final = {
    "ReadTree": _with_created_id(_TREE, "get", "tree_id"),
    "ChangeTree": _with_created_id(_TREE, "put", "tree_id"),
    "DeleteTree": _with_created_id(_TREE, "delete", "tree_id"),
    "ListTreeVersions": _with_created_id(f"{_TREE}/versions", "get", "tree_id"),
    "ExportTree": _with_created_id(f"{_TREE}/export", "get", "tree_id"),
    "ReadTreeAnalytics": _with_created_id(f"{_TREE}/analytics", "get", "tree_id"),
    "WalkTree": Link(
        operation_ref=_operation_ref(_SESSIONS, "post"),
        request_body={"tree_id": _CREATED_ID},
        description="A walk needs the tree published.",
    ),
}
A_STARTED_WALK: Final = {
    "ReadWalk": _with_created_id(_SESSION, "get", "session_id"),
    "TakeStep": _with_created_id(_SESSION, "put", "session_id"),
    "CompleteWalk": _with_created_id(f"{_SESSION}/complete", "post", "session_id"),
    "ExportWalk": _with_created_id(f"{_SESSION}/export", "post", "session_id"),
}
