"""SPEC 7 on the wire: walking a tree, completing, exporting, tenancy."""

from __future__ import annotations

from datetime import timedelta
from uuid import uuid4

from adapters.memory import FixedClock
from decision_core.usecases.context import Services
from decision_core.usecases.signin import authenticate
from entrypoints.demo import seed_demo
from tests.unit.entrypoints.http.trees_wire import SESSIONS, TREES, new_tree, put
from tests.unit.entrypoints.http.wire import Api, Json, Tokens


def started(api: Api, caller: Tokens, tree: Json, ticket_ref: str | None = None) -> Json:
    """Start a walk on ``tree``, which must succeed."""
    body: Json = {"tree_id": tree["id"]} | ({"ticket_ref": ticket_ref} if ticket_ref else {})
    response = api.post(SESSIONS, caller, body)
    assert response.status_code == 201, response.text
    walk: Json = response.json()
    return walk


def test_a_walk_with_a_back_step_and_notes_to_a_solution(api: Api, owner_tokens: Tokens) -> None:
    """Answer, undo, answer again, continue, add notes, complete, export, analytics."""
    tree = new_tree(api, owner_tokens)
    walk = started(api, owner_tokens, tree, "INC42")
    assert walk["current_node"]["id"] == "q1"
    assert walk["ticket_ref"] == "INC42"
    assert walk["status"] == "active"
    path = f"{SESSIONS}/{walk['id']}"
    assert put(api, path, owner_tokens, {"op": "answer", "answer_id": "no"}).status_code == 200
    back = put(api, path, owner_tokens, {"op": "back"}).json()
    assert back["current_node"]["id"] == "q1"
    note = "user confirmed power light"
    step = put(api, path, owner_tokens, {"op": "answer", "answer_id": "yes", "note": note})
    assert step.json()["current_node"]["id"] == "a1"
    assert put(api, path, owner_tokens, {"op": "continue"}).json()["current_node"]["id"] == "q2"
    put(api, path, owner_tokens, {"op": "answer", "answer_id": "yes"})
    notes = put(api, path, owner_tokens, {"op": "notes", "text": "Spooler was stuck"}).json()
    assert notes["current_node"]["id"] == "s2"
    assert notes["notes"] == "Spooler was stuck"
    assert [p["node_id"] for p in notes["path"]] == ["q1", "a1", "q2", "s2"]
    assert len(notes["history"]) > len(notes["path"])
    body = {"outcome": "resolved", "summary": "Restarted the spooler"}
    done = api.post(f"{path}/complete", owner_tokens, body)
    assert done.status_code == 200, done.text
    assert done.json()["status"] == "completed"
    assert done.json()["outcome"] == "resolved"
    markdown = api.post(f"{path}/export", owner_tokens, {"format": "markdown"})
    assert markdown.status_code == 200, markdown.text
    assert markdown.headers["content-type"].startswith("text/markdown")
    for expected in ("Is the printer on?", "Restart the print spooler", note, "INC42"):
        assert expected in markdown.text
    assert "Spooler was stuck" in markdown.text
    as_json = api.post(f"{path}/export", owner_tokens, {"format": "json"})
    assert as_json.json() == api.get(path, owner_tokens).json()
    text = api.post(f"{path}/export", owner_tokens, {"format": "text"})
    assert "Restart the print spooler" in text.text
    analytics = api.get(f"{TREES}/{tree['id']}/analytics", owner_tokens).json()
    assert analytics["started"] == 1
    assert analytics["completed"] == 1
    assert analytics["outcomes"]["resolved"] == 1
    assert {"node_id": "q1", "answer_id": "yes", "count": 1} in analytics["answers"]
    assert sum(n["back_steps"] for n in analytics["nodes"]) == 1


def test_a_completed_session_refuses_changes(api: Api, owner_tokens: Tokens) -> None:
    """PUT and complete after completion are 409."""
    walk = started(api, owner_tokens, new_tree(api, owner_tokens))
    path = f"{SESSIONS}/{walk['id']}"
    body = {"outcome": "unresolved"}
    assert api.post(f"{path}/complete", owner_tokens, body).status_code == 200
    assert put(api, path, owner_tokens, {"op": "notes", "text": "late"}).status_code == 409
    assert api.post(f"{path}/complete", owner_tokens, body).status_code == 409


def test_an_answer_not_on_the_current_node_answers_422(api: Api, owner_tokens: Tokens) -> None:
    """The walk does not move."""
    walk = started(api, owner_tokens, new_tree(api, owner_tokens))
    path = f"{SESSIONS}/{walk['id']}"
    response = put(api, path, owner_tokens, {"op": "answer", "answer_id": "maybe"})
    assert response.status_code == 422
    assert api.get(path, owner_tokens).json()["current_node"]["id"] == "q1"


def test_an_unknown_operation_answers_400(api: Api, owner_tokens: Tokens) -> None:
    """The tagged union names the operations it knows."""
    walk = started(api, owner_tokens, new_tree(api, owner_tokens))
    response = put(api, f"{SESSIONS}/{walk['id']}", owner_tokens, {"op": "jump"})
    assert response.status_code == 400


def test_a_draft_cannot_be_walked(api: Api, owner_tokens: Tokens) -> None:
    """409: the tree is not published."""
    draft = new_tree(api, owner_tokens, status="draft")
    assert api.post(SESSIONS, owner_tokens, {"tree_id": draft["id"]}).status_code == 409


def test_html_export_escapes_markup(api: Api, owner_tokens: Tokens) -> None:
    """A note with a script tag comes back escaped."""
    walk = started(api, owner_tokens, new_tree(api, owner_tokens), "<script>x</script>")
    path = f"{SESSIONS}/{walk['id']}"
    put(api, path, owner_tokens, {"op": "notes", "text": "<script>alert(1)</script>"})
    html = api.post(f"{path}/export", owner_tokens, {"format": "html"})
    assert html.status_code == 200
    assert html.headers["content-type"].startswith("text/html")
    assert "<script>" not in html.text
    assert "&lt;script&gt;" in html.text


def test_listing_sessions_filters_and_scopes(api: Api, owner_tokens: Tokens) -> None:
    """Mine by default; ``scope=account`` for owner/admin only (403 for others)."""
    engineer = api.member(owner_tokens, "engineer", "engineer@example.com")
    tree = new_tree(api, owner_tokens)
    mine = started(api, owner_tokens, tree)
    theirs = started(api, engineer, tree)
    assert [s["id"] for s in api.get(SESSIONS, owner_tokens).json()["items"]] == [mine["id"]]
    account = api.get(SESSIONS, owner_tokens, {"scope": "account"}).json()
    assert {s["id"] for s in account["items"]} == {mine["id"], theirs["id"]}
    assert account["total"] == 2
    assert api.get(SESSIONS, engineer, {"scope": "account"}).status_code == 403
    filtered = api.get(SESSIONS, owner_tokens, {"status": "completed", "tree_id": tree["id"]})
    assert filtered.json() == {"items": [], "total": 0}


def test_listing_sessions_pages_with_limit_offset_and_total(
    api: Api, owner_tokens: Tokens, clock: FixedClock
) -> None:
    """Pages of two cover every walk once, newest first; bad bounds are 400 naming them."""
    tree = new_tree(api, owner_tokens)
    ids = []
    for _ in range(5):
        ids.append(started(api, owner_tokens, tree)["id"])
        clock.advance(timedelta(seconds=1))
    seen: list[str] = []
    for offset in (0, 2, 4):
        page = api.get(SESSIONS, owner_tokens, {"limit": 2, "offset": offset}).json()
        assert page["total"] == 5
        seen += [item["id"] for item in page["items"]]
    assert seen == ids[::-1]
    past_the_end = api.get(SESSIONS, owner_tokens, {"limit": 2, "offset": 5}).json()
    assert past_the_end == {"items": [], "total": 5}
    for name, value in (("limit", 0), ("limit", 201), ("offset", -1), ("limit", "ten")):
        response = api.get(SESSIONS, owner_tokens, {name: value})
        assert response.status_code == 400, (name, value)
        assert response.json()["field"] == name


def test_another_accounts_session_is_404_on_every_endpoint(api: Api, owner_tokens: Tokens) -> None:
    """Never 403, and the same for an unknown id."""
    walk = started(api, owner_tokens, new_tree(api, owner_tokens))
    stranger = api.owner("stranger@example.com")
    for walk_id in (walk["id"], str(uuid4())):
        path = f"{SESSIONS}/{walk_id}"
        responses = [
            api.get(path, stranger),
            put(api, path, stranger, {"op": "back"}),
            api.post(f"{path}/complete", stranger, {"outcome": "resolved"}),
            api.post(f"{path}/export", stranger, {"format": "markdown"}),
        ]
        assert [r.status_code for r in responses] == [404] * len(responses)
    assert api.get(SESSIONS, stranger).json() == {"items": [], "total": 0}


def test_walking_a_seeded_demo_tree_to_a_solution(
    api: Api, owner_tokens: Tokens, services: Services
) -> None:
    """The demo VPN tree: a back-step, notes, completion, Markdown, analytics."""
    principal = authenticate(services, owner_tokens.access)
    seeded = {view.tree.title: view.tree.id for view in seed_demo(services, principal)}
    tree_id = str(seeded["VPN will not connect"])
    walk = started(api, owner_tokens, {"id": tree_id})
    path = f"{SESSIONS}/{walk['id']}"
    steps: list[Json] = [
        {"op": "answer", "answer_id": "no"},
        {"op": "back"},
        {"op": "answer", "answer_id": "yes"},
        {"op": "answer", "answer_id": "timeout", "note": "client log shows timeout"},
        {"op": "continue"},
        {"op": "answer", "answer_id": "yes"},
        {"op": "notes", "text": "Worked after restarting the client"},
    ]
    for step in steps:
        response = put(api, path, owner_tokens, step)
        assert response.status_code == 200, response.text
    walk = response.json()
    assert walk["current_node"]["id"] == "solved"
    assert [p["node_id"] for p in walk["path"]] == [
        "internet",
        "client",
        "restart_client",
        "retry",
        "solved",
    ]
    complete = api.post(f"{path}/complete", owner_tokens, {"outcome": "resolved"})
    assert complete.status_code == 200
    markdown = api.post(f"{path}/export", owner_tokens, {"format": "markdown"}).text
    assert "client log shows timeout" in markdown
    assert "Worked after restarting the client" in markdown
    analytics = api.get(f"{TREES}/{tree_id}/analytics", owner_tokens).json()
    assert analytics["completed"] == 1
    assert analytics["resolution_rate"] == 1.0
