"""The caller's devices and password."""

from __future__ import annotations

import re
from datetime import timedelta

from playwright.sync_api import Browser, Page, expect

from tests.e2e.served import ServedApp
from tests.e2e.steps import OWNER_EMAIL, PASSWORD, owner_signed_in, sign_in

FIREFOX_ON_LINUX = "Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0"


def second_device(browser: Browser, app: ServedApp) -> Page:
    """The owner signed in again, from Firefox on Linux."""
    other = browser.new_context(base_url=app.base_url, user_agent=FIREFOX_ON_LINUX).new_page()
    sign_in(other, OWNER_EMAIL)
    expect(other.get_by_role("heading", name="Trees", exact=True)).to_be_visible()
    return other


def test_devices_list_marks_this_one_and_signs_out_another(
    page: Page, app: ServedApp, browser: Browser
) -> None:
    """Each sign-in is a device with browser, system, address and times; one can be ended."""
    owner_signed_in(page, app)
    other = second_device(browser, app)
    page.goto("/me/devices")
    cards = page.locator(".device")
    expect(cards).to_have_count(2)
    this_one = cards.filter(has_text="This device")
    expect(this_one).to_contain_text("Chrome on Linux")
    expect(this_one.get_by_role("button")).to_have_count(0)
    firefox = cards.filter(has_text="Firefox on Linux")
    expect(firefox).to_contain_text("IP address127.0.0.1")
    expect(firefox).to_contain_text("Last activejust now")
    firefox.get_by_role("button", name=re.compile("^Sign out")).click()
    expect(page.get_by_role("status")).to_have_text("That device was signed out.")
    expect(cards).to_have_count(1)
    expect(page.get_by_text("You are signed in on this device only.")).to_be_visible()
    app.clock.advance(timedelta(minutes=6))
    other.goto("/")
    expect(other).to_have_url(re.compile(r"/login$"))
    other.context.close()


def test_sign_out_all_other_devices(page: Page, app: ServedApp, browser: Browser) -> None:
    """One button ends every other sign-in and says how many."""
    owner_signed_in(page, app)
    devices = [second_device(browser, app) for _ in range(2)]
    page.goto("/me/devices")
    page.get_by_role("button", name="Sign out all other devices").click()
    expect(page.get_by_role("status")).to_have_text("2 other devices were signed out.")
    expect(page.locator(".device")).to_have_count(1)
    for device in devices:
        device.context.close()


def test_changing_the_password_signs_out_the_other_devices(
    page: Page, app: ServedApp, browser: Browser
) -> None:
    """A wrong current password is refused; a change says the other devices were signed out."""
    owner_signed_in(page, app)
    other = second_device(browser, app)
    page.goto("/me/password")
    page.get_by_label("Current password").fill("not my password")
    page.get_by_label("New password", exact=True).fill("a brand new secret")
    page.get_by_label("New password, again").fill("a brand new secret")
    page.get_by_role("button", name="Change password").click()
    expect(page.get_by_role("alert")).to_have_text("The current password is not correct.")
    page.get_by_label("Current password").fill(PASSWORD)
    page.get_by_label("New password", exact=True).fill("a brand new secret")
    page.get_by_label("New password, again").fill("a brand new secret")
    page.get_by_role("button", name="Change password").click()
    expect(page.get_by_role("status")).to_contain_text(
        "Password changed. Your other devices were signed out; this one stays signed in."
    )
    app.clock.advance(timedelta(minutes=6))
    other.goto("/")
    expect(other).to_have_url(re.compile(r"/login$"))
    sign_in(other, OWNER_EMAIL, "a brand new secret")
    expect(other.get_by_role("heading", name="Trees", exact=True)).to_be_visible()
    other.context.close()
