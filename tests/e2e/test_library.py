"""The tree library, a tree's page and its analytics, as a technician and an author use them."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Final
from uuid import UUID

from playwright.sync_api import Page, expect

from decision_core.roles import Role
from decision_core.trees.catalogue import TreeQuery
from decision_core.trees.walk_operations import AnswerOp, ContinueOp
from decision_core.trees.walks import Outcome
from decision_core.usecases import tree_catalogue, walks
from decision_core.usecases.context import ClientInfo, Operator, Principal
from decision_core.usecases.members import NewMember, add_member
from decision_core.usecases.signin import authenticate, login
from entrypoints.demo import seed_demo
from tests.e2e.served import ServedApp
from tests.e2e.steps import PASSWORD, owner_signed_in

VPN: Final = "VPN will not connect"


def demo_library(page: Page, app: ServedApp) -> UUID:
    """Olive signed in, her account holding the demo trees; the account's id."""
    account_id = owner_signed_in(page, app)
    seed_demo(app.services, Operator(account_id))
    return account_id


def tree_id_of(app: ServedApp, account_id: UUID, title: str) -> UUID:
    """The id of the account's tree with this title."""
    trees = tree_catalogue.list_trees(app.services, Operator(account_id), TreeQuery()).items
    return next(tree.id for tree in trees if tree.title == title)


def walker(app: ServedApp, account_id: UUID) -> Principal:
    """A viewer of the account, signed in through the use cases (no browser needed)."""
    email = "walt@example.com"
    member = NewMember(email, PASSWORD, "Walt Walker", Role.VIEWER)
    add_member(app.services, Operator(account_id), member)
    tokens = login(app.services, email, PASSWORD, ClientInfo())
    return authenticate(app.services, tokens.access_token)


def test_search_finds_a_demo_tree_as_you_type(page: Page, app: ServedApp) -> None:
    """Typing narrows the list without a reload, marks the match, and a reload keeps it."""
    demo_library(page, app)
    page.goto("/")
    cards = page.locator(".tree-card")
    expect(cards).to_have_count(5)
    page.evaluate("window.stillTheSamePage = true")
    page.get_by_label("Search").press_sequentially("vpn", delay=60)
    expect(cards).to_have_count(1)
    expect(cards.first.get_by_role("link", name=VPN)).to_be_visible()
    expect(cards.first.locator("mark").first).to_have_text(re.compile("vpn", re.IGNORECASE))
    expect(page.locator("#library-summary")).to_have_text("1 tree matches “vpn”, best first.")
    expect(page).to_have_url(re.compile(r"[?&]q=vpn"))
    assert page.evaluate("window.stillTheSamePage") is True  # a partial update, no reload
    page.reload()
    expect(page.get_by_label("Search")).to_have_value("vpn")
    expect(cards).to_have_count(1)
    page.get_by_label("Search").fill("")
    expect(cards).to_have_count(5)


def test_filters_by_category_without_a_reload(page: Page, app: ServedApp) -> None:
    """The category list narrows the library as soon as it changes."""
    demo_library(page, app)
    page.goto("/")
    page.get_by_label("Category").select_option(label="Network (2)")
    expect(page.locator(".tree-card")).to_have_count(2)
    expect(page.locator("#library-summary")).to_have_text("2 trees match the filters.")


def test_a_new_account_imports_the_demo_trees_and_starts_a_walk(page: Page, app: ServedApp) -> None:
    """The empty library says how to begin; one press fills it; Start goes to the walk."""
    owner_signed_in(page, app)
    page.goto("/")
    expect(page.get_by_role("heading", name="No trees yet")).to_be_visible()
    page.get_by_role("button", name="Import the demo trees").click()
    expect(page.get_by_role("status").first).to_have_text(
        "The demo trees were imported. Pick one and press Start."
    )
    expect(page.locator(".tree-card")).to_have_count(5)
    page.get_by_role("button", name=f"Start {VPN}").click()
    expect(page).to_have_url(re.compile(r"/walks/[0-9a-f-]{36}$"))


def test_the_tree_page_draws_the_diagram_exports_and_deletes(
    page: Page, app: ServedApp, tmp_path: Path
) -> None:
    """Every node in the drawing, a JSON download, and a confirmed delete back to the library."""
    account_id = demo_library(page, app)
    tree_id = tree_id_of(app, account_id, VPN)
    page.goto("/")
    page.get_by_role("link", name=VPN).click()
    expect(page.get_by_role("heading", name=VPN, level=1)).to_be_visible()
    expect(page.locator("svg.diagram g.diagram__node")).to_have_count(13)
    expect(page.locator('g.diagram__node--start[data-node-id="internet"]')).to_have_count(1)
    page.set_viewport_size({"width": 360, "height": 800})
    page.reload()
    start = page.locator("g.diagram__node--start rect").bounding_box()
    assert start is not None
    assert start["x"] >= 0  # in view on a phone
    assert start["x"] + start["width"] <= 360
    page.set_viewport_size({"width": 1280, "height": 900})
    with page.expect_download() as download:
        page.get_by_role("link", name=f"JSON export of {VPN}").click()
    saved = tmp_path / "vpn.json"
    download.value.save_as(saved)
    assert download.value.suggested_filename == "vpn-will-not-connect.json"
    assert json.loads(saved.read_text(encoding="utf-8"))["title"] == VPN

    page.get_by_role("button", name="Delete").click()
    dialog = page.get_by_role("dialog", name=f"Delete “{VPN}”?")
    expect(dialog).to_be_visible()
    dialog.get_by_role("button", name="Cancel").click()
    expect(dialog).to_be_hidden()
    page.get_by_role("button", name="Delete").click()
    dialog.get_by_role("button", name="Delete the tree").click()
    expect(page).to_have_url(re.compile(r"/\?notice=deleted$"))
    expect(page.get_by_role("status").first).to_contain_text("The tree was deleted.")
    expect(page.locator(".tree-card")).to_have_count(4)
    page.goto(f"/trees/{tree_id}")
    expect(page.get_by_role("heading", name="Not found")).to_be_visible()


def test_the_analytics_after_two_walks(page: Page, app: ServedApp) -> None:
    """One walk resolved, one given up at a question: the figures, the table and the chart."""
    account_id = demo_library(page, app)
    tree_id = tree_id_of(app, account_id, VPN)
    walt = walker(app, account_id)
    services = app.services
    solved = walks.start_walk(services, walt, tree_id).walk.id
    for operation in (AnswerOp("yes"), AnswerOp("timeout"), ContinueOp(), AnswerOp("yes")):
        walks.operate_walk(services, walt, solved, operation)
    walks.complete_walk(services, walt, solved, Outcome.RESOLVED)
    given_up = walks.start_walk(services, walt, tree_id).walk.id
    walks.operate_walk(services, walt, given_up, AnswerOp("yes"))

    page.goto(f"/trees/{tree_id}")
    page.get_by_role("link", name="Analytics").click()
    expect(page.get_by_role("heading", name=f"Analytics: {VPN}")).to_be_visible()
    stats = page.locator(".stats")
    expect(stats.locator(".stats__item", has_text="Walks started").locator("dd")).to_have_text("2")
    expect(stats.locator(".stats__item", has_text="Completed").locator("dd")).to_have_text("1")
    expect(stats.locator(".stats__item", has_text="Resolution rate").locator("dd")).to_have_text(
        "100%"
    )
    rows = page.locator(".analytics-table tbody tr")
    expect(rows.first.locator("th")).to_contain_text("internet")
    client = page.locator(".analytics-table tbody tr", has_text="client: What does the VPN")
    expect(client.locator('td[data-label="Visits"]')).to_have_text("2")
    expect(client.locator('td[data-label="Drop-offs"]')).to_have_text("1")
    expect(page.locator("svg.funnel g.funnel__row")).to_have_count(rows.count())


def test_the_keyboard_finds_a_tree_and_starts_it(page: Page, app: ServedApp) -> None:
    """Type in the search box, tab to the hit's Start button, press Enter."""
    demo_library(page, app)
    page.goto("/")
    page.get_by_label("Search").focus()
    page.keyboard.type("email", delay=40)
    expect(page.locator(".tree-card")).to_have_count(1)
    start = page.get_by_role("button", name="Start Email is not delivered")
    for _ in range(12):  # search button, filters, the card's link and tags, then Start
        page.keyboard.press("Tab")
        if start.evaluate("button => button === document.activeElement"):
            break
    expect(start).to_be_focused()
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"/walks/[0-9a-f-]{36}$"))
