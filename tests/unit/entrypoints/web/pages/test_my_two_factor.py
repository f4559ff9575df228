"""/me/two-factor: what the page offers off, being set up, and on."""

from __future__ import annotations

from adapters.memory import FixedClock
from tests.unit.entrypoints.web.conftest import (
    Client,
    csrf_token,
    register_and_sign_in,
)
from tests.unit.entrypoints.web.two_factor_browsing import (
    CODES_FIELD,
    NEXT_STEP,
    SECRET_FIELD,
    code_at,
    set_up_two_factor,
)


def test_the_page_offers_what_applies(browser: Client, clock: FixedClock) -> None:
    """Off: set it up. On: codes left, new codes, turn off."""
    register_and_sign_in(browser)
    assert "Set up two-factor sign-in" in browser.get("/me/two-factor").text
    secret, _ = set_up_two_factor(browser, clock)
    page = browser.get("/me/two-factor").text
    assert "data-recovery-codes-left>10<" in page
    clock.advance(NEXT_STEP)
    token = csrf_token(browser, "/me/two-factor")
    fresh = browser.post(
        "/me/two-factor/recovery-codes", data={"_csrf_token": token, "code": code_at(secret, clock)}
    )
    assert fresh.status_code == 200
    assert CODES_FIELD.search(fresh.text) is not None
    wrong = browser.post("/me/two-factor/disable", data={"_csrf_token": token, "code": "000000"})
    assert wrong.status_code == 401
    assert "That code is not right" in wrong.text


def test_a_second_set_up_while_on_says_it_is_on(browser: Client, clock: FixedClock) -> None:
    """409 with the reason, the page as it is."""
    register_and_sign_in(browser)
    set_up_two_factor(browser, clock)
    token = csrf_token(browser, "/me/two-factor")
    again = browser.post("/me/two-factor/enrolment", data={"_csrf_token": token})
    assert again.status_code == 409
    assert "Two-factor sign-in is on already." in again.text


def test_a_wrong_first_code_shows_the_same_key_again(browser: Client) -> None:
    """The set-up stays on the page, with the reason."""
    register_and_sign_in(browser)
    token = csrf_token(browser, "/me/two-factor")
    browser.post("/me/two-factor/enrolment", data={"_csrf_token": token})
    key = SECRET_FIELD.search(browser.get("/me/two-factor").text)
    assert key is not None
    wrong = browser.post("/me/two-factor/confirm", data={"_csrf_token": token, "code": "000000"})
    assert wrong.status_code == 401
    assert "That code is not right" in wrong.text
    shown_again = SECRET_FIELD.search(wrong.text)
    assert shown_again is not None
    assert shown_again["secret"] == key["secret"]


def test_wrong_codes_on_the_page_are_throttled(browser: Client, clock: FixedClock) -> None:
    """Five wrong codes, then 429 with Retry-After and the wait in words, for each form."""
    register_and_sign_in(browser)
    set_up_two_factor(browser, clock)
    token = csrf_token(browser, "/me/two-factor")
    for attempt in range(5):
        form = {"_csrf_token": token, "code": f"{attempt:06d}"}
        assert browser.post("/me/two-factor/recovery-codes", data=form).status_code == 401
    for path in ("/me/two-factor/recovery-codes", "/me/two-factor/disable"):
        throttled = browser.post(path, data={"_csrf_token": token, "code": "123456"})
        assert throttled.status_code == 429
        assert int(throttled.headers["retry-after"]) > 0
        assert "Too many wrong codes. Try again in 15 min." in throttled.text


def test_a_confirmation_is_throttled_too(browser: Client) -> None:
    """The first code of a set-up counts like any other."""
    register_and_sign_in(browser)
    token = csrf_token(browser, "/me/two-factor")
    browser.post("/me/two-factor/enrolment", data={"_csrf_token": token})
    for attempt in range(5):
        form = {"_csrf_token": token, "code": f"{attempt:06d}"}
        assert browser.post("/me/two-factor/confirm", data=form).status_code == 401
    throttled = browser.post("/me/two-factor/confirm", data={"_csrf_token": token, "code": "1"})
    assert throttled.status_code == 429
