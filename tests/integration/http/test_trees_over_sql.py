"""SPEC 6 end to end over HTTP on SQLite and PostgreSQL: catalogue, authoring, roles, tenancy."""

from __future__ import annotations

from functools import partial
from typing import Final
from uuid import uuid4

from litestar.testing import TestClient

from tests.unit.entrypoints.http.trees_wire import (
    BROKEN_DOCUMENT,
    PRINTER_DOCUMENT,
    TREES,
    new_tree,
    put,
)
from tests.unit.entrypoints.http.wire import Api, Json, Tokens

from .conftest import AppFactory
from .tree_steps import (
    PRINTING,
    VPN,
    call,
    import_demo_trees,
    routes_under,
    simultaneously,
    started,
)

TREE: Final = f"{TREES}/{{tree_id}}"

# Every route that names a tree, with the requests that exercise it (each export format).
CALLS_NAMING_A_TREE: Final[list[tuple[str, str, Json | None, dict[str, str | int] | None]]] = [
    ("GET", TREE, None, None),
    ("PUT", TREE, {"title": "Hijacked"}, None),
    ("PUT", TREE, {"document": PRINTER_DOCUMENT | {"start": "a1"}}, None),
    ("DELETE", TREE, None, None),
    ("GET", f"{TREE}/versions", None, None),
    ("GET", f"{TREE}/export", None, {"format": "json"}),
    ("GET", f"{TREE}/export", None, {"format": "mermaid"}),
    ("GET", f"{TREE}/export", None, {"format": "dot"}),
    ("GET", f"{TREE}/analytics", None, None),
]
# The routes without a tree id in the path: their tenancy test is the one below.
COLLECTION_ROUTES: Final = {
    ("GET", TREES),
    ("POST", TREES),
    ("GET", f"{TREES}/categories"),
    ("GET", f"{TREES}/search"),
    ("POST", f"{TREES}/import"),
}


def document_saying(text: str) -> Json:
    """A one-node tree whose only text is ``text``."""
    return {"start": "s", "nodes": [{"id": "s", "kind": "solution", "text": text}]}


def linking_to(tree_id: str) -> Json:
    """A tree whose only step leads into the tree ``tree_id``."""
    return {
        "start": "go",
        "nodes": [
            {"id": "go", "kind": "link", "text": "Follow the other tree", "tree_id": tree_id}
        ],
    }


def test_a_new_user_imports_the_demo_trees_and_finds_the_printer_tree(api: Api) -> None:
    """Search "printer": the printing tree first, ranked, with a snippet; categories counted."""
    owner = api.owner()
    ids = import_demo_trees(api, owner)
    assert len(ids) == 5
    found = api.get(f"{TREES}/search", owner, {"q": "printer"})
    assert found.status_code == 200, found.text
    best = found.json()["items"][0]
    assert (best["id"], best["title"], best["category"]) == (ids[PRINTING], PRINTING, "Printing")
    assert best["rank"] > 0
    assert "printer" in best["snippet"].lower()
    by_node_text = api.get(f"{TREES}/search", owner, {"q": "spooler"}).json()["items"]
    assert [hit["id"] for hit in by_node_text] == [ids[PRINTING]]
    assert api.get(f"{TREES}/search", owner, {"q": "zeppelin"}).json() == {"items": []}
    assert api.get(f"{TREES}/categories", owner).json() == [
        {"name": "Email", "count": 1},
        {"name": "Network", "count": 2},
        {"name": "Printing", "count": 1},
        {"name": "Workstation", "count": 1},
    ]


def test_lists_page_with_limit_offset_and_total(api: Api, owner_tokens: Tokens) -> None:
    """Pages of two cover every tree once; filters narrow the total; bad bounds are 400."""
    ids = import_demo_trees(api, owner_tokens)
    draft = new_tree(api, owner_tokens, status="draft", title="Unfinished")
    seen: list[str] = []
    for offset in (0, 2, 4):
        page = api.get(TREES, owner_tokens, {"limit": 2, "offset": offset}).json()
        assert page["total"] == 6
        assert len(page["items"]) == 2
        seen += [item["id"] for item in page["items"]]
    assert sorted(seen) == sorted([*ids.values(), draft["id"]])
    past_the_end = api.get(TREES, owner_tokens, {"limit": 2, "offset": 6}).json()
    assert past_the_end == {"items": [], "total": 6}
    network = api.get(TREES, owner_tokens, {"category": "Network"}).json()
    assert network["total"] == 2
    assert api.get(TREES, owner_tokens, {"tag": "vpn"}).json()["items"][0]["id"] == ids[VPN]
    assert api.get(TREES, owner_tokens, {"tag": "vpn"}).json()["total"] == 1
    drafts = api.get(TREES, owner_tokens, {"status": "draft"}).json()
    assert [item["id"] for item in drafts["items"]] == [draft["id"]]
    bad_params: list[dict[str, str | int]] = [
        {"limit": 0},
        {"limit": 201},
        {"offset": -1},
        {"status": "archived"},
    ]
    for bad in bad_params:
        assert api.get(TREES, owner_tokens, bad).status_code == 400, bad
    assert api.get(f"{TREES}/search", owner_tokens, {"q": "vpn", "limit": 0}).status_code == 400
    assert api.get(f"{TREES}/search", owner_tokens).status_code == 400


def test_versions_page_oldest_first_from_the_database(api: Api, owner_tokens: Tokens) -> None:
    """Pages of two cover every version once with the total; bad bounds are 400 naming them."""
    tree = new_tree(api, owner_tokens)
    path = f"{TREE.format(tree_id=tree['id'])}/versions"
    for start in ("a1", "q2", "q1", "a1"):
        change = {"document": PRINTER_DOCUMENT | {"start": start}}
        assert put(api, TREE.format(tree_id=tree["id"]), owner_tokens, change).status_code == 200
    seen: list[int] = []
    for offset in (0, 2, 4):
        page = api.get(path, owner_tokens, {"limit": 2, "offset": offset}).json()
        assert page["total"] == 5
        seen += [item["version"] for item in page["items"]]
    assert seen == [1, 2, 3, 4, 5]
    assert api.get(path, owner_tokens, {"offset": 7}).json() == {"items": [], "total": 5}
    assert [v["version"] for v in api.get(path, owner_tokens, {"limit": 1}).json()["items"]] == [1]
    for name, value in (("limit", 0), ("limit", 201), ("offset", -1)):
        response = api.get(path, owner_tokens, {name: value})
        assert response.status_code == 400, (name, value)
        assert response.json()["field"] == name


def test_search_ranks_title_above_tags_above_node_text(api: Api, owner_tokens: Tokens) -> None:
    """The same word in the title, then only in the tags, then only in a node's text."""
    by_text = new_tree(
        api,
        owner_tokens,
        title="Office device",
        description="",
        tags=[],
        document=document_saying("Check the toner cartridge"),
    )
    by_tags = new_tree(
        api,
        owner_tokens,
        title="Office hardware",
        description="",
        tags=["toner"],
        document=document_saying("Open the tray"),
    )
    by_title = new_tree(
        api,
        owner_tokens,
        title="Toner runs out",
        description="",
        tags=[],
        document=document_saying("Open the tray"),
    )
    items = api.get(f"{TREES}/search", owner_tokens, {"q": "toner"}).json()["items"]
    assert [hit["id"] for hit in items] == [by_title["id"], by_tags["id"], by_text["id"]]
    assert items[0]["rank"] > items[1]["rank"] > items[2]["rank"] > 0
    limited = api.get(f"{TREES}/search", owner_tokens, {"q": "toner", "limit": 1}).json()
    assert [hit["id"] for hit in limited["items"]] == [by_title["id"]]


def test_an_update_makes_versions_and_exports_round_trip(api: Api, owner_tokens: Tokens) -> None:
    """Metadata changes keep the version; a new document makes one; JSON re-imports."""
    engineer = api.member(owner_tokens, "engineer", "engineer@example.com")
    engineer_id = api.get("/api/v1/auth/me", engineer).json()["user"]["id"]
    tree = new_tree(api, engineer)
    path = f"{TREES}/{tree['id']}"
    renamed = put(api, path, engineer, {"title": "Printing problems", "tags": ["printer"]})
    assert (renamed.json()["version"], renamed.json()["tags"]) == (1, ["printer"])
    assert renamed.json()["category"] == "printing"
    changed = PRINTER_DOCUMENT | {"start": "a1"}
    assert put(api, path, engineer, {"document": changed}).json()["version"] == 2
    assert put(api, path, engineer, {"document": changed}).json()["version"] == 2
    versions = api.get(f"{path}/versions", engineer).json()["items"]
    assert [(v["version"], v["document"]["start"]) for v in versions] == [(1, "q1"), (2, "a1")]
    assert {v["created_by"] for v in versions} == {engineer_id}
    exported = api.get(f"{path}/export", engineer, {"format": "json"})
    assert exported.headers["content-type"].startswith("application/json")
    data = exported.json()
    assert set(data) == {"title", "description", "category", "tags", "document"}
    taken = api.post(f"{TREES}/import", engineer, data)
    assert (taken.status_code, taken.json()["tree_id"]) == (409, tree["id"])
    elsewhere = api.owner("elsewhere@example.com")
    imported = api.post(f"{TREES}/import", elsewhere, data).json()
    assert (imported["title"], imported["status"]) == ("Printing problems", "draft")
    assert imported["document"] == api.get(path, engineer).json()["document"]
    mermaid = api.get(f"{path}/export", engineer, {"format": "mermaid"})
    assert mermaid.headers["content-type"].startswith("text/plain")
    assert mermaid.text.startswith("flowchart")
    assert "Restart the print spooler" in mermaid.text
    graphviz = api.get(f"{path}/export", engineer, {"format": "dot"}).text
    assert graphviz.startswith("digraph")
    assert '"Restart the print spooler"' in graphviz
    assert api.get(f"{path}/export", engineer, {"format": "png"}).status_code == 400
    actions = [event["action"] for event in api.audit(owner_tokens) if "tree" in event["action"]]
    assert sorted(actions) == ["tree.created", "tree.updated", "tree.updated"]
    assert [event["action"] for event in api.audit(elsewhere, "tree.created")] == ["tree.created"]


def test_a_viewer_walks_published_trees_but_sees_no_draft_and_cannot_author(
    api: Api, owner_tokens: Tokens
) -> None:
    """Drafts are 404 everywhere for a viewer; every authoring call is 403."""
    engineer = api.member(owner_tokens, "engineer", "engineer@example.com")
    viewer = api.member(owner_tokens, "viewer", "viewer@example.com")
    published = new_tree(api, engineer)
    draft = new_tree(api, engineer, status="draft", title="Draft printer tree", category="drafts")
    assert [item["id"] for item in api.get(TREES, viewer).json()["items"]] == [published["id"]]
    assert api.get(f"{TREES}/categories", viewer).json() == [{"name": "printing", "count": 1}]
    hits = api.get(f"{TREES}/search", viewer, {"q": "printer"}).json()["items"]
    assert [hit["id"] for hit in hits] == [published["id"]]
    for suffix in ("", "/versions", "/export"):
        assert api.get(f"{TREES}/{draft['id']}{suffix}", viewer).status_code == 404, suffix
    assert api.post("/api/v1/sessions", viewer, {"tree_id": draft["id"]}).status_code == 404
    own = f"{TREES}/{published['id']}"
    refusals = [
        api.post(TREES, viewer, {"title": "Mine", "document": PRINTER_DOCUMENT}),
        api.post(f"{TREES}/import", viewer, {"title": "Mine", "document": PRINTER_DOCUMENT}),
        put(api, own, viewer, {"title": "Mine"}),
        api.delete(own, viewer),
        api.get(f"{own}/analytics", viewer),
    ]
    assert [r.status_code for r in refusals] == [403] * len(refusals)
    walk = started(api, viewer, published["id"])
    step = put(api, f"/api/v1/sessions/{walk['id']}", viewer, {"op": "answer", "answer_id": "no"})
    assert step.json()["current_node"]["id"] == "s1"
    assert api.get(TREES, engineer).json()["total"] == 2
    assert api.get(own, engineer).json()["title"] == "Printer does not print"


def test_only_an_admin_deletes_softly_and_walks_stay_readable(
    api: Api, owner_tokens: Tokens
) -> None:
    """After the delete the tree is 404 and gone from every list; its walk can be finished."""
    engineer = api.member(owner_tokens, "engineer", "engineer@example.com")
    admin = api.member(owner_tokens, "admin", "admin@example.com")
    tree = new_tree(api, engineer)
    path = f"{TREES}/{tree['id']}"
    started_walk = started(api, engineer, tree["id"], "INC-7")
    walk = f"/api/v1/sessions/{started_walk['id']}"
    assert api.delete(path, engineer).status_code == 403
    assert api.delete(path, admin).status_code == 204
    gone = [
        api.get(path, admin),
        api.get(f"{path}/versions", admin),
        api.get(f"{path}/export", admin),
        api.get(f"{path}/analytics", admin),
        put(api, path, admin, {"title": "Back again"}),
        api.delete(path, admin),
        api.post("/api/v1/sessions", engineer, {"tree_id": tree["id"]}),
    ]
    assert [r.status_code for r in gone] == [404] * len(gone)
    assert api.get(TREES, admin).json() == {"items": [], "total": 0}
    assert api.get(f"{TREES}/search", admin, {"q": "printer"}).json() == {"items": []}
    assert api.get(f"{TREES}/categories", admin).json() == []
    assert api.get(walk, engineer).json()["tree_title"] == "Printer does not print"
    step = put(api, walk, engineer, {"op": "answer", "answer_id": "no"})
    assert step.status_code == 200, step.text
    done = api.post(f"{walk}/complete", engineer, {"outcome": "resolved"})
    assert done.json()["status"] == "completed"
    markdown = api.post(f"{walk}/export", engineer, {"format": "markdown"})
    assert "INC-7" in markdown.text
    assert len(api.audit(owner_tokens, "tree.deleted")) == 1


def test_publishing_an_invalid_tree_answers_422_listing_every_problem(
    api: Api, owner_tokens: Tokens
) -> None:
    """Missing edge, trap and unknown link all listed; a draft saves, nothing is published."""
    document: Json = {
        "start": "q1",
        "nodes": [
            {
                "id": "q1",
                "kind": "question",
                "text": "Which way?",
                "answers": [
                    {"id": "lost", "label": "Nowhere", "next": "missing"},
                    {"id": "loop", "label": "Round", "next": "a1"},
                    {"id": "out", "label": "Elsewhere", "next": "l1"},
                ],
            },
            {"id": "a1", "kind": "action", "text": "Go round", "next": "a2"},
            {"id": "a2", "kind": "action", "text": "And round", "next": "a1"},
            {"id": "l1", "kind": "link", "text": "Elsewhere", "tree_id": str(uuid4())},
        ],
    }
    body = {"title": "Broken", "status": "published", "document": document}
    refused = api.post(TREES, owner_tokens, body)
    assert refused.status_code == 422, refused.text
    assert refused.json()["detail"] == "tree_invalid"
    problems = refused.json()["problems"]
    codes = {(p["code"], p["node_id"]) for p in problems if p["severity"] == "error"}
    assert {("edge_to_missing_node", "q1"), ("trap", "a1"), ("link_to_unknown_tree", "l1")} <= codes
    assert api.get(TREES, owner_tokens).json()["total"] == 0
    draft = new_tree(api, owner_tokens, status="draft", document=document)
    publish = put(api, f"{TREES}/{draft['id']}", owner_tokens, {"status": "published"})
    assert publish.status_code == 422
    assert publish.json()["problems"] == problems
    assert api.get(f"{TREES}/{draft['id']}", owner_tokens).json()["status"] == "draft"
    published = new_tree(api, owner_tokens)
    broken = put(api, f"{TREES}/{published['id']}", owner_tokens, {"document": BROKEN_DOCUMENT})
    assert broken.status_code == 422
    versions = api.get(f"{TREES}/{published['id']}/versions", owner_tokens).json()
    assert (versions["total"], versions["items"][-1]["version"]) == (1, 1)
    garbage = api.post(f"{TREES}/import", owner_tokens, {"nothing": "here"})
    assert garbage.status_code == 422
    assert garbage.json()["problems"]


def test_malformed_tree_bodies_answer_400_naming_the_field(api: Api, owner_tokens: Tokens) -> None:
    """Wrong type, missing, unknown or out-of-range fields; nothing is written."""
    valid: Json = {"title": "Printer", "document": PRINTER_DOCUMENT}
    cases: list[tuple[Json, str]] = [
        (valid | {"title": 5}, "title"),
        ({"document": PRINTER_DOCUMENT}, "title"),
        (valid | {"colour": "red"}, "colour"),
        (valid | {"tags": "printer"}, "tags"),
        (valid | {"status": "archived"}, "status"),
    ]
    for body, field in cases:
        response = api.post(TREES, owner_tokens, body)
        assert response.status_code == 400, body
        assert field in (response.json()["field"] or ""), response.json()
    tree = new_tree(api, owner_tokens)
    response = put(api, f"{TREES}/{tree['id']}", owner_tokens, {"tags": [1]})
    assert response.status_code == 400
    assert "tags" in response.json()["field"]
    not_json = api.client.post(
        TREES,
        content=b"{title",
        headers={
            "Authorization": f"Bearer {owner_tokens.access}",
            "Content-Type": "application/json",
        },
    )
    assert not_json.status_code == 400
    # PostgreSQL cannot store U+0000: refused as input before it reaches the database.
    nul = api.post(TREES, owner_tokens, valid | {"title": "Printer\x00"})
    assert (nul.status_code, nul.json()["field"]) == (400, "title")
    for query in ("printer\x00", "\x00"):
        assert api.get(f"{TREES}/search", owner_tokens, {"q": query}).status_code == 400
    assert api.get(TREES, owner_tokens, {"tag": "\x00"}).status_code == 400
    assert api.get(TREES, owner_tokens).json()["total"] == 1
    assert api.get(f"{TREES}/{tree['id']}", owner_tokens).json()["tags"] == ["printer", "office"]


def test_another_accounts_tree_is_404_on_every_route_naming_it(
    api: Api, owner_tokens: Tokens
) -> None:
    """The strongest role of another account gets what an unknown id gets: 404, no data."""
    tree = new_tree(api, owner_tokens)
    before = api.get(f"{TREES}/{tree['id']}", owner_tokens).json()
    stranger = api.owner("stranger@elsewhere.example")
    unknown = str(uuid4())
    for method, template, body, params in CALLS_NAMING_A_TREE:
        foreign = call(
            api, stranger, method, template.format(tree_id=tree["id"]), body=body, params=params
        )
        missing = call(
            api, stranger, method, template.format(tree_id=unknown), body=body, params=params
        )
        assert foreign.status_code == 404, (method, template, foreign.text)
        assert foreign.json() == missing.json() == {"status_code": 404, "detail": "not_found"}
    assert api.get(f"{TREES}/{tree['id']}", owner_tokens).json() == before
    assert api.get(f"{TREES}/{tree['id']}/versions", owner_tokens).json()["total"] == 1


def test_a_foreign_viewers_refusals_do_not_depend_on_the_tree(
    api: Api, owner_tokens: Tokens
) -> None:
    """Role refusals come before the lookup (403 for any id), so they leak nothing either."""
    tree = new_tree(api, owner_tokens)
    stranger = api.owner("stranger@elsewhere.example")
    viewer = api.member(stranger, "viewer", "viewer@elsewhere.example")
    unknown = str(uuid4())
    statuses = []
    for method, template, body, params in CALLS_NAMING_A_TREE:
        foreign = call(
            api, viewer, method, template.format(tree_id=tree["id"]), body=body, params=params
        )
        missing = call(
            api, viewer, method, template.format(tree_id=unknown), body=body, params=params
        )
        assert foreign.json() == missing.json(), (method, template)
        statuses.append(foreign.status_code)
    assert statuses == [404, 403, 403, 403, 404, 404, 404, 404, 403]


def test_another_accounts_trees_never_reach_the_collection_routes(
    api: Api, owner_tokens: Tokens
) -> None:
    """Lists, categories and search show nothing; a link to a foreign tree is unknown."""
    tree = new_tree(api, owner_tokens)
    stranger = api.owner("stranger@elsewhere.example")
    assert api.get(TREES, stranger, {"category": "printing"}).json() == {"items": [], "total": 0}
    assert api.get(f"{TREES}/categories", stranger).json() == []
    assert api.get(f"{TREES}/search", stranger, {"q": "printer"}).json() == {"items": []}
    for tree_id in (tree["id"], str(uuid4())):
        body = {"title": f"Bridge to {tree_id}", "document": linking_to(tree_id)}
        refused = api.post(TREES, stranger, body | {"status": "published"})
        assert refused.status_code == 422, refused.text
        assert [(p["code"], p["node_id"]) for p in refused.json()["problems"]] == [
            ("link_to_unknown_tree", "go")
        ]
        imported = api.post(f"{TREES}/import", stranger, body)
        assert imported.status_code == 201, imported.text
        publish = put(api, f"{TREES}/{imported.json()['id']}", stranger, {"status": "published"})
        assert publish.status_code == 422
        assert publish.json()["problems"] == refused.json()["problems"]
    assert api.get(TREES, owner_tokens).json()["total"] == 1


def test_two_workers_changing_one_tree_at_once_both_land(make_app: AppFactory) -> None:
    """Versions 2 and 3, and neither change drops the other's fields (no 500, no lost update)."""
    with TestClient(app=make_app()) as first, TestClient(app=make_app()) as second:
        one, two = Api(first), Api(second)
        owner = one.owner()
        for round_number in range(3):
            path = f"{TREES}/{new_tree(one, owner, title=f'Round {round_number}')['id']}"
            renaming = {"title": "A", "document": PRINTER_DOCUMENT | {"start": "a1"}}
            tagging = {"tags": ["b"], "document": PRINTER_DOCUMENT | {"start": "q2"}}
            answers = simultaneously(
                partial(put, one, path, owner, renaming), partial(put, two, path, owner, tagging)
            )
            assert [r.status_code for r in answers] == [200, 200], [r.text for r in answers]
            final = one.get(path, owner).json()
            assert (final["version"], final["title"], final["tags"]) == (3, "A", ["b"])
            versions = one.get(f"{path}/versions", owner).json()["items"]
            assert [v["version"] for v in versions] == [1, 2, 3]
            assert {v["document"]["start"] for v in versions[1:]} == {"a1", "q2"}


def test_a_change_racing_a_delete_never_brings_the_tree_back(make_app: AppFactory) -> None:
    """Whichever lands first, the deleted tree stays deleted."""
    with TestClient(app=make_app()) as first, TestClient(app=make_app()) as second:
        one, two = Api(first), Api(second)
        owner = one.owner()
        for round_number in range(3):
            path = f"{TREES}/{new_tree(one, owner, title=f'Round {round_number}')['id']}"
            change, removal = simultaneously(
                partial(put, one, path, owner, {"title": "Renamed"}),
                partial(two.delete, path, owner),
            )
            assert change.status_code in {200, 404}, change.text
            assert removal.status_code == 204, removal.text
            assert one.get(path, owner).status_code == 404
        assert one.get(TREES, owner).json()["total"] == 0


def test_two_workers_importing_one_title_at_once_create_it_once(make_app: AppFactory) -> None:
    """One 201, one 409 naming the tree the other created; the account has one tree of it."""
    with TestClient(app=make_app()) as first, TestClient(app=make_app()) as second:
        one, two = Api(first), Api(second)
        owner = one.owner()
        for round_number in range(3):
            body = {"title": f"Round {round_number}", "document": PRINTER_DOCUMENT}
            answers = simultaneously(
                partial(one.post, f"{TREES}/import", owner, body),
                partial(two.post, f"{TREES}/import", owner, body),
            )
            created, refused = sorted(answers, key=lambda r: r.status_code)
            assert (created.status_code, refused.status_code) == (201, 409), [
                r.text for r in answers
            ]
            assert refused.json()["tree_id"] == created.json()["id"]
        assert one.get(TREES, owner).json()["total"] == 3


def test_the_tenancy_cases_cover_every_tree_route_of_the_app(api: Api) -> None:
    """A new tree endpoint cannot be added without a tenancy case above."""
    covered = {(method, template) for method, template, _, _ in CALLS_NAMING_A_TREE}
    covered |= COLLECTION_ROUTES
    assert isinstance(api.client, TestClient)  # in process, so its app can be read
    assert routes_under(api.client.app, TREES) == covered
