"""The owner's security page: the policy card and signing everyone out."""

from __future__ import annotations

import re

from playwright.sync_api import Browser, Page, expect

from decision_core.roles import Role
from tests.e2e.served import ServedApp
from tests.e2e.steps import (
    OWNER_EMAIL,
    invite_link,
    join,
    owner_signed_in,
    sign_in,
)


def test_presets_custom_minutes_and_inline_validation(page: Page, app: ServedApp) -> None:
    """Custom minutes are usable only under Custom; bounds and idle <= absolute show inline."""
    owner_signed_in(page, app)
    page.goto("/account/security")
    idle = page.get_by_label("Idle timeout, in minutes")
    absolute = page.get_by_label("Maximum session length, in minutes")
    expect(page.get_by_label(re.compile("^Strict"))).to_be_checked()
    expect(idle).to_be_disabled()
    expect(absolute).to_be_disabled()
    expect(page.get_by_text("Between 10 (10 minutes) and 43200 (30 days).")).to_be_visible()

    page.get_by_label(re.compile("^Custom")).check()
    expect(idle).to_be_enabled()
    idle.fill("90")
    absolute.fill("60")
    expect(page.get_by_text("Must not be shorter than the idle timeout (90).")).to_be_visible()
    expect(absolute).to_have_attribute("aria-invalid", "true")
    page.get_by_role("button", name="Save policy").click()  # the server checks too
    expect(page.get_by_role("alert")).to_contain_text(
        "the effective idle timeout (90 min) must not exceed the effective absolute lifetime"
    )
    page.get_by_label("Idle timeout, in minutes").fill("5")
    expect(page.get_by_text("Must be between 10 and 43200.")).to_be_visible()

    page.get_by_label(re.compile("^Custom")).check()
    idle.fill("45")
    absolute.fill("180")
    page.get_by_role("button", name="Save policy").click()
    saved = page.locator("#policy-card").get_by_role("status")
    expect(saved).to_have_text("Saved. The new policy applies at each person's next sign-in.")
    expect(page.get_by_label(re.compile("^Custom"))).to_be_checked()
    expect(page.get_by_label("Idle timeout, in minutes")).to_have_value("45")

    page.get_by_label(re.compile("^Standard")).check()
    expect(page.get_by_label("Idle timeout, in minutes")).to_be_disabled()
    page.get_by_role("button", name="Save policy").click()
    expect(page.locator("#policy-card").get_by_role("status")).to_have_text(re.compile("^Saved"))
    page.reload()
    expect(page.get_by_label(re.compile("^Standard"))).to_be_checked()


def test_signing_out_everyone_except_me(page: Page, app: ServedApp, browser: Browser) -> None:
    """The 'others' dialog names the scope; confirming ends the others and refreshes the list."""
    account_id = owner_signed_in(page, app)
    page.goto("/account/security")
    expect(page.get_by_text("Only you are signed in.")).to_be_visible()
    expect(page.get_by_role("button", name="Sign out everyone except me")).to_have_count(0)

    colleague = browser.new_context(base_url=app.base_url).new_page()
    join(
        colleague, invite_link(app, account_id, Role.ENGINEER), name="Eddie", email="e@example.com"
    )
    page.reload()
    expect(page.get_by_text("2 people are signed in.")).to_be_visible()
    expect(page.locator(".people__row", has_text="Olive Owner")).to_contain_text("(you)")
    expect(page.locator(".people__row", has_text="Eddie")).to_contain_text("Last sign-in just now")

    page.get_by_role("button", name="Sign out everyone except me").click()
    dialog = page.get_by_role("dialog", name="Sign out everyone except you?")
    expect(dialog).to_be_visible()
    expect(dialog).to_contain_text("1 other person will be signed out on every device")
    dialog.get_by_role("button", name="Cancel").click()
    expect(dialog).to_be_hidden()

    page.get_by_role("button", name="Sign out everyone except me").click()
    dialog.get_by_role("button", name="Sign out 1 other").click()
    expect(page.locator("#sessions-card").get_by_role("status")).to_have_text(
        "Signed out 1 session. Those people must sign in again."
    )
    expect(page.get_by_text("Only you are signed in.")).to_be_visible()
    page.reload()
    expect(page.get_by_role("heading", name="Security")).to_be_visible()  # still signed in
    colleague.context.close()


def test_signing_out_everyone_including_me(page: Page, app: ServedApp) -> None:
    """The 'all' dialog warns that the owner goes too; then the sign-in page, without a banner."""
    owner_signed_in(page, app)
    page.goto("/account/security")
    page.get_by_role("button", name="Sign out everyone, including me").click()
    dialog = page.get_by_role("dialog", name="Sign out everyone, including you?")
    expect(dialog).to_contain_text("You will have to sign in again too.")
    dialog.get_by_role("button", name="Sign out everyone").click()
    expect(page.locator("#sessions-card").get_by_role("status")).to_contain_text(
        "Signed out 1 session, yours included."
    )
    expect(page).to_have_url(re.compile(r"/login$"), timeout=5000)
    expect(page.locator(".banner")).to_have_count(0)
    page.goto("/account/security")
    expect(page).to_have_url(re.compile(r"/login"))


def test_a_member_who_is_not_owner_gets_the_403_page(page: Page, app: ServedApp) -> None:
    """An engineer opening the security page is told plainly, with a way back."""
    account_id = owner_signed_in(page, app)
    page.context.clear_cookies()
    join(page, invite_link(app, account_id, Role.ADMIN), name="Ada Admin", email="ada@example.com")
    expect(page.get_by_role("link", name="Security")).to_have_count(0)  # not in the navigation
    response = page.goto("/account/security")
    assert response is not None
    assert response.status == 403
    expect(page.get_by_role("heading", name="Not allowed")).to_be_visible()
    expect(page.get_by_role("link", name="Go to the start page")).to_be_visible()


def test_a_forged_post_without_the_csrf_token_is_refused(page: Page, app: ServedApp) -> None:
    """The browser sends the cookies, but without the page's token nothing happens."""
    owner_signed_in(page, app)
    forged = page.request.post("/account/security/revoke", form={"scope": "all"})
    assert forged.status == 403
    assert "This form has expired" in forged.text()
    page.goto("/account/security")
    expect(page.get_by_text("Only you are signed in.")).to_be_visible()  # nobody was signed out


def test_the_owner_signs_in_again_after_a_sign_out(page: Page, app: ServedApp) -> None:
    """Signing out from the user menu ends the session; signing in again works."""
    owner_signed_in(page, app)
    page.locator(".user-menu summary").click()
    page.get_by_role("button", name="Sign out").click()
    expect(page).to_have_url(re.compile(r"/login$"))
    page.goto("/")
    expect(page).to_have_url(re.compile(r"/login$"))
    sign_in(page, OWNER_EMAIL)
    expect(page.get_by_role("heading", name="Trees", exact=True)).to_be_visible()
