"""SPEC 6 on the wire: the tree catalogue, authoring, exports and tenancy."""

from __future__ import annotations

from uuid import uuid4

from tests.unit.entrypoints.http.trees_wire import (
    BROKEN_DOCUMENT,
    PRINTER_DOCUMENT,
    SESSIONS,
    TREES,
    new_tree,
    put,
)
from tests.unit.entrypoints.http.wire import Api, Tokens


def test_an_engineer_creates_reads_and_lists_a_tree(api: Api, owner_tokens: Tokens) -> None:
    """201 with the tree; GET, the listing, categories and versions agree."""
    engineer = api.member(owner_tokens, "engineer", "engineer@example.com")
    tree = new_tree(api, engineer)
    assert tree["status"] == "published"
    assert tree["version"] == 1
    assert tree["tags"] == ["printer", "office"]
    assert tree["document"]["start"] == "q1"
    assert api.get(f"{TREES}/{tree['id']}", engineer).json() == tree
    page = api.get(TREES, engineer, {"category": "printing"}).json()
    assert page["total"] == 1
    assert [item["id"] for item in page["items"]] == [tree["id"]]
    assert "document" not in page["items"][0]
    assert api.get(f"{TREES}/categories", engineer).json() == [{"name": "printing", "count": 1}]
    versions = api.get(f"{TREES}/{tree['id']}/versions", engineer).json()
    assert [v["version"] for v in versions["items"]] == [1]
    assert versions["total"] == 1


def test_search_finds_node_text(api: Api, owner_tokens: Tokens) -> None:
    """Matches carry id, title, category, snippet and rank."""
    tree = new_tree(api, owner_tokens)
    response = api.get(f"{TREES}/search", owner_tokens, {"q": "spooler", "limit": 5})
    assert response.status_code == 200, response.text
    items = response.json()["items"]
    assert [item["id"] for item in items] == [tree["id"]]
    assert set(items[0]) == {"id", "title", "category", "snippet", "rank"}


def test_put_keeps_left_out_fields_and_a_new_document_makes_a_version(
    api: Api, owner_tokens: Tokens
) -> None:
    """A title change keeps the document; a document change adds version 2."""
    tree = new_tree(api, owner_tokens)
    path = f"{TREES}/{tree['id']}"
    renamed = put(api, path, owner_tokens, {"title": "Printing problems"})
    assert renamed.status_code == 200, renamed.text
    assert renamed.json()["title"] == "Printing problems"
    assert renamed.json()["category"] == "printing"
    document = PRINTER_DOCUMENT | {"start": "a1"}
    changed = put(api, path, owner_tokens, {"document": document}).json()
    assert changed["version"] == 2
    assert changed["document"]["start"] == "a1"
    assert len(api.get(f"{path}/versions", owner_tokens).json()["items"]) == 2


def test_versions_page_oldest_first_with_limit_offset_and_total(
    api: Api, owner_tokens: Tokens
) -> None:
    """Pages of two cover every version once; bad bounds are 400 naming the parameter."""
    tree = new_tree(api, owner_tokens)
    path = f"{TREES}/{tree['id']}"
    for start in ("a1", "q2", "q1", "a1"):
        changed = put(api, path, owner_tokens, {"document": PRINTER_DOCUMENT | {"start": start}})
        assert changed.status_code == 200, changed.text
    seen: list[int] = []
    for offset in (0, 2, 4):
        page = api.get(f"{path}/versions", owner_tokens, {"limit": 2, "offset": offset}).json()
        assert page["total"] == 5
        seen += [item["version"] for item in page["items"]]
    assert seen == [1, 2, 3, 4, 5]
    past_the_end = api.get(f"{path}/versions", owner_tokens, {"offset": 5}).json()
    assert past_the_end == {"items": [], "total": 5}
    for name, value in (("limit", 0), ("limit", 201), ("offset", -1), ("offset", "x")):
        response = api.get(f"{path}/versions", owner_tokens, {name: value})
        assert response.status_code == 400, (name, value)
        assert response.json()["field"] == name


def test_a_viewer_sees_published_trees_only_and_cannot_author(
    api: Api, owner_tokens: Tokens
) -> None:
    """Drafts are 404 to viewers; authoring is 403."""
    viewer = api.member(owner_tokens, "viewer", "viewer@example.com")
    published = new_tree(api, owner_tokens)
    draft = new_tree(api, owner_tokens, status="draft", title="Draft tree")
    page = api.get(TREES, viewer).json()
    assert [item["id"] for item in page["items"]] == [published["id"]]
    assert page["total"] == 1
    assert api.get(f"{TREES}/{draft['id']}", viewer).status_code == 404
    assert api.get(f"{TREES}/{published['id']}", viewer).status_code == 200
    body = {"title": "Mine", "document": PRINTER_DOCUMENT}
    assert api.post(TREES, viewer, body).status_code == 403
    assert put(api, f"{TREES}/{published['id']}", viewer, {"title": "x"}).status_code == 403
    assert api.delete(f"{TREES}/{published['id']}", viewer).status_code == 403
    assert api.get(f"{TREES}/{published['id']}/analytics", viewer).status_code == 403


def test_only_an_admin_deletes_and_the_delete_is_soft(api: Api, owner_tokens: Tokens) -> None:
    """An engineer gets 403; the admin's delete hides the tree, a walk of it stays readable."""
    engineer = api.member(owner_tokens, "engineer", "engineer@example.com")
    admin = api.member(owner_tokens, "admin", "admin@example.com")
    tree = new_tree(api, engineer)
    walk = api.post(SESSIONS, engineer, {"tree_id": tree["id"]}).json()
    assert api.delete(f"{TREES}/{tree['id']}", engineer).status_code == 403
    assert api.delete(f"{TREES}/{tree['id']}", admin).status_code == 204
    assert api.get(f"{TREES}/{tree['id']}", admin).status_code == 404
    assert api.get(TREES, admin).json()["total"] == 0
    assert api.get(f"{SESSIONS}/{walk['id']}", engineer).status_code == 200


def test_publishing_a_tree_with_errors_answers_422_with_the_problems(
    api: Api, owner_tokens: Tokens
) -> None:
    """A draft with errors saves; publishing it is 422 with structured problems."""
    body = {"title": "Broken", "status": "published", "document": BROKEN_DOCUMENT}
    response = api.post(TREES, owner_tokens, body)
    assert response.status_code == 422, response.text
    problems = response.json()["problems"]
    assert problems
    assert all(set(p) == {"severity", "code", "node_id", "message"} for p in problems)
    assert any(p["severity"] == "error" and p["node_id"] == "q1" for p in problems)
    draft = new_tree(api, owner_tokens, status="draft", document=BROKEN_DOCUMENT)
    publish = put(api, f"{TREES}/{draft['id']}", owner_tokens, {"status": "published"})
    assert publish.status_code == 422
    assert publish.json()["problems"] == problems


def test_export_formats_and_import(api: Api, owner_tokens: Tokens) -> None:
    """JSON re-imports as the same tree (a draft); Mermaid and DOT are plain text."""
    tree = new_tree(api, owner_tokens)
    path = f"{TREES}/{tree['id']}/export"
    exported = api.get(path, owner_tokens, {"format": "json"})
    assert exported.headers["content-type"].startswith("application/json")
    data = exported.json()
    assert data["title"] == tree["title"]
    for diagram, media_type in (("mermaid", "text/plain"), ("dot", "text/vnd.graphviz")):
        response = api.get(path, owner_tokens, {"format": diagram})
        assert response.status_code == 200
        assert response.headers["content-type"].startswith(media_type)
        assert "Restart the print spooler" in response.text
    elsewhere = api.owner("elsewhere@example.com")  # this account has the title already
    imported = api.post(f"{TREES}/import", elsewhere, data)
    assert imported.status_code == 201, imported.text
    assert imported.json()["status"] == "draft"
    assert imported.json()["document"] == tree["document"]
    assert api.get(path, owner_tokens, {"format": "png"}).status_code == 400


def test_importing_a_title_the_account_has_answers_409_naming_its_tree(
    api: Api, owner_tokens: Tokens
) -> None:
    """Nothing is created, whatever the document; a deleted tree's title is free again."""
    tree = new_tree(api, owner_tokens)
    export = api.get(f"{TREES}/{tree['id']}/export", owner_tokens).json()
    changed = export | {"title": f"  {tree['title']} ", "document": BROKEN_DOCUMENT}
    for body in (export, changed):
        again = api.post(f"{TREES}/import", owner_tokens, body)
        assert again.status_code == 409, again.text
        assert again.json() == {
            "status_code": 409,
            "detail": "tree_title_exists",
            "message": f"the account has a tree titled {tree['title']!r} already",
            "tree_id": tree["id"],
        }
    assert api.get(TREES, owner_tokens).json()["total"] == 1
    assert api.delete(f"{TREES}/{tree['id']}", owner_tokens).status_code == 204
    imported = api.post(f"{TREES}/import", owner_tokens, export)
    assert imported.status_code == 201, imported.text
    assert imported.json()["id"] != tree["id"]


def test_every_save_and_read_answers_with_the_documents_problems(
    api: Api, owner_tokens: Tokens
) -> None:
    """Errors and warnings of drafts, none of a clean tree: POST, PUT, import and GET alike."""
    clean = new_tree(api, owner_tokens)
    assert clean["problems"] == []
    draft = new_tree(api, owner_tokens, status="draft", title="Draft", document=BROKEN_DOCUMENT)
    assert [(p["severity"], p["code"], p["node_id"]) for p in draft["problems"]] == [
        ("warning", "single_answer", "q1"),
        ("error", "edge_to_missing_node", "q1"),
        ("error", "trap", "q1"),
    ]
    assert all(set(p) == {"severity", "code", "node_id", "message"} for p in draft["problems"])
    path = f"{TREES}/{draft['id']}"
    assert api.get(path, owner_tokens).json()["problems"] == draft["problems"]
    renamed = put(api, path, owner_tokens, {"title": "Still a draft"}).json()
    assert renamed["problems"] == draft["problems"]
    fixed = put(api, path, owner_tokens, {"document": PRINTER_DOCUMENT}).json()
    assert fixed["problems"] == []
    export = api.get(f"{path}/export", owner_tokens).json()
    imported = api.post(
        f"{TREES}/import", owner_tokens, export | {"title": "Copy", "document": BROKEN_DOCUMENT}
    )
    assert imported.json()["problems"] == draft["problems"]


def test_a_viewers_read_leaves_the_problems_out(api: Api, owner_tokens: Tokens) -> None:
    """Viewers cannot act on them, so their reads skip the work; an engineer's read has them."""
    viewer = api.member(owner_tokens, "viewer", "viewer@example.com")
    engineer = api.member(owner_tokens, "engineer", "engineer@example.com")
    path = f"{TREES}/{new_tree(api, owner_tokens)['id']}"
    assert "problems" not in api.get(path, viewer).json()
    assert api.get(path, engineer).json()["problems"] == []


def test_importing_garbage_answers_422(api: Api, owner_tokens: Tokens) -> None:
    """An unreadable export is a rule violation with problems, never a 500."""
    response = api.post(f"{TREES}/import", owner_tokens, {"nothing": "here"})
    assert response.status_code == 422
    assert response.json()["problems"]


def test_another_accounts_tree_is_404_on_every_endpoint(api: Api, owner_tokens: Tokens) -> None:
    """Never 403, whatever the endpoint, and the same for an unknown id."""
    tree = new_tree(api, owner_tokens)
    stranger = api.owner("stranger@example.com")
    for tree_id in (tree["id"], str(uuid4())):
        path = f"{TREES}/{tree_id}"
        responses = [
            api.get(path, stranger),
            api.get(f"{path}/versions", stranger),
            put(api, path, stranger, {"title": "Hijacked"}),
            api.delete(path, stranger),
            api.get(f"{path}/export", stranger),
            api.get(f"{path}/analytics", stranger),
            api.post(SESSIONS, stranger, {"tree_id": tree_id}),
        ]
        assert [r.status_code for r in responses] == [404] * len(responses)
    assert api.get(TREES, stranger).json() == {"items": [], "total": 0}
    assert api.get(f"{TREES}/search", stranger, {"q": "spooler"}).json() == {"items": []}
    assert api.get(f"{TREES}/categories", stranger).json() == []
