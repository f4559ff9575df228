"""A forgotten password, replaced through the mailed link, in a real browser."""

from __future__ import annotations

import re
from datetime import timedelta

from playwright.sync_api import Browser, Page, expect

from tests.e2e.conftest import both_databases
from tests.e2e.served import ServedApp
from tests.e2e.steps import PASSWORD, advance_clocks, register, reset_link, sign_in

NEW_PASSWORD = "a brand new passphrase"  # noqa: S105 - a test user's password


@both_databases
def test_a_forgotten_password_is_reset_by_mail_and_old_sessions_end(
    page: Page, browser: Browser, app: ServedApp
) -> None:
    """Ask, open the mailed link, set a password, sign in with it; the other device is out."""
    register(page, name="Olive Owner", email="olive@example.com")
    other_device = browser.new_context(base_url=app.base_url)
    elsewhere = other_device.new_page()
    sign_in(elsewhere, "olive@example.com")
    expect(elsewhere.get_by_role("heading", name="Trees", exact=True)).to_be_visible()
    page.context.clear_cookies()

    page.goto("/login")
    page.get_by_role("link", name="Forgot your password?").click()
    expect(page).to_have_url(re.compile(r"/forgot-password$"))
    link = reset_link(page, app, "olive@example.com")
    page.goto(link)
    page.get_by_label("New password", exact=True).fill(NEW_PASSWORD)
    page.get_by_label("New password, again").fill(NEW_PASSWORD)
    page.get_by_role("button", name="Set the new password").click()

    expect(page).to_have_url(re.compile(r"/login\?reason=password_reset$"))
    expect(page.get_by_role("status")).to_contain_text("Your password was reset.")
    sign_in(page, "olive@example.com", PASSWORD)
    expect(page.get_by_role("alert")).to_contain_text("do not match")
    sign_in(page, "olive@example.com", NEW_PASSWORD)
    expect(page.get_by_role("heading", name="Trees", exact=True)).to_be_visible()

    # The other device's access token lives out its few minutes; then its refresh is refused.
    advance_clocks(app, elsewhere, timedelta(minutes=6))
    elsewhere.reload()
    expect(elsewhere).to_have_url(re.compile(r"/login"))
    expect(elsewhere.get_by_role("heading", name="Sign in")).to_be_visible()
    other_device.close()

    page.goto(link)
    expect(page.get_by_role("heading", name="This link cannot be used")).to_be_visible()
    page.get_by_role("link", name="Ask for a new link").click()
    expect(page).to_have_url(re.compile(r"/forgot-password$"))
