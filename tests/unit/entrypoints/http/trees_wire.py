"""Decision trees and troubleshooting sessions on the wire: documents and steps."""

from __future__ import annotations

from typing import Final

import httpx

from tests.unit.entrypoints.http.wire import Api, Json, Tokens, bearer

TREES: Final = "/api/v1/trees"
SESSIONS: Final = "/api/v1/sessions"

PRINTER_DOCUMENT: Final[Json] = {
    "start": "q1",
    "nodes": [
        {
            "id": "q1",
            "kind": "question",
            "text": "Is the printer on?",
            "answers": [
                {"id": "yes", "label": "Yes", "next": "a1"},
                {"id": "no", "label": "No", "next": "s1"},
            ],
        },
        {"id": "a1", "kind": "action", "text": "Restart the print spooler", "next": "q2"},
        {
            "id": "q2",
            "kind": "question",
            "text": "Does it print now?",
            "answers": [
                {"id": "yes", "label": "Yes", "next": "s2"},
                {"id": "no", "label": "No", "next": "e1"},
            ],
        },
        {"id": "s1", "kind": "solution", "text": "Switch it on"},
        {"id": "s2", "kind": "solution", "text": "Fixed by the spooler restart"},
        {"id": "e1", "kind": "escalation", "text": "Escalate to the print team"},
    ],
}

# A question whose answer leads nowhere: an error, so it cannot be published.
BROKEN_DOCUMENT: Final[Json] = {
    "start": "q1",
    "nodes": [
        {
            "id": "q1",
            "kind": "question",
            "text": "Broken?",
            "answers": [{"id": "yes", "label": "Yes", "next": "missing"}],
        }
    ],
}


def new_tree(api: Api, caller: Tokens, *, status: str = "published", **fields: object) -> Json:
    """Create a tree, which must succeed; the printer tree unless told otherwise."""
    body: Json = {
        "title": "Printer does not print",
        "description": "Office printers",
        "category": "printing",
        "tags": ["printer", "office"],
        "status": status,
        "document": PRINTER_DOCUMENT,
    }
    body.update(fields)
    response = api.post(TREES, caller, body)
    assert response.status_code == 201, response.text
    created: Json = response.json()
    return created


def put(api: Api, path: str, caller: Tokens, body: Json) -> httpx.Response:
    """PUT ``body`` as ``caller``; the raw response."""
    return api.client.put(path, headers=bearer(caller.access), json=body)
