"""Issue 18 on SQLite and PostgreSQL: every status the server answers is documented, as sent.

The statuses other branches brought (415, 409 on import, 429 on a password
change, problems in tree bodies) and the body limit (413), each checked
against the served OpenAPI document.
"""

from __future__ import annotations

import json
from typing import Final

from entrypoints.http.request_screening import MAX_REQUEST_BODY_BYTES
from tests.integration.http.test_wire_contract_over_sql import (
    documented,
    error_schema,
    operations,
    resolved,
)
from tests.unit.entrypoints.http.trees_wire import PRINTER_DOCUMENT, SESSIONS, TREES, new_tree
from tests.unit.entrypoints.http.wire import Api, Json, Tokens, bearer

AUDIT: Final = "/api/v1/accounts/me/audit"
# SPEC 6 has no bound on a tree's size; a generous real one is 200 nodes of long texts.
LARGE_TREE_NODES: Final = 200
JSON_TYPES: Final[dict[str, type | tuple[type, ...]]] = {
    "string": str,
    "integer": int,
    "number": (int, float),
    "boolean": bool,
}
LONG_TEXT: Final = "Check the cable at the back of the device, then try again. " * 20


def assert_matches(document: Json, schema: Json, body: Json) -> None:
    """``body`` has every required field of ``schema`` and no field it does not name."""
    shape = resolved(document, schema)
    assert set(shape["required"]) <= set(body) <= set(shape["properties"]), (shape, body)


def test_every_operation_with_a_body_documents_413_and_415(api: Api, owner_tokens: Tokens) -> None:
    """A body too large or of another media type is refused, and the document says how."""
    document = documented(api)
    with_body = [(p, m) for p, m, operation in operations(document) if "requestBody" in operation]
    assert with_body
    for path, method in with_body:
        for status in (413, 415):
            assert error_schema(document, path, method, status)["title"] == "ErrorBody"
    plain = api.client.post(
        TREES, content=b"{}", headers={**bearer(owner_tokens.access), "Content-Type": "text/plain"}
    )
    assert plain.status_code == 415
    assert_matches(document, error_schema(document, TREES, "post", 415), plain.json())


def test_a_body_past_the_limit_answers_413_and_a_large_tree_fits(
    api: Api, owner_tokens: Tokens
) -> None:
    """1 MiB bounds what msgspec must decode; a tree of 200 long nodes is far below it."""
    nodes: list[Json] = [
        {"id": f"a{i}", "kind": "action", "text": LONG_TEXT, "next": f"a{i + 1}"}
        for i in range(LARGE_TREE_NODES - 1)
    ]
    nodes.append({"id": f"a{LARGE_TREE_NODES - 1}", "kind": "solution", "text": LONG_TEXT})
    large = {"title": "Large", "document": {"start": "a0", "nodes": nodes}}
    assert len(json.dumps(large)) < MAX_REQUEST_BODY_BYTES // 2
    assert api.post(TREES, owner_tokens, large).status_code == 201
    padding = " " * MAX_REQUEST_BODY_BYTES  # valid JSON white space: only the size is wrong
    too_large = api.client.post(
        TREES,
        content=json.dumps(large).encode() + padding.encode(),
        headers={**bearer(owner_tokens.access), "Content-Type": "application/json"},
    )
    assert too_large.status_code == 413
    assert too_large.json()["detail"] == "request_body_too_large"
    assert_matches(
        documented(api), error_schema(documented(api), TREES, "post", 413), too_large.json()
    )


def test_an_import_of_a_title_the_account_has_answers_the_documented_409(
    api: Api, owner_tokens: Tokens
) -> None:
    """409 ``tree_title_exists`` names the tree, and the document says it does."""
    export = {"title": "Printer", "document": PRINTER_DOCUMENT}
    first = api.post(f"{TREES}/import", owner_tokens, export)
    assert first.status_code == 201, first.text
    again = api.post(f"{TREES}/import", owner_tokens, export)
    assert again.status_code == 409
    assert again.json()["tree_id"] == first.json()["id"]
    document = documented(api)
    schema = error_schema(document, f"{TREES}/import", "post", 409)
    assert "tree_id" in schema["required"]
    assert_matches(document, schema, again.json())


def test_a_throttled_password_change_answers_the_documented_429(
    api: Api, owner_tokens: Tokens
) -> None:
    """The sixth wrong current password is a 429 with Retry-After, as documented."""
    wrong = {"current_password": "not it at all", "new_password": "a brand new passphrase"}
    answers = [api.post("/api/v1/auth/password", owner_tokens, wrong) for _ in range(6)]
    assert [a.status_code for a in answers] == [422] * 5 + [429]
    document = documented(api)
    answer = document["paths"]["/api/v1/auth/password"]["post"]["responses"]["429"]
    assert "Retry-After" in answer["headers"]
    assert answers[-1].headers["Retry-After"]
    schema = error_schema(document, "/api/v1/auth/password", "post", 429)
    assert_matches(document, schema, answers[-1].json())


def test_a_tree_body_lists_problems_as_objects_like_a_422(api: Api, owner_tokens: Tokens) -> None:
    """One problem shape: a tree's ``problems`` and a 422's are the same component."""
    document = documented(api)
    tree = document["components"]["schemas"]["TreeBody"]["properties"]["problems"]
    arms = [arm for arm in tree.get("oneOf", [tree]) if arm.get("type") == "array"]
    rule = error_schema(document, TREES, "post", 422)["properties"]["problems"]
    assert [arm["items"] for arm in arms] == [rule["items"]]
    warned = {
        "title": "One answer",
        "document": {
            "start": "s",
            "nodes": [
                {"id": "s", "kind": "solution", "text": ""},
            ],
        },
    }
    created = api.post(TREES, owner_tokens, warned)
    assert created.status_code == 201, created.text
    [problem] = created.json()["problems"]
    assert_matches(document, rule["items"], problem)


def test_an_empty_audit_cursor_reads_the_first_page(api: Api, owner_tokens: Tokens) -> None:
    """``before=`` (empty) is no cursor at all, as the document says, not a 400."""
    first = api.get(AUDIT, owner_tokens)
    empty = api.get(AUDIT, owner_tokens, {"before": ""})
    assert empty.status_code == 200, empty.text
    assert empty.json() == first.json()
    [before] = [
        p for p in documented(api)["paths"][AUDIT]["get"]["parameters"] if p["name"] == "before"
    ]
    assert "empty" in before["description"]


def assert_conforms(document: Json, schema: Json, value: object) -> None:
    """``value`` has the shape ``schema`` gives it: fields, nesting, and JSON types."""
    shape = resolved(document, schema)
    arms = [resolved(document, arm) for arm in shape.get("oneOf", [])]
    if arms:
        real = [arm for arm in arms if arm.get("type") != "null"]
        if value is not None:
            assert_conforms(document, real[0], value)
        else:
            assert len(real) < len(arms)
        return
    kind = shape.get("type")
    if kind == "object":
        assert isinstance(value, dict)
        assert_matches(document, shape, value)
        for key, item in value.items():
            assert_conforms(document, shape["properties"][key], item)
    elif kind == "array":
        assert isinstance(value, list)
        for item in value:
            assert_conforms(document, shape["items"], item)
    elif "enum" in shape:
        assert value in shape["enum"]
    else:
        assert isinstance(value, JSON_TYPES[str(kind)]), (shape, value)


def test_a_session_body_is_documented_as_answered(api: Api, owner_tokens: Tokens) -> None:
    """Start, read, step, complete and the JSON export answer the documented WalkBody."""
    document = documented(api)
    tree = new_tree(api, owner_tokens)
    started = api.post(SESSIONS, owner_tokens, {"tree_id": tree["id"], "ticket_ref": "T-1"})
    walk = f"{SESSIONS}/{started.json()['id']}"
    answers = {
        (SESSIONS, "post", "201"): started,
        (f"{SESSIONS}/{{session_id}}", "put", "200"): api.client.put(
            walk,
            headers=bearer(owner_tokens.access),
            json={"op": "answer", "answer_id": "yes", "note": "on"},
        ),
        (f"{SESSIONS}/{{session_id}}", "get", "200"): api.get(walk, owner_tokens),
        (f"{SESSIONS}/{{session_id}}/complete", "post", "200"): api.post(
            f"{walk}/complete", owner_tokens, {"outcome": "resolved", "summary": "done"}
        ),
        (f"{SESSIONS}/{{session_id}}/export", "post", "200"): api.post(
            f"{walk}/export", owner_tokens, {"format": "json"}
        ),
    }
    for (path, method, status), answer in answers.items():
        assert answer.status_code == int(status), answer.text
        schema = document["paths"][path][method]["responses"][status]["content"]["application/json"]
        assert resolved(document, schema["schema"])["title"] == "WalkBody", path
        assert_conforms(document, schema["schema"], answer.json())
    assert (
        answers[(f"{SESSIONS}/{{session_id}}", "get", "200")].json()["path"][0]["answer_id"]
        == "yes"
    )
