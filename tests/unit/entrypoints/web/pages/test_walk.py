"""The walk page without a browser: steps as partial updates, stale forms, downloads, the list."""

from __future__ import annotations

import json
import re
from uuid import UUID, uuid4

import pytest

from decision_core.roles import Role
from decision_core.trees.walk_operations import AnswerOp
from decision_core.trees.walks import Outcome
from decision_core.usecases import registration, walks
from decision_core.usecases.context import Operator, Principal, Services
from entrypoints.demo import seed_demo
from tests.unit.entrypoints.http.wire import PASSWORD
from tests.unit.entrypoints.web.conftest import (
    OWNER_EMAIL,
    Client,
    csrf_token,
    register_and_sign_in,
)

HTMX = {"HX-Request": "true"}
PRINTER = "Printer does not print"


def owner(services: Services) -> Principal:
    """The signed-in owner, as the use cases know her."""
    with services.uow() as uow:
        user = uow.users.get_by_email(OWNER_EMAIL)
    assert user is not None
    return Principal(user.id, uuid4(), user.account_id, user.role)


@pytest.fixture
def walk(browser: Client, services: Services) -> UUID:
    """The owner signed in, the demo trees seeded, and a walk of the printer tree started."""
    register_and_sign_in(browser)
    principal = owner(services)
    seeded = seed_demo(services, Operator(account_id=principal.account_id))
    printer = next(view.tree for view in seeded if view.tree.title == PRINTER)
    return walks.start_walk(services, principal, printer.id, "INC-42").walk.id


def first_answer(page_text: str) -> str:
    """The value of the first answer button on a walk page or panel."""
    found = re.search(r'name="answer_id" value="([^"]+)"', page_text)
    assert found is not None
    return found[1]


def moves_of(page_text: str) -> str:
    """The moment the walk forms on a page name."""
    found = re.search(r'name="moves" value="(\d+)"', page_text)
    assert found is not None
    return found[1]


def test_the_walk_page_is_never_cached(browser: Client, walk: UUID) -> None:
    """Back and reload always ask the server, which shows the stored state."""
    answer = browser.get(f"/walks/{walk}")
    assert answer.status_code == 200
    assert answer.headers["cache-control"] == "no-store"
    assert "INC-42" in answer.text


def test_a_step_answers_the_walk_panel_and_a_replay_changes_nothing(
    browser: Client, services: Services, walk: UUID
) -> None:
    """A step gets the panel; the same form again is a 409 showing where the walk stands."""
    shown = browser.get(f"/walks/{walk}").text
    form = {
        "_csrf_token": csrf_token(browser, f"/walks/{walk}"),
        "moves": moves_of(shown),
        "answer_id": first_answer(shown),
        "note": " checked the cable ",
    }
    moved = browser.post(f"/walks/{walk}/answer", data=form, headers=HTMX)
    assert moved.status_code == 200
    assert moved.text.lstrip().startswith('<div id="walk" class="walk">')
    assert "data-focus-on-load" in moved.text
    replayed = browser.post(f"/walks/{walk}/answer", data=form, headers=HTMX)
    assert replayed.status_code == 409
    assert "That step was already taken" in replayed.text
    path = walks.get_walk(services, owner(services), walk).walk.path
    assert len(path) == 2
    assert path[0].note == "checked the cable"


def test_without_script_a_step_redirects_back_to_the_walk(browser: Client, walk: UUID) -> None:
    """Post, then redirect, then get: a reload after a step never posts it again."""
    shown = browser.get(f"/walks/{walk}").text
    form = {
        "_csrf_token": csrf_token(browser, f"/walks/{walk}"),
        "moves": moves_of(shown),
        "answer_id": first_answer(shown),
    }
    answer = browser.post(f"/walks/{walk}/answer", data=form)
    assert (answer.status_code, answer.headers["location"]) == (303, f"/walks/{walk}")


@pytest.mark.parametrize("moves", ["", "two"])
def test_a_form_without_its_moment_is_refused(browser: Client, walk: UUID, moves: str) -> None:
    """Which step a form was for is what makes a replay harmless, so it is required."""
    shown = browser.get(f"/walks/{walk}").text
    form = {
        "_csrf_token": csrf_token(browser, f"/walks/{walk}"),
        "moves": moves,
        "answer_id": first_answer(shown),
    }
    answer = browser.post(f"/walks/{walk}/answer", data=form)
    assert answer.status_code == 400
    assert "does not say which step it was for" in answer.text


def test_an_answer_of_another_node_is_a_clear_422(browser: Client, walk: UUID) -> None:
    """A tampered answer names what is wrong and changes nothing."""
    form = {"_csrf_token": csrf_token(browser, f"/walks/{walk}"), "moves": "1", "answer_id": "x"}
    answer = browser.post(f"/walks/{walk}/answer", data=form, headers=HTMX)
    assert answer.status_code == 422
    assert "Answer &#39;x&#39; is not an answer of node" in answer.text


def test_completing_replaces_the_whole_walk_and_offers_the_export(
    browser: Client, walk: UUID
) -> None:
    """The finished walk takes the page (htmx is retargeted); its downloads are attachments."""
    token = csrf_token(browser, f"/walks/{walk}")
    form = {"_csrf_token": token, "moves": "1", "outcome": "workaround", "summary": "swapped"}
    form["notes"] = "user on site"
    done = browser.post(f"/walks/{walk}/complete", data=form, headers=HTMX)
    assert done.status_code == 200
    assert done.headers["hx-retarget"] == "#walk-page"
    assert "Completed: Workaround" in done.text
    assert "### Notes\n\nuser on site" in done.text
    downloads = {
        "html": ("text/html; charset=utf-8", "walk-INC-42.html"),
        "text": ("text/plain; charset=utf-8", "walk-INC-42.txt"),
        "json": ("application/json", "walk-INC-42.json"),
    }
    for file_format, (media_type, name) in downloads.items():
        answer = browser.get(f"/walks/{walk}/export/{file_format}")
        assert answer.status_code == 200
        assert answer.headers["content-type"] == media_type
        assert answer.headers["content-disposition"] == f'attachment; filename="{name}"'
    html = browser.get(f"/walks/{walk}/export/html").text
    assert html.startswith("<!doctype html>")
    assert "<title>Troubleshooting: Printer does not print</title>" in html
    body = json.loads(browser.get(f"/walks/{walk}/export/json").text)
    assert (body["outcome"], body["notes"]) == ("workaround", "user on site")
    assert browser.get(f"/walks/{walk}/export/pdf").status_code == 404


def test_a_change_to_a_completed_walk_shows_it_completed(
    browser: Client, services: Services, walk: UUID
) -> None:
    """A form left open in another tab meets the completed walk, read only."""
    principal = owner(services)
    walks.operate_walk(services, principal, walk, AnswerOp("no"))
    token = csrf_token(browser, f"/walks/{walk}")
    form = {"_csrf_token": token, "moves": "2", "outcome": "resolved"}
    browser.post(f"/walks/{walk}/complete", data=form, headers=HTMX)
    notes = browser.post(f"/walks/{walk}/notes", data={"_csrf_token": token, "notes": "late"})
    assert notes.status_code == 409
    assert "This walk is completed" in notes.text


def test_the_walks_list_puts_walks_in_progress_first(
    browser: Client, services: Services, walk: UUID
) -> None:
    """In progress, then completed; a filter by status shows one list."""
    principal = owner(services)
    tree_id = walks.get_walk(services, principal, walk).walk.tree_id
    done = walks.start_walk(services, principal, tree_id).walk
    walks.complete_walk(services, principal, done.id, Outcome.RESOLVED)
    listing = browser.get("/walks").text
    in_progress, completed = (
        listing.index('id="walks-active"'),
        listing.index('id="walks-completed"'),
    )
    assert in_progress < listing.index(f"/walks/{walk}") < completed
    assert completed < listing.index(f"/walks/{done.id}")
    completed_only = browser.get("/walks?status=completed&tree=nonsense&offset=-4").text
    assert f"/walks/{walk}" not in completed_only
    assert f"/walks/{done.id}" in completed_only
    everyone = browser.get("/walks?scope=account").text
    assert "by Olive Owner" in everyone


def test_completing_without_an_outcome_says_what_is_missing(browser: Client, walk: UUID) -> None:
    """The walk stays open, and the page names the missing choice."""
    form = {"_csrf_token": csrf_token(browser, f"/walks/{walk}"), "moves": "1", "outcome": ""}
    answer = browser.post(f"/walks/{walk}/complete", data=form, headers=HTMX)
    assert answer.status_code == 422
    assert "Choose how the walk ended." in answer.text
    assert "in progress" in browser.get(f"/walks/{walk}").text


def test_an_admin_reads_a_members_walk_without_forms(
    browser: Client, services: Services, walk: UUID
) -> None:
    """Only the walker walks; the owner sees where the walk stands, and no step form."""
    principal = owner(services)
    code = registration.create_invite(services, principal, Role.ENGINEER).code
    signup = registration.Registration(
        email="eddie@example.com", password=PASSWORD, name="Eddie", invite_code=code
    )
    eddie = registration.register(services, signup)
    theirs = walks.start_walk(
        services,
        Principal(eddie.id, uuid4(), eddie.account_id, eddie.role),
        walks.get_walk(services, principal, walk).walk.tree_id,
    ).walk.id
    shown = browser.get(f"/walks/{theirs}").text
    assert "Read only: this walk belongs to another member" in shown
    assert 'name="answer_id"' not in shown
    assert "Complete walk" not in shown
