"""Every page at 360 px and 1280 px: nothing overflows, every field is labelled, keys reach it all.

The same walk writes a screenshot of each page and width; ``nox -s screenshots`` keeps them
under docs/screenshots/ (elsewhere they go to a temporary folder).
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable
from datetime import timedelta
from pathlib import Path
from uuid import UUID

import pytest
from playwright.sync_api import Page, expect

from decision_core.roles import Role
from decision_core.trees.catalogue import TreeQuery
from decision_core.trees.walk_operations import AnswerOp
from decision_core.trees.walks import Outcome
from decision_core.usecases import account_security, registration, tree_catalogue, walks
from decision_core.usecases.context import ClientInfo, Operator
from decision_core.usecases.signin import authenticate, login
from decision_core.usecases.tree_authoring import NewTree, create_tree
from entrypoints.demo import demo_tree_data, seed_demo
from tests.e2e.served import ServedApp
from tests.e2e.steps import (
    OWNER_EMAIL,
    PASSWORD,
    account_of,
    advance_clocks,
    invite_link,
    join,
    owner_signed_in,
    reset_link,
    sign_in,
    totp_code,
)
from tests.e2e.walk_steps import open_completed_walk, open_walk, open_walks

WIDTHS = (360, 1280)
SCREENSHOTS_VARIABLE = "DT_SCREENSHOTS_DIR"

# Each page: its name and how to reach it, for an owner signed in at the start.
Opener = Callable[[Page, ServedApp], None]


def _open(path: str) -> Opener:
    def open_path(page: Page, _app: ServedApp) -> None:
        page.goto(path)

    return open_path


def _signed_out(path: str) -> Opener:
    def open_signed_out(page: Page, _app: ServedApp) -> None:
        page.context.clear_cookies()
        page.goto(path)

    return open_signed_out


def _reset_password_page(page: Page, app: ServedApp) -> None:
    """The new-password form, opened from a fresh link."""
    page.context.clear_cookies()
    page.goto(reset_link(page, app, "olive@example.com"))


def _join_page(page: Page, app: ServedApp) -> None:
    with app.services.uow() as uow:
        owner = uow.users.get_by_email("olive@example.com")
    assert owner is not None
    link = invite_link(app, owner.account_id, Role.ENGINEER)
    page.context.clear_cookies()
    page.goto(link)


def _forbidden(page: Page, app: ServedApp) -> None:
    _join_page(page, app)
    join(page, page.url, name="Eddie Engineer", email="eddie@example.com")
    page.goto("/account/security")


def _dialog(page: Page, _app: ServedApp) -> None:
    page.goto("/account/security")
    page.get_by_role("button", name="Sign out everyone, including me").click()


def _idle_notice(page: Page, app: ServedApp) -> None:
    page.goto("/")
    advance_clocks(app, page, timedelta(minutes=26))
    expect(page.locator("#expiry-notice")).to_be_visible()


def _library(path: str) -> Opener:
    def open_library(page: Page, app: ServedApp) -> None:
        seed_demo(app.services, Operator(account_of(app, OWNER_EMAIL)))
        page.goto(path)

    return open_library


def _tree(then: Callable[[Page, ServedApp, UUID], None]) -> Opener:
    def open_tree(page: Page, app: ServedApp) -> None:
        account = Operator(account_of(app, OWNER_EMAIL))
        seed_demo(app.services, account)
        trees = tree_catalogue.list_trees(app.services, account, TreeQuery()).items
        then(page, app, next(tree.id for tree in trees if tree.title == "VPN will not connect"))

    return open_tree


def _tree_page(page: Page, _app: ServedApp, tree_id: UUID) -> None:
    page.goto(f"/trees/{tree_id}")


def _delete_dialog(page: Page, _app: ServedApp, tree_id: UUID) -> None:
    page.goto(f"/trees/{tree_id}")
    page.get_by_role("button", name="Delete").click()


def _analytics(page: Page, app: ServedApp, tree_id: UUID) -> None:
    owner = app.services
    walker = authenticate(owner, login(owner, OWNER_EMAIL, PASSWORD, ClientInfo()).access_token)
    for answers in (("yes", "auth", "no"), ("no",)):
        walk = walks.start_walk(owner, walker, tree_id).walk.id
        for answer in answers:
            walks.operate_walk(owner, walker, walk, AnswerOp(answer))
    walks.complete_walk(owner, walker, walk, Outcome.ESCALATED)
    page.goto(f"/trees/{tree_id}/analytics")


def _tree_editor(page: Page, app: ServedApp) -> None:
    """The printing demo tree as a draft with one dangling answer, so the checks list an error."""
    exported = demo_tree_data()["printing.json"]
    assert isinstance(exported, dict)
    document = exported["document"]
    document["nodes"][0]["answers"][1]["next"] = "paper_jam"
    new = NewTree(title=exported["title"], category=exported["category"], document=document)
    tree = create_tree(app.services, Operator(account_of(app, OWNER_EMAIL)), new).tree
    page.goto(f"/trees/{tree.id}/edit")
    page.locator("#node-start summary").click()


def _two_factor_set_up(page: Page, _app: ServedApp) -> None:
    page.goto("/me/two-factor")
    page.get_by_role("button", name="Set up two-factor sign-in").click()
    expect(page.get_by_role("img", name=re.compile("^QR code"))).to_be_visible()


def _two_factor_codes(page: Page, app: ServedApp) -> None:
    _two_factor_set_up(page, app)
    secret = page.get_by_label("Key for your authenticator app").input_value()
    page.get_by_label("Code from the app").fill(totp_code(app, secret))
    page.get_by_role("button", name="Turn on two-factor sign-in").click()
    expect(page.get_by_label("Recovery codes")).to_be_visible()


def _two_factor_code_page(page: Page, app: ServedApp) -> None:
    _two_factor_codes(page, app)
    page.context.clear_cookies()
    sign_in(page, OWNER_EMAIL)
    expect(page.get_by_label("Code from your authenticator app")).to_be_visible()


def _two_factor_enrol_page(page: Page, app: ServedApp) -> None:
    account = Operator(account_of(app, OWNER_EMAIL))
    account_security.require_two_factor(app.services, account, required=True)
    page.context.clear_cookies()
    sign_in(page, OWNER_EMAIL)
    page.get_by_role("button", name="Set it up now").click()
    expect(page.get_by_role("img", name=re.compile("^QR code"))).to_be_visible()


def _confirm_dialog(page: Page, app: ServedApp) -> None:
    page.goto("/account/security")
    advance_clocks(app, page, timedelta(minutes=11))
    page.locator("#two-factor-card").get_by_role("button", name="Save").click()
    expect(page.get_by_role("dialog", name="Confirm it is you")).to_be_visible()


def _members_with_invites(page: Page, app: ServedApp) -> None:
    """Two open invites, one to a long address, so the invites table has to fit too."""
    operator = Operator(account_of(app, OWNER_EMAIL))
    email = "first.last.with-a-long-name@subsidiary.example.com"
    registration.create_invite(app.services, operator, Role.ENGINEER, email)
    registration.create_invite(app.services, operator, Role.VIEWER)
    page.goto("/account/members")


def _revoke_invite_dialog(page: Page, app: ServedApp) -> None:
    _members_with_invites(page, app)
    page.get_by_role("button", name="Revoke the invite for anyone with the link").click()


PAGES: dict[str, Opener] = {
    "trees": _open("/"),
    "library": _library("/"),
    "library-search": _library("/?q=printer"),
    "tree": _tree(_tree_page),
    "tree-delete-dialog": _tree(_delete_dialog),
    "analytics": _tree(_analytics),
    "idle-notice": _idle_notice,
    "security": _open("/account/security"),
    "security-dialog": _dialog,
    "devices": _open("/me/devices"),
    "password": _open("/me/password"),
    "members": _open("/account/members"),
    "members-invites": _members_with_invites,
    "invite-revoke-dialog": _revoke_invite_dialog,
    "audit": _open("/account/audit"),
    "login-expired": _signed_out("/login?reason=session_expired"),
    "register": _signed_out("/register"),
    "forgot-password": _signed_out("/forgot-password"),
    "reset-password": _reset_password_page,
    "join": _join_page,
    "forbidden": _forbidden,
    "walk": open_walk,
    "walk-completed": open_completed_walk,
    "walks": open_walks,
    "tree-new": _open("/trees/new"),
    "tree-import": _open("/trees/import"),
    "tree-editor": _tree_editor,
    "two-factor": _open("/me/two-factor"),
    "two-factor-set-up": _two_factor_set_up,
    "two-factor-codes": _two_factor_codes,
    "login-two-factor": _two_factor_code_page,
    "login-two-factor-enrol": _two_factor_enrol_page,
    "confirm-identity": _open("/me/confirm"),
    "confirm-identity-dialog": _confirm_dialog,
}


@pytest.fixture
def screenshots(tmp_path: Path) -> Path:
    """Where the screenshots go."""
    directory = Path(os.environ.get(SCREENSHOTS_VARIABLE) or tmp_path)
    directory.mkdir(parents=True, exist_ok=True)
    return directory


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("name", list(PAGES))
def test_page_fits_the_width_and_labels_every_field(
    page: Page, app: ServedApp, screenshots: Path, name: str, width: int
) -> None:
    """No horizontal scrolling, no unlabelled control, and a screenshot to look at."""
    page.clock.install()
    page.set_viewport_size({"width": width, "height": 900})
    owner_signed_in(page, app)
    PAGES[name](page, app)
    page.wait_for_load_state("networkidle")
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0, f"{name} is {overflow}px wider than {width}px"
    unlabelled = page.evaluate(
        """() => [...document.querySelectorAll("input, select, textarea")]
              .filter(el => el.type !== "hidden" && !el.hidden)
              .filter(el => !(el.labels && el.labels.length) && !el.getAttribute("aria-label"))
              .map(el => el.name || el.id)"""
    )
    assert unlabelled == []
    page.screenshot(path=screenshots / f"{name}-{width}.png", full_page=True)


def test_the_keyboard_reaches_the_menu_and_the_dialog(page: Page, app: ServedApp) -> None:
    """Skip link first; the user menu opens with Enter; a dialog opens and closes by keys."""
    owner_signed_in(page, app)
    page.goto("/account/security")
    page.keyboard.press("Tab")
    expect(page.get_by_role("link", name="Skip to content")).to_be_focused()
    page.keyboard.press("Enter")
    menu = page.locator(".user-menu summary")
    menu.focus()
    page.keyboard.press("Enter")
    expect(page.get_by_role("link", name="My devices")).to_be_visible()
    danger = page.get_by_role("button", name="Sign out everyone, including me")
    danger.focus()
    page.keyboard.press("Enter")
    dialog = page.get_by_role("dialog", name="Sign out everyone, including you?")
    expect(dialog).to_be_visible()
    page.keyboard.press("Escape")
    expect(dialog).to_be_hidden()
    expect(page.get_by_text("Only you are signed in.")).to_be_visible()
