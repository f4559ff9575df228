"""Invites by mail in the browser: the mailed link joins; a revoked one says it is not valid."""

from __future__ import annotations

import re

from playwright.sync_api import Browser, Page, expect

from tests.e2e.served import ServedApp
from tests.e2e.steps import PASSWORD, next_mail_to, owner_signed_in, plain_text

NEWCOMER = "nina@example.com"


def mailed_join_link(app: ServedApp, to: str, *, already: int = 0) -> str:
    """The join link in the next mail to ``to`` the server delivers after ``already`` of them."""
    text = plain_text(next_mail_to(app, to, already=already))
    found = re.search(re.escape(app.base_url) + r"/join/[\w-]+", text)
    assert found is not None
    return found.group(0)


def join_addressed(page: Page, link: str, *, name: str, email: str) -> None:
    """Redeem an invite addressed to ``email`` (the page shows the email, fixed); signed in."""
    page.goto(link)
    expect(page.get_by_label("Email")).to_have_value(email)
    page.get_by_label("Your name").fill(name)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Join and sign in").click()
    expect(page.get_by_role("heading", name="Trees", exact=True)).to_be_visible()


def invite_by_email(page: Page, role: str, email: str) -> None:
    """On the Members page, create an invite for ``email``; the page says it mailed the link."""
    page.goto("/account/members")
    page.get_by_label("Role", exact=True).select_option(role)
    page.get_by_label("Email").fill(email)
    page.get_by_role("button", name="Create invite link").click()
    expect(page.get_by_role("status").first).to_contain_text(f"We emailed the link to {email}.")


def test_the_link_in_the_invite_mail_joins_and_signs_in(
    page: Page, app: ServedApp, browser: Browser
) -> None:
    """Invite with an email, open the link from the mail, join: signed in with the role."""
    owner_signed_in(page, app)
    invite_by_email(page, "engineer", NEWCOMER)
    link = mailed_join_link(app, NEWCOMER)
    newcomer = browser.new_context(base_url=app.base_url).new_page()
    join_addressed(newcomer, link, name="Nina Newcomer", email=NEWCOMER)
    expect(newcomer.get_by_role("link", name="New tree")).to_be_visible()  # an engineer's
    newcomer.context.close()
    page.goto("/account/members")  # not a reload: that would post the invite form again
    expect(page.locator("tr", has_text="Nina Newcomer")).to_contain_text("engineer")
    expect(page.get_by_text("No open invites.")).to_be_visible()


def test_a_revoked_invites_link_says_it_is_not_valid(
    page: Page, app: ServedApp, browser: Browser
) -> None:
    """Revoke behind a confirmation dialog; then the mailed link no longer joins."""
    owner_signed_in(page, app)
    invite_by_email(page, "viewer", NEWCOMER)
    link = mailed_join_link(app, NEWCOMER)
    page.goto("/account/members")
    revoke = page.get_by_role("button", name=f"Revoke the invite for {NEWCOMER}")
    revoke.click()
    dialog = page.get_by_role("dialog", name=f"Revoke the invite for {NEWCOMER}?")
    expect(dialog).to_be_visible()
    dialog.get_by_role("button", name="Cancel").click()
    expect(dialog).to_be_hidden()
    revoke.click()
    dialog.get_by_role("button", name="Revoke invite").click()
    expect(page.get_by_role("status")).to_have_text(
        "The invite was revoked; its link no longer works."
    )
    expect(page.get_by_text("No open invites.")).to_be_visible()
    newcomer = browser.new_context(base_url=app.base_url).new_page()
    newcomer.goto(link)
    expect(newcomer.get_by_role("heading", name="This invite cannot be used")).to_be_visible()
    newcomer.context.close()


def test_resend_mails_a_new_link_and_the_old_one_stops_working(
    page: Page, app: ServedApp, browser: Browser
) -> None:
    """The page says it mailed a new link; the first link is not valid any more, the new one is."""
    owner_signed_in(page, app)
    invite_by_email(page, "viewer", NEWCOMER)
    old = mailed_join_link(app, NEWCOMER)
    page.goto("/account/members")
    page.get_by_role("button", name=f"Resend the invite for {NEWCOMER}").click()
    expect(page.get_by_role("status")).to_contain_text(f"We emailed a new link to {NEWCOMER}.")
    new = mailed_join_link(app, NEWCOMER, already=1)
    assert new != old
    newcomer = browser.new_context(base_url=app.base_url).new_page()
    newcomer.goto(old)
    expect(newcomer.get_by_role("heading", name="This invite cannot be used")).to_be_visible()
    join_addressed(newcomer, new, name="Nina Newcomer", email=NEWCOMER)
    newcomer.context.close()
