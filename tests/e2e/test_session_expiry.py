"""When a login session ends, and the notice that comes before it."""

from __future__ import annotations

import re
from datetime import timedelta

from playwright.sync_api import Page, expect

from tests.e2e.conftest import both_databases
from tests.e2e.served import ServedApp
from tests.e2e.steps import (
    OWNER_EMAIL,
    advance_clocks,
    owner_signed_in,
    set_policy,
    sign_in,
    sign_out_everyone,
)

NOTICE = "#expiry-notice"


@both_databases
def test_an_idle_expired_session_lands_on_the_sign_in_page_with_the_banner(
    page: Page, app: ServedApp
) -> None:
    """Past the idle timeout, any page sends the browser to sign in, saying why."""
    owner_signed_in(page, app)
    app.clock.advance(timedelta(minutes=31))  # the idle timeout is 30 minutes
    page.goto("/me/devices")
    expect(page).to_have_url(re.compile(r"/login\?reason=session_expired&next=%2Fme%2Fdevices$"))
    banner = page.get_by_role("status")
    expect(banner).to_have_text(
        "Your session ended for security. Please sign in again to continue."
    )
    expect(banner).to_have_class(re.compile("banner--info"))


def test_a_revoked_session_lands_on_the_sign_in_page_without_a_banner(
    page: Page, app: ServedApp
) -> None:
    """A bulk sign-out is no expiry: the next refresh leads to a plain sign-in page."""
    account_id = owner_signed_in(page, app)
    sign_out_everyone(app, account_id)
    app.clock.advance(timedelta(minutes=6))  # the access token (5 minutes) has run out
    page.goto("/")
    expect(page).to_have_url(re.compile(r"/login$"))
    expect(page.get_by_role("heading", name="Sign in")).to_be_visible()
    expect(page.locator(".banner")).to_have_count(0)


def test_an_htmx_request_after_expiry_redirects_the_whole_page(page: Page, app: ServedApp) -> None:
    """A partial update that finds the session ended navigates to the sign-in page."""
    owner_signed_in(page, app)
    page.goto("/account/security")
    app.clock.advance(timedelta(minutes=31))
    page.get_by_role("button", name="Save policy").click()
    expect(page).to_have_url(re.compile(r"/login\?reason=session_expired"))


def test_the_idle_notice_warns_and_stay_signed_in_hides_it(page: Page, app: ServedApp) -> None:
    """Five minutes before the idle timeout: a warning, and one click keeps the session."""
    page.clock.install()
    owner_signed_in(page, app)
    notice = page.locator(NOTICE)
    expect(notice).to_be_hidden()
    deadline = notice.get_attribute("data-idle-deadline")
    advance_clocks(app, page, timedelta(minutes=26))
    expect(notice).to_be_visible()
    expect(notice).to_have_class(re.compile("notice--warning"))
    expect(notice).to_contain_text(re.compile(r"signed out in [34] minutes for inactivity"))
    expect(notice.get_by_role("link", name="Sign in now")).to_be_hidden()
    notice.get_by_role("button", name="Stay signed in").click()
    expect(notice).to_be_hidden()
    assert notice.get_attribute("data-idle-deadline") != deadline
    page.reload()
    expect(page.get_by_role("heading", name="Trees", exact=True)).to_be_visible()


def test_the_absolute_notice_tells_when_the_session_ends_and_offers_to_sign_in(
    page: Page, app: ServedApp
) -> None:
    """Before the maximum session length, an info notice with a link to sign in again."""
    page.clock.install()
    account_id = owner_signed_in(page, app)
    set_policy(app, account_id, idle=30, absolute=40)
    page.context.clear_cookies()
    sign_in(page, OWNER_EMAIL)  # the new policy applies from this sign-in
    advance_clocks(app, page, timedelta(minutes=20))
    page.reload()  # activity: the idle window slides, the absolute deadline does not
    advance_clocks(app, page, timedelta(minutes=16))
    notice = page.locator(NOTICE)
    expect(notice).to_be_visible()
    expect(notice).to_have_class(re.compile("notice--info"))
    expect(notice).to_contain_text("Your session reaches its maximum length at")
    expect(notice.get_by_role("button", name="Stay signed in")).to_be_hidden()
    notice.get_by_role("link", name="Sign in now").click()
    expect(page).to_have_url(re.compile(r"/login"))


def test_a_dismissed_notice_stays_away_for_the_same_deadline(page: Page, app: ServedApp) -> None:
    """Dismissing holds across the 30-second checks and a reload, until the deadline changes."""
    page.clock.install()
    owner_signed_in(page, app)
    advance_clocks(app, page, timedelta(minutes=26))
    notice = page.locator(NOTICE)
    expect(notice).to_be_visible()
    notice.get_by_role("button", name="Dismiss this notice").click()
    expect(notice).to_be_hidden()
    advance_clocks(app, page, timedelta(minutes=1))
    expect(notice).to_be_hidden()
    page.reload()  # the access token is still valid: the same deadline is rendered
    page.clock.run_for(31_000)
    expect(notice).to_be_hidden()


@both_databases
def test_two_tabs_refreshing_at_once_stay_signed_in(page: Page, app: ServedApp) -> None:
    """Both tabs present the same refresh token; the reuse grace answers the second."""
    owner_signed_in(page, app)
    other_tab = page.context.new_page()
    other_tab.goto("/me/devices")
    app.clock.advance(timedelta(minutes=6))  # both tabs' next requests must refresh
    statuses = page.evaluate(
        """() => Promise.all([fetch("/"), fetch("/me/devices")]).then(
                answers => answers.map(answer => [answer.status, new URL(answer.url).pathname]))"""
    )
    assert statuses == [[200, "/"], [200, "/me/devices"]]
    for tab in (page, other_tab):
        tab.reload()
        expect(tab).not_to_have_url(re.compile(r"/login"))
    expect(other_tab.get_by_role("heading", name="My devices")).to_be_visible()
