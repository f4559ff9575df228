"""SPEC 7 end to end over HTTP on SQLite and PostgreSQL: walks, exports, analytics, tenancy."""

from __future__ import annotations

import itertools
from datetime import datetime, timedelta
from functools import partial
from typing import Final
from uuid import uuid4

from litestar.testing import TestClient

from adapters.memory import FixedClock
from decision_core.usecases.context import Services
from decision_core.usecases.signin import authenticate
from entrypoints.demo import seed_demo
from tests.unit.entrypoints.http.trees_wire import PRINTER_DOCUMENT, SESSIONS, TREES, new_tree, put
from tests.unit.entrypoints.http.wire import OWNER_EMAIL, Api, Json, Tokens

from .conftest import START, AppFactory
from .tree_steps import PRINTING, call, routes_under, simultaneously, started, walked

SESSION: Final = f"{SESSIONS}/{{session_id}}"
EXPORT_FORMATS: Final = ("markdown", "text", "html", "json")

# Every route that names a walk, with one request per operation and export format.
CALLS_NAMING_A_SESSION: Final[list[tuple[str, str, Json | None]]] = [
    ("GET", SESSION, None),
    ("PUT", SESSION, {"op": "answer", "answer_id": "yes"}),
    ("PUT", SESSION, {"op": "continue"}),
    ("PUT", SESSION, {"op": "back"}),
    ("PUT", SESSION, {"op": "notes", "text": "Taken over"}),
    ("POST", f"{SESSION}/complete", {"outcome": "resolved"}),
    *[("POST", f"{SESSION}/export", {"format": name}) for name in EXPORT_FORMATS],
]
# The routes without a walk id in the path: their tenancy test is the one below.
COLLECTION_ROUTES: Final = {("GET", SESSIONS), ("POST", SESSIONS)}
# Every change a walk can be asked for, for the "completed refuses it" test.
CHANGES: Final[list[tuple[str, Json]]] = [
    ("", {"op": "answer", "answer_id": "yes"}),
    ("", {"op": "continue"}),
    ("", {"op": "back"}),
    ("", {"op": "notes", "text": "Too late"}),
    ("/complete", {"outcome": "resolved"}),
    ("/complete", {"outcome": "unresolved", "summary": "Again"}),
]


def seeded(services: Services, caller: Tokens) -> dict[str, str]:
    """The demo trees, seeded as the CLI does, for ``caller``'s account; ids by title."""
    principal = authenticate(services, caller.access)
    return {view.tree.title: str(view.tree.id) for view in seed_demo(services, principal)}


def test_a_new_user_walks_the_printing_tree_to_a_solution(
    api: Api, services: Services, clock: FixedClock
) -> None:
    """A back-step, step and walk notes, completion, four exports and the analytics."""
    owner = api.owner()
    tree_id = seeded(services, owner)[PRINTING]
    walk = started(api, owner, tree_id, "INC-1001")
    assert (walk["status"], walk["tree_version"]) == ("active", 1)
    assert walk["current_node"]["id"] == "start"
    assert {a["id"] for a in walk["current_node"]["answers"]} == {"yes", "no"}
    clock.advance(timedelta(minutes=1))
    walk = walked(
        api,
        owner,
        walk["id"],
        [
            {"op": "answer", "answer_id": "no"},
            {"op": "back"},
            {"op": "answer", "answer_id": "yes", "note": "Ready light is on"},
            {"op": "answer", "answer_id": "yes"},
            {"op": "continue", "note": "Spooler restarted"},
            {"op": "answer", "answer_id": "yes"},
            {"op": "notes", "text": "User <Ann> & team"},
        ],
    )
    assert walk["current_node"] == {
        "id": "solved",
        "kind": "solution",
        "text": "Printing works again; close the ticket.",
    }
    assert [step["node_id"] for step in walk["path"]] == [
        "start",
        "queue",
        "spooler",
        "printed",
        "solved",
    ]
    first = walk["path"][0]
    assert (first["answer_id"], first["answer_label"], first["note"]) == (
        "yes",
        "Yes",
        "Ready light is on",
    )
    undone = [entry for entry in walk["history"] if entry["undone"]]
    assert [(e["op"], e["node_id"], e["answer_id"]) for e in undone] == [("answer", "start", "no")]
    assert walk["notes"] == "User <Ann> & team"
    clock.advance(timedelta(minutes=4))
    owner = api.login(OWNER_EMAIL)  # the first access token has just expired
    path = f"{SESSIONS}/{walk['id']}"
    body = {"outcome": "resolved", "summary": "Restarted the spooler"}
    completion = api.post(f"{path}/complete", owner, body)
    assert completion.status_code == 200, completion.text
    done = completion.json()
    assert (done["status"], done["outcome"], done["summary"]) == (
        "completed",
        "resolved",
        "Restarted the spooler",
    )
    assert datetime.fromisoformat(done["completed_at"]) == START + timedelta(minutes=5)
    exports = {name: api.post(f"{path}/export", owner, {"format": name}) for name in EXPORT_FORMATS}
    assert {name: r.status_code for name, r in exports.items()} == dict.fromkeys(
        EXPORT_FORMATS, 200
    )
    markdown = exports["markdown"].text
    assert markdown.startswith("## Troubleshooting: Printer does not print\n")
    for expected in (
        "INC-1001",
        "Is the printer switched on and showing a ready light? → **Yes**",
        "*Note:* Ready light is on",
        "*Note:* Spooler restarted",
        "User \\<Ann\\> & team",
        "resolved",
        "Restarted the spooler",
        "5 min 0 s",
    ):
        assert expected in markdown, expected
    text = exports["text"].text
    assert "Ticket: INC-1001" in text
    assert "Duration: 5 min 0 s" in text
    assert "User <Ann> & team" in text
    html = exports["html"]
    assert html.headers["content-type"].startswith("text/html")
    assert "User &lt;Ann&gt; &amp; team" in html.text
    assert "<Ann>" not in html.text
    assert exports["json"].json() == api.get(path, owner).json()
    analytics = api.get(f"{TREES}/{tree_id}/analytics", owner).json()
    assert (analytics["started"], analytics["completed"]) == (1, 1)
    assert analytics["outcomes"] == {
        "resolved": 1,
        "workaround": 0,
        "escalated": 0,
        "unresolved": 0,
    }
    assert analytics["resolution_rate"] == 1.0
    assert analytics["median_duration_seconds"] == 300
    assert {"node_id": "start", "answer_id": "no", "count": 1} in analytics["answers"]
    assert {"node_id": "start", "answer_id": "yes", "count": 1} in analytics["answers"]
    back_steps = {n["node_id"]: n["back_steps"] for n in analytics["nodes"] if n["back_steps"]}
    assert back_steps == {"power": 1}


def test_an_abandoned_walk_counts_as_a_drop_off(
    api: Api, owner_tokens: Tokens, services: Services, clock: FixedClock
) -> None:
    """Two walks started, one completed: the other stands where it was left."""
    tree_id = seeded(services, owner_tokens)[PRINTING]
    finished = started(api, owner_tokens, tree_id)
    walked(api, owner_tokens, finished["id"], [{"op": "answer", "answer_id": "no"}])
    body = {"outcome": "escalated"}
    assert api.post(f"{SESSIONS}/{finished['id']}/complete", owner_tokens, body).status_code == 200
    clock.advance(timedelta(seconds=1))  # so that "newest first" has one answer
    left = started(api, owner_tokens, tree_id)
    walked(api, owner_tokens, left["id"], [{"op": "answer", "answer_id": "yes"}])
    analytics = api.get(f"{TREES}/{tree_id}/analytics", owner_tokens).json()
    assert (analytics["started"], analytics["completed"]) == (2, 1)
    assert analytics["outcomes"] == {
        "resolved": 0,
        "workaround": 0,
        "escalated": 1,
        "unresolved": 0,
    }
    assert analytics["resolution_rate"] == 0.0
    drop_offs = {n["node_id"]: n["drop_offs"] for n in analytics["nodes"] if n["drop_offs"]}
    assert drop_offs == {"queue": 1}
    visits = {n["node_id"]: n["visits"] for n in analytics["nodes"]}
    assert (visits["start"], visits["power"], visits["queue"]) == (2, 1, 1)
    mine = api.get(SESSIONS, owner_tokens).json()
    assert [s["id"] for s in mine["items"]] == [left["id"], finished["id"]]
    completed = api.get(SESSIONS, owner_tokens, {"status": "completed", "tree_id": tree_id})
    assert completed.json()["total"] == 1
    assert [s["id"] for s in completed.json()["items"]] == [finished["id"]]
    unknown_tree = api.get(SESSIONS, owner_tokens, {"tree_id": str(uuid4())})
    assert unknown_tree.json() == {"items": [], "total": 0}


def test_listing_sessions_pages_from_the_database(
    api: Api, owner_tokens: Tokens, clock: FixedClock
) -> None:
    """Newest first, ties by id; pages cover every walk once; totals follow the filters."""
    engineer = api.member(owner_tokens, "engineer", "engineer@example.com")
    tree, other = new_tree(api, owner_tokens)["id"], new_tree(api, owner_tokens)["id"]
    # Three walks at each of two instants: the id alone must order each trio.
    mine: list[tuple[datetime, str]] = []
    for _ in range(2):
        mine += [(clock.now(), started(api, owner_tokens, tree)["id"]) for _ in range(3)]
        clock.advance(timedelta(seconds=1))
    theirs = started(api, engineer, other)["id"]
    finish = api.post(f"{SESSIONS}/{mine[0][1]}/complete", owner_tokens, {"outcome": "resolved"})
    assert finish.status_code == 200
    seen: list[str] = []
    for offset in (0, 4):
        page = api.get(SESSIONS, owner_tokens, {"limit": 4, "offset": offset}).json()
        assert page["total"] == 6
        seen += [item["id"] for item in page["items"]]
    assert seen == [walk_id for _, walk_id in sorted(mine, reverse=True)]
    account = api.get(SESSIONS, owner_tokens, {"scope": "account", "limit": 1}).json()
    assert (account["total"], [s["id"] for s in account["items"]]) == (7, [theirs])
    by_tree = {"scope": "account", "tree_id": tree, "status": "active", "offset": 1}
    assert api.get(SESSIONS, owner_tokens, by_tree).json()["total"] == 5
    assert len(api.get(SESSIONS, owner_tokens, by_tree).json()["items"]) == 4
    for name, value in (("limit", 0), ("limit", 201), ("offset", -1)):
        response = api.get(SESSIONS, owner_tokens, {name: value})
        assert response.status_code == 400, (name, value)
        assert response.json()["field"] == name


def test_a_session_keeps_walking_the_version_it_started_on(api: Api, owner_tokens: Tokens) -> None:
    """Editing the tree makes version 2 for new walks; the running walk stays on version 1."""
    tree = new_tree(api, owner_tokens)
    old = started(api, owner_tokens, tree["id"])
    renamed = PRINTER_DOCUMENT | {
        "nodes": [
            node | {"text": "Is the printer plugged in?"} if node["id"] == "q1" else node
            for node in PRINTER_DOCUMENT["nodes"]
        ]
    }
    assert put(api, f"{TREES}/{tree['id']}", owner_tokens, {"document": renamed}).status_code == 200
    new = started(api, owner_tokens, tree["id"])
    assert (new["tree_version"], new["current_node"]["text"]) == (2, "Is the printer plugged in?")
    walk = walked(api, owner_tokens, old["id"], [{"op": "answer", "answer_id": "yes"}])
    assert walk["tree_version"] == 1
    assert walk["path"][0]["text"] == "Is the printer on?"
    assert walk["current_node"]["id"] == "a1"


def test_a_link_walks_into_another_published_tree(api: Api, owner_tokens: Tokens) -> None:
    """The path spans both trees; once the target is a draft, following the link is 409."""
    target = new_tree(api, owner_tokens)
    document: Json = {
        "start": "go",
        "nodes": [{"id": "go", "kind": "link", "text": "Check printing", "tree_id": target["id"]}],
    }
    hub = new_tree(api, owner_tokens, title="Office triage", document=document)
    walk = started(api, owner_tokens, hub["id"])
    walk = walked(api, owner_tokens, walk["id"], [{"op": "continue", "note": "printing"}])
    assert walk["current_node"]["id"] == "q1"
    assert [step["node_id"] for step in walk["path"]] == ["go", "q1"]
    assert walk["history"][0]["tree_id"] == hub["id"]
    blocked = started(api, owner_tokens, hub["id"])
    assert put(api, f"{TREES}/{target['id']}", owner_tokens, {"status": "draft"}).status_code == 200
    refused = put(api, f"{SESSIONS}/{blocked['id']}", owner_tokens, {"op": "continue"})
    assert (refused.status_code, refused.json()["detail"]) == (409, "tree_not_published")
    assert api.get(f"{SESSIONS}/{blocked['id']}", owner_tokens).json()["current_node"]["id"] == "go"


def test_a_completed_session_refuses_every_change_with_409(api: Api, owner_tokens: Tokens) -> None:
    """Answer, continue, back, notes and completing again; the walk stays as it was."""
    walk = started(api, owner_tokens, new_tree(api, owner_tokens)["id"])
    path = f"{SESSIONS}/{walk['id']}"
    walked(api, owner_tokens, walk["id"], [{"op": "answer", "answer_id": "yes"}])
    done = api.post(f"{path}/complete", owner_tokens, {"outcome": "workaround"})
    assert done.status_code == 200, done.text
    for suffix, body in CHANGES:
        response = call(
            api, owner_tokens, "PUT" if not suffix else "POST", path + suffix, body=body
        )
        assert response.status_code == 409, (body, response.text)
        assert response.json()["detail"] == "session_completed"
    assert api.get(path, owner_tokens).json() == done.json()
    assert api.post(f"{path}/export", owner_tokens, {"format": "text"}).status_code == 200


def test_operations_that_break_the_walk_rules_answer_422(api: Api, owner_tokens: Tokens) -> None:
    """An answer not on the node, continue at a question, back at the start; nothing moves."""
    walk = started(api, owner_tokens, new_tree(api, owner_tokens)["id"])
    path = f"{SESSIONS}/{walk['id']}"
    refusals = {
        "answer_not_on_node": {"op": "answer", "answer_id": "maybe"},
        "operation_not_on_node": {"op": "continue"},
        "nothing_to_undo": {"op": "back"},
    }
    for code, body in refusals.items():
        response = put(api, path, owner_tokens, body)
        assert (response.status_code, response.json()["detail"]) == (422, code), response.text
    walked(api, owner_tokens, walk["id"], [{"op": "answer", "answer_id": "yes"}])
    at_action = put(api, path, owner_tokens, {"op": "answer", "answer_id": "yes"})
    assert at_action.status_code == 422
    walk = api.get(path, owner_tokens).json()
    assert walk["current_node"]["id"] == "a1"
    assert [entry["op"] for entry in walk["history"]] == ["start", "answer"]


def test_malformed_session_bodies_answer_400_naming_the_field(
    api: Api, owner_tokens: Tokens
) -> None:
    """Wrong type, missing, unknown or unknown-value fields; nothing is written."""
    tree = new_tree(api, owner_tokens)
    walk = started(api, owner_tokens, tree["id"])
    path = f"{SESSIONS}/{walk['id']}"
    cases: list[tuple[str, str, Json, str]] = [
        ("POST", SESSIONS, {"tree_id": "not-a-uuid"}, "tree_id"),
        ("POST", SESSIONS, {"tree_id": tree["id"], "ticket": "INC-1"}, "ticket"),
        ("POST", SESSIONS, {}, "tree_id"),
        ("PUT", path, {"op": "answer"}, "answer_id"),
        ("PUT", path, {"op": "jump"}, "op"),
        ("PUT", path, {"op": "notes", "text": 5}, "text"),
        ("PUT", path, {"op": "notes", "text": "PostgreSQL refuses \x00"}, "text"),
        ("POST", SESSIONS, {"tree_id": tree["id"], "ticket_ref": "INC\x00"}, "ticket_ref"),
        ("PUT", path, {"op": "back", "answer_id": "yes"}, "answer_id"),
        ("POST", f"{path}/complete", {"outcome": "fixed"}, "outcome"),
        ("POST", f"{path}/complete", {}, "outcome"),
        ("POST", f"{path}/export", {"format": "pdf"}, "format"),
    ]
    for method, target, body, field in cases:
        response = call(api, owner_tokens, method, target, body=body)
        assert response.status_code == 400, (body, response.text)
        assert field in (response.json()["field"] or ""), (body, response.json())
    assert [s["id"] for s in api.get(SESSIONS, owner_tokens).json()["items"]] == [walk["id"]]
    assert api.get(path, owner_tokens).json() == walk


def test_within_an_account_only_the_walker_changes_a_session(
    api: Api, owner_tokens: Tokens
) -> None:
    """A colleague gets 404; an admin reads and exports but cannot change it."""
    engineer = api.member(owner_tokens, "engineer", "engineer@example.com")
    colleague = api.member(owner_tokens, "viewer", "viewer@example.com")
    admin = api.member(owner_tokens, "admin", "admin@example.com")
    walk = started(api, engineer, new_tree(api, owner_tokens)["id"])
    path = f"{SESSIONS}/{walk['id']}"
    assert api.get(path, colleague).status_code == 404
    assert api.get(path, admin).json() == walk
    assert api.post(f"{path}/export", admin, {"format": "markdown"}).status_code == 200
    for method, template, body in CALLS_NAMING_A_SESSION:
        if method == "PUT" or template.endswith("/complete"):
            target = template.format(session_id=walk["id"])
            assert call(api, admin, method, target, body=body).status_code == 404, body
    account = api.get(SESSIONS, admin, {"scope": "account"}).json()
    assert [s["id"] for s in account["items"]] == [walk["id"]]
    assert api.get(SESSIONS, engineer, {"scope": "account"}).status_code == 403
    assert api.get(path, engineer).json() == walk


def test_two_answers_at_once_move_the_walk_once(make_app: AppFactory) -> None:
    """Two workers, two different answers to one question: one wins, the other is 422."""
    with TestClient(app=make_app()) as first, TestClient(app=make_app()) as second:
        one, two = Api(first), Api(second)
        owner = one.owner()
        tree = new_tree(one, owner)
        for _ in range(5):
            path = f"{SESSIONS}/{started(one, owner, tree['id'])['id']}"
            answers = simultaneously(
                partial(put, one, path, owner, {"op": "answer", "answer_id": "yes"}),
                partial(put, two, path, owner, {"op": "answer", "answer_id": "no"}),
            )
            assert sorted(r.status_code for r in answers) == [200, 422], [r.text for r in answers]
            (winner,) = [r.json() for r in answers if r.status_code == 200]
            walk = one.get(path, owner).json()
            assert walk == winner
            assert [entry["op"] for entry in walk["history"]] == ["start", "answer"]


def test_another_accounts_session_is_404_on_every_route_naming_it(
    api: Api, owner_tokens: Tokens
) -> None:
    """Active or completed, to an owner or a viewer, a foreign walk is like an unknown one."""
    tree = new_tree(api, owner_tokens)
    active = started(api, owner_tokens, tree["id"])
    completed = started(api, owner_tokens, tree["id"])
    finish = api.post(
        f"{SESSIONS}/{completed['id']}/complete", owner_tokens, {"outcome": "resolved"}
    )
    assert finish.status_code == 200
    before = {
        s["id"]: api.get(f"{SESSIONS}/{s['id']}", owner_tokens).json() for s in (active, completed)
    }
    stranger = api.owner("stranger@elsewhere.example")
    viewer = api.member(stranger, "viewer", "viewer@elsewhere.example")
    unknown = str(uuid4())
    for caller, walk_id in itertools.product((stranger, viewer), before):
        for method, template, body in CALLS_NAMING_A_SESSION:
            foreign = call(api, caller, method, template.format(session_id=walk_id), body=body)
            missing = call(api, caller, method, template.format(session_id=unknown), body=body)
            assert foreign.status_code == 404, (method, template, body, foreign.text)
            assert foreign.json() == missing.json() == {"status_code": 404, "detail": "not_found"}
    after = {s: api.get(f"{SESSIONS}/{s}", owner_tokens).json() for s in before}
    assert after == before


def test_another_accounts_sessions_and_trees_never_reach_the_collection_routes(
    api: Api, owner_tokens: Tokens
) -> None:
    """Starting on a foreign tree is 404; listings never show the other account's walks."""
    tree = new_tree(api, owner_tokens)
    started(api, owner_tokens, tree["id"])
    stranger = api.owner("stranger@elsewhere.example")
    foreign = api.post(SESSIONS, stranger, {"tree_id": tree["id"]})
    missing = api.post(SESSIONS, stranger, {"tree_id": str(uuid4())})
    assert foreign.status_code == 404
    assert foreign.json() == missing.json()
    filters: list[dict[str, str | int]] = [
        {},
        {"scope": "account"},
        {"tree_id": tree["id"]},
        {"status": "active"},
    ]
    for params in filters:
        assert api.get(SESSIONS, stranger, params).json() == {"items": [], "total": 0}, params
    analytics = api.get(f"{TREES}/{tree['id']}/analytics", owner_tokens).json()
    assert analytics["started"] == 1


def test_the_tenancy_cases_cover_every_session_route_of_the_app(api: Api) -> None:
    """A new walk endpoint cannot be added without a tenancy case above."""
    covered = {(method, template) for method, template, _ in CALLS_NAMING_A_SESSION}
    assert isinstance(api.client, TestClient)  # in process, so its app can be read
    assert routes_under(api.client.app, SESSIONS) == covered | COLLECTION_ROUTES
