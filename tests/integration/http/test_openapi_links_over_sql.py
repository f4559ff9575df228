"""Issue 18 on SQLite and PostgreSQL: the document's links say where a created id is used next."""

from __future__ import annotations

from typing import Any, Final

from tests.integration.http.test_wire_contract_over_sql import documented
from tests.unit.entrypoints.http.trees_wire import PRINTER_DOCUMENT, SESSIONS, TREES, new_tree
from tests.unit.entrypoints.http.wire import Api, Json, Tokens, bearer

CREATED_ID: Final = "$response.body#/id"


def target_of(document: Json, operation_ref: str) -> tuple[str, str]:
    """The (path, method) an ``operationRef`` such as ``#/paths/~1api~1v1~1trees/post`` names."""
    prefix, _, pointer = operation_ref.partition("#/paths/")
    assert prefix == ""
    escaped_path, _, method = pointer.rpartition("/")
    path = escaped_path.replace("~1", "/").replace("~0", "~")
    assert method in document["paths"][path], operation_ref
    return path, method


def filled(value: Any, created_id: str) -> Any:  # noqa: ANN401 - any JSON value of a link
    """A link's request body with the created id in place of its expression."""
    if value == CREATED_ID:
        return created_id
    if isinstance(value, dict):
        return {key: filled(item, created_id) for key, item in value.items()}
    return value


def test_every_link_of_a_creation_leads_to_what_it_created(api: Api, owner_tokens: Tokens) -> None:
    """A new tree's id reads it, its versions, export and analytics; a walk's id reads the walk."""
    document = documented(api)
    tree = new_tree(api, owner_tokens)
    imported = api.post(
        f"{TREES}/import", owner_tokens, {"title": "Imp", "document": PRINTER_DOCUMENT}
    )
    walk = api.post(SESSIONS, owner_tokens, {"tree_id": tree["id"]})
    assert (imported.status_code, walk.status_code) == (201, 201)
    creations = {
        (TREES, "post"): tree["id"],
        (f"{TREES}/import", "post"): imported.json()["id"],
        (SESSIONS, "post"): walk.json()["id"],
    }
    for (path, method), created_id in creations.items():
        links = document["paths"][path][method]["responses"]["201"]["links"]
        assert links, path
        for name, link in links.items():
            target_path, target_method = target_of(document, link["operationRef"])
            target = document["paths"][target_path][target_method]
            in_path = {p["name"] for p in target.get("parameters", []) if p["in"] == "path"}
            url = target_path
            for key, value in link.get("parameters", {}).items():
                location, _, parameter = key.partition(".")
                assert (location, value) == ("path", CREATED_ID), name
                assert parameter in in_path, name
                url = url.replace(f"{{{parameter}}}", created_id)
            assert "{" not in url, name
            body = filled(link.get("requestBody"), created_id)
            if target_method == "get" or body is not None:
                answer = api.client.request(
                    target_method.upper(), url, headers=bearer(owner_tokens.access), json=body
                )
                if name == "WalkTree" and path.endswith("/import"):
                    # An import is a draft, and the link says a walk needs the tree published.
                    assert "published" in link["description"]
                    assert answer.json()["detail"] == "tree_not_published"
                else:
                    assert answer.status_code in {200, 201}, (name, answer.text)
