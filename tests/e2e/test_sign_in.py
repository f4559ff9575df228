"""Registering, signing in and the sign-in page's messages."""

from __future__ import annotations

import re

from playwright.sync_api import Page, expect

from decision_core.roles import Role
from tests.e2e.conftest import both_databases
from tests.e2e.served import ServedApp
from tests.e2e.steps import PASSWORD, account_of, invite_link, join, register, sign_in


@both_databases
def test_a_new_owner_registers_and_lands_signed_in(page: Page, app: ServedApp) -> None:
    """Registering creates the account and signs its owner in."""
    register(page, name="Olive Owner", email="olive@example.com")
    expect(page.get_by_role("heading", name="Trees", exact=True)).to_be_visible()
    expect(page.locator(".user-menu summary")).to_contain_text("Olive Owner")
    account_of(app, "olive@example.com")  # stored in this test's database


def test_wrong_credentials_get_one_generic_message(page: Page) -> None:
    """A wrong password and an unknown email read the same, and are announced."""
    register(page, name="Olive Owner", email="olive@example.com")
    page.context.clear_cookies()
    for email, password in [
        ("olive@example.com", "wrong password"),
        ("nobody@example.com", PASSWORD),
    ]:
        sign_in(page, email, password)
        alert = page.get_by_role("alert")
        expect(alert).to_have_text("That email and password do not match an active account.")
        expect(page.get_by_label("Email")).to_have_value(email)
    expect(page).to_have_url(re.compile(r"/login$"))


def test_after_too_many_failures_the_page_says_when_to_try_again(page: Page) -> None:
    """The sixth failure in a row answers with the time of the next allowed attempt."""
    register(page, name="Olive Owner", email="olive@example.com")
    page.context.clear_cookies()
    for _ in range(5):
        sign_in(page, "olive@example.com", "wrong password")
        expect(page.get_by_role("alert")).to_contain_text("do not match")
    sign_in(page, "olive@example.com", PASSWORD)
    alert = page.get_by_role("alert")
    expect(alert).to_contain_text("Too many failed sign-ins. Try again in 15 minutes, after")
    expect(alert.locator("time")).to_have_attribute("datetime", re.compile(r"^\d{4}-\d\d-\d\dT"))


def test_a_new_member_joins_by_invite_and_signs_in(page: Page, app: ServedApp) -> None:
    """The join page names the account and role, and redeeming it signs the member in."""
    register(page, name="Olive Owner", email="olive@example.com")
    link = invite_link(app, account_of(app, "olive@example.com"), Role.ENGINEER)
    page.context.clear_cookies()
    page.goto(link)
    expect(page.get_by_role("heading", name="Join Acme Support")).to_be_visible()
    expect(page.get_by_text("You are invited as engineer")).to_be_visible()
    join(page, link, name="Eddie Engineer", email="eddie@example.com")
    expect(page.locator(".user-menu summary")).to_contain_text("engineer")
    page.context.clear_cookies()
    page.goto(link)
    expect(page.get_by_role("heading", name="This invite cannot be used")).to_be_visible()


def test_next_sends_the_visitor_back_but_never_off_site(page: Page) -> None:
    """A page asked for while signed out is shown after signing in; an outside URL is not."""
    register(page, name="Olive Owner", email="olive@example.com")
    page.context.clear_cookies()
    page.goto("/me/devices")
    expect(page).to_have_url(re.compile(r"/login\?next=%2Fme%2Fdevices$"))
    expect(page.get_by_role("status")).to_have_count(0)  # no "session expired" banner
    page.get_by_label("Email").fill("olive@example.com")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("heading", name="My devices")).to_be_visible()
    page.context.clear_cookies()
    page.goto("/login?next=//evil.example/steal")
    page.get_by_label("Email").fill("olive@example.com")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page).to_have_url(re.compile(r"^http://127\.0\.0\.1:\d+/$"))
