"""Members (invite, roles, deactivation) and the audit trail."""

from __future__ import annotations

import re

from playwright.sync_api import Browser, Page, expect

from decision_core.login.policy import PolicyPatch
from decision_core.roles import Role
from decision_core.usecases import account_security
from decision_core.usecases.context import Operator
from tests.e2e.served import ServedApp
from tests.e2e.steps import invite_link, join, owner_signed_in, sign_in


def test_invite_copy_the_link_join_change_role_and_deactivate(
    page: Page, app: ServedApp, browser: Browser
) -> None:
    """The whole life of a member, from the owner's page."""
    owner_signed_in(page, app)
    page.context.grant_permissions(["clipboard-read", "clipboard-write"])
    page.goto("/account/members")
    page.get_by_label("Role", exact=True).select_option("engineer")
    page.get_by_role("button", name="Create invite link").click()
    expect(page.get_by_role("status").first).to_contain_text("Invite created for the role engineer")
    page.get_by_role("button", name="Copy link").click()
    expect(page.get_by_text("Copied.")).to_be_visible()
    link = page.evaluate("navigator.clipboard.readText()")
    assert re.fullmatch(r"http://127\.0\.0\.1:\d+/join/[\w-]+", link)

    newcomer = browser.new_context(base_url=app.base_url).new_page()
    join(newcomer, link, name="Eddie Engineer", email="eddie@example.com")

    page.reload()
    row = page.locator("tr", has_text="Eddie Engineer")
    expect(row).to_contain_text("engineer")
    expect(row).to_contain_text("active")
    row.get_by_label("Role of Eddie Engineer").select_option("viewer")
    row.get_by_role("button", name="Save role of Eddie Engineer").click()
    # The role form posts with htmx (so that a step-up can be confirmed in place): no
    # navigation to wait for, so first the swapped row, then the page's one notice.
    role_cell = page.locator("tr", has_text="Eddie Engineer").locator('td[data-label="Role"]')
    expect(role_cell).to_have_text("viewer")
    expect(page.get_by_role("status")).to_have_text("Eddie Engineer was updated.")

    page.locator("tr", has_text="Eddie Engineer").get_by_role(
        "button", name="Deactivate Eddie Engineer"
    ).click()
    expect(page.locator("tr", has_text="Eddie Engineer")).to_contain_text("deactivated")
    newcomer.context.clear_cookies()
    sign_in(newcomer, "eddie@example.com")
    expect(newcomer.get_by_role("alert")).to_contain_text("do not match an active account")
    newcomer.context.close()


def test_the_last_owner_cannot_demote_themselves(page: Page, app: ServedApp) -> None:
    """The rule is a clear message, and nothing changes."""
    owner_signed_in(page, app)
    page.goto("/account/members")
    row = page.locator("tr", has_text="Olive Owner")
    row.get_by_label("Role of Olive Owner").select_option("admin")
    row.get_by_role("button", name="Save role of Olive Owner").click()
    expect(page.get_by_role("alert")).to_have_text(
        "An account must keep at least one active owner: make someone else an owner first."
    )
    expect(page.locator("tr", has_text="Olive Owner")).to_contain_text("owner")


def test_the_audit_trail_filters_and_pages_back(page: Page, app: ServedApp) -> None:
    """Newest first, details readable, a filter by action, and older pages."""
    account_id = owner_signed_in(page, app)
    owner = Operator(account_id=account_id)
    for minutes in range(60, 60 + 55):  # 55 policy changes: more than one page of 50
        patch = PolicyPatch(idle_minutes=minutes, absolute_minutes=200)
        account_security.update_security(app.services, owner, patch)
    page.goto("/account/audit")
    events = page.locator(".event")
    expect(events).to_have_count(50)
    newest = events.first
    expect(newest).to_contain_text("account.session_policy_update")
    expect(newest).to_contain_text("by the operator (cli)")
    expect(newest).to_contain_text("newabsolute_minutes: 200; idle_minutes: 114")
    page.get_by_role("link", name="Older events").click()
    expect(events.first).to_contain_text("idle_minutes: 64")
    page.get_by_label("Action").select_option("auth.login")
    page.get_by_role("button", name="Filter").click()
    expect(events).to_have_count(1)
    expect(events.first).to_contain_text("by Olive Owner")
    expect(page.get_by_role("link", name="Older events")).to_have_count(0)


def test_navigation_follows_the_role(page: Page, app: ServedApp) -> None:
    """An owner sees every section; a viewer the trees and walks, and is refused the others."""
    account_id = owner_signed_in(page, app)
    nav = page.get_by_role("navigation", name="Main")
    for label in ("Trees", "Walks", "New tree", "Members", "Audit", "Security"):
        expect(nav.get_by_role("link", name=label)).to_be_visible()
    page.context.clear_cookies()
    join(
        page, invite_link(app, account_id, Role.VIEWER), name="Vic Viewer", email="vic@example.com"
    )
    expect(nav.get_by_role("link")).to_have_text(["Trees", "Walks"])
    for path in ("/account/members", "/account/audit"):
        page.goto(path)
        expect(page.get_by_role("heading", name="Not allowed")).to_be_visible()
