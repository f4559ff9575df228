"""Two-factor sign-in in Chromium: enrolment, code and recovery-code sign-ins, the owner's switch.

And a step-up change confirmed in place.
"""

from __future__ import annotations

import re
from datetime import timedelta

from playwright.sync_api import Browser, Page, expect

from decision_core.roles import Role
from tests.e2e.served import ServedApp
from tests.e2e.steps import (
    OWNER_EMAIL,
    PASSWORD,
    advance_clocks,
    invite_link,
    join,
    owner_signed_in,
    sign_in,
    totp_code,
)

NEXT_STEP = timedelta(seconds=30)


def set_up_two_factor(page: Page, app: ServedApp, start: str) -> tuple[str, list[str]]:
    """Press the set-up button at ``start``, scan nothing: read the key, type its code."""
    page.get_by_role("button", name=re.compile("^Set (it )?up")).click()
    expect(page.get_by_role("img", name=re.compile("^QR code"))).to_be_visible()
    secret = page.get_by_label("Key for your authenticator app").input_value()
    page.get_by_label("Code from the app").fill(totp_code(app, secret))
    page.get_by_role("button", name="Turn on two-factor sign-in").click()
    codes = page.get_by_label("Recovery codes").input_value().split("\n")
    assert len(codes) == 10, start
    return secret, codes


def sign_out(page: Page) -> None:
    """Through the user menu."""
    page.locator(".user-menu summary").click()
    page.get_by_role("button", name="Sign out").click()
    expect(page).to_have_url(re.compile("/login$"))


def test_enrol_sign_out_and_sign_in_with_a_code(page: Page, app: ServedApp) -> None:
    """The key read off the page makes the codes; the second sign-in asks for one."""
    owner_signed_in(page, app)
    page.goto("/me/two-factor")
    secret, _ = set_up_two_factor(page, app, "/me/two-factor")
    expect(page.get_by_role("link", name="Download codes")).to_have_attribute(
        "download", "decision-tree-recovery-codes.txt"
    )
    page.get_by_role("link", name="I have saved them").click()
    expect(page.locator("[data-recovery-codes-left]")).to_have_text("10")
    sign_out(page)

    app.clock.advance(NEXT_STEP)  # the confirmation spent this step's code
    sign_in(page, OWNER_EMAIL)
    expect(page).to_have_url(re.compile("/login/two-factor$"))
    code = page.get_by_label("Code from your authenticator app")
    expect(code).to_have_attribute("autocomplete", "one-time-code")
    expect(code).to_have_attribute("inputmode", "numeric")
    code.fill("000000")
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("alert")).to_contain_text("That code is not right")
    page.get_by_label("Code from your authenticator app").fill(totp_code(app, secret))
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("heading", name="Trees", exact=True)).to_be_visible()


def test_a_recovery_code_signs_in_without_the_phone(page: Page, app: ServedApp) -> None:
    """The recovery-code link swaps the field; a saved code signs in once."""
    owner_signed_in(page, app)
    page.goto("/me/two-factor")
    _, codes = set_up_two_factor(page, app, "/me/two-factor")
    sign_out(page)
    sign_in(page, OWNER_EMAIL)
    page.get_by_role("link", name="Use a recovery code").click()
    page.get_by_label("Recovery code").fill(codes[0].upper())
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("heading", name="Trees", exact=True)).to_be_visible()
    page.goto("/me/two-factor")
    expect(page.locator("[data-recovery-codes-left]")).to_have_text("9")


def test_the_owners_switch_sends_a_member_to_enrolment(
    page: Page, app: ServedApp, browser: Browser
) -> None:
    """Switched on, a member stays signed in; their next sign-in sets two-factor up on the way."""
    account_id = owner_signed_in(page, app)
    member = browser.new_context(base_url=app.base_url).new_page()
    join(member, invite_link(app, account_id, Role.ENGINEER), name="Eve", email="eve@example.com")

    page.goto("/account/security")
    card = page.locator("#two-factor-card")
    card.get_by_label(re.compile("^Require two-factor sign-in")).check()
    card.get_by_role("button", name="Save").click()
    expect(card.get_by_role("status")).to_contain_text("set it up at their next sign-in")

    member.reload()
    expect(member.locator(".user-menu__name")).to_have_text("Eve")
    sign_out(member)
    sign_in(member, "eve@example.com")
    expect(member).to_have_url(re.compile("/login/two-factor/enrol$"))
    expect(member.get_by_role("heading", name="Set up two-factor sign-in")).to_be_visible()
    set_up_two_factor(member, app, "/login/two-factor/enrol")
    member.get_by_role("link", name=re.compile("continue")).click()
    expect(member.locator(".user-menu__name")).to_have_text("Eve")


def test_a_step_up_is_confirmed_in_place_and_the_change_is_made(page: Page, app: ServedApp) -> None:
    """Eleven minutes after signing in, saving the policy asks for the password in a dialog."""
    page.clock.install()
    owner_signed_in(page, app)
    page.goto("/account/security")
    advance_clocks(app, page, timedelta(minutes=11))
    page.get_by_label(re.compile("^Standard")).check()
    page.get_by_role("button", name="Save policy").click()
    dialog = page.get_by_role("dialog", name="Confirm it is you")
    expect(dialog).to_be_visible()
    expect(dialog.get_by_label("Your password")).to_be_focused()
    dialog.get_by_label("Your password").fill("not the password")
    dialog.get_by_role("button", name="Confirm").click()
    expect(dialog.get_by_role("alert")).to_have_text("That password is not right.")
    dialog.get_by_label("Your password").fill(PASSWORD)
    dialog.get_by_role("button", name="Confirm").click()
    expect(dialog).to_be_hidden()
    saved = page.locator("#policy-card").get_by_role("status")
    expect(saved).to_have_text("Saved. The new policy applies at each person's next sign-in.")
    expect(page).to_have_url(re.compile("/account/security$"))
