"""Step-up in the browser: the confirmation in place for htmx, and its page without a script."""

from __future__ import annotations

from datetime import timedelta

from adapters.memory import FixedClock
from tests.unit.entrypoints.http.wire import PASSWORD
from tests.unit.entrypoints.web.conftest import (
    Client,
    csrf_token,
    register_and_sign_in,
)
from tests.unit.entrypoints.web.two_factor_browsing import (
    code_at,
    set_up_two_factor,
)


def test_the_step_up_in_place_answers_htmx_with_401_and_a_header(
    browser: Client, clock: FixedClock
) -> None:
    """Eleven minutes on, turning it off asks for a confirmation; the dialog confirms; then off."""
    register_and_sign_in(browser)
    secret, _ = set_up_two_factor(browser, clock)
    clock.advance(timedelta(minutes=11))
    token = csrf_token(browser, "/me/two-factor")
    htmx = {"hx-request": "true", "referer": "http://testserver.local/me/two-factor"}
    form = {"_csrf_token": token, "code": code_at(secret, clock)}
    refused = browser.post("/me/two-factor/disable", data=form, headers=htmx)
    assert refused.status_code == 401
    assert refused.headers["x-reauthenticate"] == "/me/confirm"
    dialog = browser.get("/me/confirm?dialog=1&next=/me/two-factor").text
    assert dialog.startswith('<dialog id="confirm-identity"')
    assert 'name="code"' in dialog  # two-factor is on, so a code is offered too
    wrong = browser.post(
        "/me/confirm", data={"_csrf_token": token, "password": "nope", "in_place": "1"}
    )
    assert (wrong.status_code, wrong.json()) == (401, {"message": "That password is not right."})
    confirmed = browser.post(
        "/me/confirm", data={"_csrf_token": token, "password": PASSWORD, "in_place": "1"}
    )
    assert confirmed.status_code == 204
    assert browser.post("/me/two-factor/disable", data=form, headers=htmx).status_code == 303


def test_without_a_script_the_step_up_has_a_page_that_returns(
    browser: Client, clock: FixedClock
) -> None:
    """A plain form goes to /me/confirm, which confirms and returns to the page it came from."""
    register_and_sign_in(browser)
    clock.advance(timedelta(minutes=11))
    token = csrf_token(browser, "/account/security")
    referer = {"referer": "http://testserver.local/account/security"}
    refused = browser.post(
        "/account/security/two-factor",
        data={"_csrf_token": token, "required": "true"},
        headers=referer,
    )
    assert refused.status_code == 303
    assert refused.headers["location"] == "/me/confirm?next=%2Faccount%2Fsecurity"
    page = browser.get(refused.headers["location"]).text
    assert "Confirm it is you" in page
    assert 'name="code"' not in page  # no second factor, no code field
    back = browser.post(
        "/me/confirm",
        data={"_csrf_token": token, "password": PASSWORD, "next": "/account/security"},
    )
    assert back.headers["location"] == "/account/security"
    saved = browser.post(
        "/account/security/two-factor", data={"_csrf_token": token, "required": "true"}
    )
    assert saved.status_code == 200
    assert "Members without two-factor sign-in set it up at their next sign-in." in saved.text


def test_the_confirmation_page_says_what_was_wrong(browser: Client) -> None:
    """Without a script: the page again with the reason; neither field, 422."""
    register_and_sign_in(browser)
    token = csrf_token(browser, "/me/confirm")
    wrong = browser.post("/me/confirm", data={"_csrf_token": token, "password": "nope"})
    assert wrong.status_code == 401
    assert "That password is not right." in wrong.text
    empty = browser.post("/me/confirm", data={"_csrf_token": token, "in_place": "1"})
    assert (empty.status_code, empty.json()) == (422, {"message": "Enter your password or a code."})


def test_wrong_confirmations_are_throttled(browser: Client) -> None:
    """Five wrong passwords, then 429 with Retry-After, in place as on the page."""
    register_and_sign_in(browser)
    token = csrf_token(browser, "/me/confirm")
    for _ in range(5):
        form = {"_csrf_token": token, "password": "nope", "in_place": "1"}
        assert browser.post("/me/confirm", data=form).status_code == 401
    throttled = browser.post(
        "/me/confirm", data={"_csrf_token": token, "password": PASSWORD, "in_place": "1"}
    )
    assert throttled.status_code == 429
    assert int(throttled.headers["retry-after"]) > 0
    assert throttled.json() == {"message": "Too many wrong tries. Try again in 15 min."}
