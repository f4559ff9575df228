"""The library, a tree's page, its exports, deleting and analytics, over the in-memory adapters."""

from __future__ import annotations

import json
from typing import Final
from uuid import UUID

import pytest

from decision_core.roles import Role
from decision_core.trees.catalogue import TreeQuery
from decision_core.usecases import tree_catalogue
from decision_core.usecases.context import Operator, Services
from decision_core.usecases.members import NewMember, add_member
from entrypoints.demo import seed_demo
from entrypoints.web.pages.trees import file_name
from tests.unit.entrypoints.http.wire import PASSWORD
from tests.unit.entrypoints.web.conftest import (
    OWNER_EMAIL,
    Client,
    csrf_token,
    register_and_sign_in,
)

PRINTING: Final = "Printer does not print"


def owner_account(services: Services) -> UUID:
    """The signed-in owner's account."""
    with services.uow() as uow:
        user = uow.users.get_by_email(OWNER_EMAIL)
    assert user is not None
    return user.account_id


def tree_named(services: Services, account_id: UUID, title: str) -> UUID:
    """The id of the account's tree with this title."""
    trees = tree_catalogue.list_trees(services, Operator(account_id), TreeQuery(limit=50)).items
    return next(tree.id for tree in trees if tree.title == title)


@pytest.fixture
def seeded(browser: Client, services: Services) -> UUID:
    """The owner signed in, with the demo trees; the account's id."""
    register_and_sign_in(browser)
    account_id = owner_account(services)
    seed_demo(services, Operator(account_id))
    return account_id


def sign_in_as(browser: Client, services: Services, account_id: UUID, role: Role) -> None:
    """Replace the browser's sign-in with a new member of ``role``."""
    email = f"{role.value}@example.com"
    add_member(services, Operator(account_id), NewMember(email, PASSWORD, role.value, role))
    browser.cookies.clear()
    form = {"_csrf_token": csrf_token(browser), "email": email, "password": PASSWORD}
    assert browser.post("/login", data=form).status_code == 303


def test_an_empty_account_is_told_how_to_begin(browser: Client) -> None:
    """The owner sees the demo import button, the CLI command and the way to a first tree."""
    register_and_sign_in(browser)
    page = browser.get("/").text
    assert "No trees yet" in page
    assert 'action="/trees/demo"' in page
    assert "decision-tree seed-demo --account" in page
    assert 'href="/trees/new"' in page


def test_the_demo_button_imports_the_demo_trees_once(browser: Client, services: Services) -> None:
    """The same import as seed-demo; pressing it again says they are there already."""
    register_and_sign_in(browser)
    token = csrf_token(browser, "/")
    answer = browser.post("/trees/demo", data={"_csrf_token": token})
    assert (answer.status_code, answer.headers["location"]) == (303, "/?notice=demo")
    assert PRINTING in browser.get("/?notice=demo").text
    again = browser.post("/trees/demo", data={"_csrf_token": token})
    assert again.headers["location"] == "/?notice=demo-present"
    assert "Every demo tree is here already." in browser.get(again.headers["location"]).text
    trees = tree_catalogue.list_trees(services, Operator(owner_account(services)), TreeQuery())
    assert trees.total == 5


def test_a_viewer_gets_no_import_button_and_no_drafts(
    browser: Client, services: Services, seeded: UUID
) -> None:
    """Viewers walk published trees; the page offers them nothing an author does."""
    sign_in_as(browser, services, seeded, Role.VIEWER)
    page = browser.get("/").text
    assert PRINTING in page
    assert 'href="/trees/new"' not in page
    assert 'name="status"' not in page
    assert (
        browser.post("/trees/demo", data={"_csrf_token": csrf_token(browser, "/")}).status_code
        == 403
    )


def test_search_answers_the_results_part_alone_to_htmx(browser: Client, seeded: UUID) -> None:
    """The partial update carries the results and the summary for the live region, no layout."""
    del seeded
    answer = browser.get(
        "/?q=printer", headers={"HX-Request": "true", "HX-Target": "library-results"}
    )
    assert answer.status_code == 200
    assert PRINTING in answer.text
    assert 'hx-swap-oob="innerHTML"' in answer.text
    assert "<header" not in answer.text


def test_filters_by_category_and_tag_and_keeps_them_in_links(
    browser: Client, services: Services, seeded: UUID
) -> None:
    """A category narrows the list; a tag link narrows it further and can be removed."""
    trees = tree_catalogue.list_trees(services, Operator(seeded), TreeQuery()).items
    printing = next(tree for tree in trees if tree.title == PRINTING)
    assert printing.category is not None
    assert printing.tags
    by_category = browser.get("/", params={"category": printing.category}).text
    assert all(
        (tree.title in by_category) == (tree.category == printing.category) for tree in trees
    )
    by_tag = browser.get("/", params={"tag": printing.tags[0]}).text
    assert "Show every tag" in by_tag
    assert PRINTING in by_tag


def test_odd_query_values_are_ignored_not_refused(browser: Client, seeded: UUID) -> None:
    """An unknown status or a bad offset shows the library, as a person would expect."""
    del seeded
    answer = browser.get("/", params={"status": "nonsense", "offset": "-3x"})
    assert answer.status_code == 200
    assert PRINTING in answer.text


def test_the_tree_page_shows_the_diagram_versions_and_the_owner_s_actions(
    browser: Client, services: Services, seeded: UUID
) -> None:
    """An owner may start, edit, read analytics and delete; the diagram is drawn in the page."""
    tree_id = tree_named(services, seeded, PRINTING)
    page = browser.get(f"/trees/{tree_id}").text
    assert '<svg class="diagram"' in page
    assert f'action="/trees/{tree_id}/start"' in page
    assert f'href="/trees/{tree_id}/edit"' in page
    assert f'href="/trees/{tree_id}/analytics"' in page
    assert 'data-open-dialog="delete-tree"' in page
    assert "by the operator (command line)" in page


def test_a_viewer_s_tree_page_offers_walking_and_exports_only(
    browser: Client, services: Services, seeded: UUID
) -> None:
    """No edit, analytics or delete for a viewer, and analytics itself is refused."""
    tree_id = tree_named(services, seeded, PRINTING)
    sign_in_as(browser, services, seeded, Role.VIEWER)
    page = browser.get(f"/trees/{tree_id}").text
    assert f'action="/trees/{tree_id}/start"' in page
    assert f"/trees/{tree_id}/export/json" in page
    for absent in ("/edit", "/analytics", "delete-tree"):
        assert absent not in page
    assert browser.get(f"/trees/{tree_id}/analytics").status_code == 403


def test_an_engineer_may_edit_but_not_delete(
    browser: Client, services: Services, seeded: UUID
) -> None:
    """Deleting is for admins and owners, on the page and in the use case."""
    tree_id = tree_named(services, seeded, PRINTING)
    sign_in_as(browser, services, seeded, Role.ENGINEER)
    page = browser.get(f"/trees/{tree_id}").text
    assert f'href="/trees/{tree_id}/edit"' in page
    assert "delete-tree" not in page
    token = csrf_token(browser, f"/trees/{tree_id}")
    assert browser.post(f"/trees/{tree_id}/delete", data={"_csrf_token": token}).status_code == 403


@pytest.mark.parametrize(
    ("export_format", "extension", "starts"),
    [("json", "json", "{"), ("mermaid", "mmd", "flowchart TD"), ("dot", "dot", "digraph")],
)
def test_exports_download_as_named_files(  # noqa: PLR0913 - the cases' columns and fixtures
    *,
    browser: Client,
    services: Services,
    seeded: UUID,
    export_format: str,
    extension: str,
    starts: str,
) -> None:
    """Each format is an attachment named after the tree."""
    tree_id = tree_named(services, seeded, PRINTING)
    answer = browser.get(f"/trees/{tree_id}/export/{export_format}")
    assert answer.status_code == 200
    disposition = answer.headers["content-disposition"]
    assert disposition == f'attachment; filename="printer-does-not-print.{extension}"'
    assert answer.text.startswith(starts)
    if export_format == "json":
        assert json.loads(answer.text)["title"] == PRINTING


def test_an_unknown_export_format_is_not_found(
    browser: Client, services: Services, seeded: UUID
) -> None:
    """A page saying so, not a server error."""
    tree_id = tree_named(services, seeded, PRINTING)
    assert browser.get(f"/trees/{tree_id}/export/pdf").status_code == 404


def test_deleting_goes_back_to_the_library_with_a_notice(
    browser: Client, services: Services, seeded: UUID
) -> None:
    """The tree is gone from the library and its page; the notice is a fixed text."""
    tree_id = tree_named(services, seeded, PRINTING)
    token = csrf_token(browser, f"/trees/{tree_id}")
    answer = browser.post(f"/trees/{tree_id}/delete", data={"_csrf_token": token})
    assert (answer.status_code, answer.headers["location"]) == (303, "/?notice=deleted")
    library = browser.get("/?notice=deleted").text
    assert "The tree was deleted." in library
    assert PRINTING not in library
    assert browser.get(f"/trees/{tree_id}").status_code == 404


def test_starting_a_walk_goes_to_the_walk(
    browser: Client, services: Services, seeded: UUID
) -> None:
    """A 303 to /walks/{id} of the session the use case started."""
    tree_id = tree_named(services, seeded, PRINTING)
    token = csrf_token(browser, f"/trees/{tree_id}")
    answer = browser.post(f"/trees/{tree_id}/start", data={"_csrf_token": token})
    assert answer.status_code == 303
    walk_id = UUID(answer.headers["location"].removeprefix("/walks/"))
    with services.uow() as uow:
        walk = uow.walks.get(walk_id)
    assert walk is not None
    assert walk.tree_id == tree_id


def test_the_analytics_page_without_walks_says_so(
    browser: Client, services: Services, seeded: UUID
) -> None:
    """No chart of nothing: a sentence saying what will appear."""
    tree_id = tree_named(services, seeded, PRINTING)
    page = browser.get(f"/trees/{tree_id}/analytics").text
    assert "No walks yet" in page


@pytest.mark.parametrize(
    ("title", "name"),
    [
        ("Printer won't print", "printer-won-t-print"),
        ("  VPN / Wi-Fi ", "vpn-wi-fi"),
        ("Ünïcode ☃", "n-code"),
        ("☃☃", "tree"),
        ("x" * 80, "x" * 60),
    ],
)
def test_download_names_are_plain_ascii(title: str, name: str) -> None:
    """Safe in a Content-Disposition header on every system."""
    assert file_name(title) == name
