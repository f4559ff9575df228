"""The two-factor pages: the code after the password, enrolling on the way in, /me/two-factor."""

from __future__ import annotations

import re
from datetime import timedelta

import httpx
import pyotp

from adapters.memory import FixedClock
from decision_core.clock import unix_seconds
from decision_core.roles import Role
from decision_core.usecases import account_security, registration
from decision_core.usecases.context import Operator, Services
from entrypoints.web.second_factor import CHALLENGE_COOKIE
from entrypoints.web.token_cookies import ACCESS_COOKIE, REFRESH_COOKIE
from tests.unit.entrypoints.http.wire import PASSWORD
from tests.unit.entrypoints.web.conftest import (
    OWNER_EMAIL,
    Client,
    csrf_token,
    register_and_sign_in,
)
from tests.unit.entrypoints.web.test_browser_session import account_id, set_cookie_headers

NEXT_STEP = timedelta(seconds=30)
_SECRET = re.compile(r'id="two-factor-secret" type="text" readonly value="(?P<secret>[A-Z2-7]+)"')
_CODES = re.compile(r"data-recovery-codes>(?P<codes>[^<]+)</textarea>")


def code_at(secret: str, clock: FixedClock) -> str:
    """The authenticator's code now."""
    return pyotp.TOTP(secret).at(unix_seconds(clock.now()))


def set_up_two_factor(browser: Client, clock: FixedClock) -> tuple[str, list[str]]:
    """Through /me/two-factor: start, read the key off the page, confirm; key and codes."""
    token = csrf_token(browser, "/me/two-factor")
    assert browser.post("/me/two-factor/enrolment", data={"_csrf_token": token}).status_code == 303
    page = browser.get("/me/two-factor").text
    found = _SECRET.search(page)
    assert found is not None
    assert 'src="data:image/svg+xml' in page
    secret = found["secret"]
    confirmed = browser.post(
        "/me/two-factor/confirm", data={"_csrf_token": token, "code": code_at(secret, clock)}
    )
    assert confirmed.status_code == 200
    codes = _CODES.search(confirmed.text)
    assert codes is not None
    return secret, codes["codes"].split("\n")


def sign_in_with_password(
    browser: Client, email: str = OWNER_EMAIL, next_path: str = "/"
) -> httpx.Response:
    """POST /login from a signed-out browser."""
    browser.cookies.clear()
    form = {"_csrf_token": csrf_token(browser), "email": email, "password": PASSWORD}
    return browser.post("/login", data={**form, "next": next_path})


def test_after_the_password_the_code_page_holds_the_challenge_in_its_own_cookie(
    browser: Client, clock: FixedClock
) -> None:
    """HttpOnly, strict, for /login pages only; the page's field is the one-time-code kind."""
    register_and_sign_in(browser)
    secret, _ = set_up_two_factor(browser, clock)
    clock.advance(NEXT_STEP)
    answer = sign_in_with_password(browser, next_path="/walks")
    assert answer.status_code == 303
    assert answer.headers["location"] == "/login/two-factor?next=%2Fwalks"
    cookie = set_cookie_headers(answer.headers.multi_items())[CHALLENGE_COOKIE].lower()
    assert "httponly" in cookie
    assert "samesite=strict" in cookie
    assert "path=/login" in cookie
    assert "max-age=300" in cookie
    assert ACCESS_COOKIE not in set_cookie_headers(answer.headers.multi_items())
    page = browser.get("/login/two-factor?next=%2Fwalks").text
    assert 'autocomplete="one-time-code"' in page
    assert 'inputmode="numeric"' in page
    assert "Use a recovery code" in page
    form = {"_csrf_token": csrf_token(browser), "code": code_at(secret, clock), "next": "/walks"}
    done = browser.post("/login/two-factor", data=form)
    assert (done.status_code, done.headers["location"]) == (303, "/walks")
    cookies = set_cookie_headers(done.headers.multi_items())
    assert {ACCESS_COOKIE, REFRESH_COOKIE, CHALLENGE_COOKIE} <= set(cookies)
    assert "max-age=0" in cookies[CHALLENGE_COOKIE].lower()
    assert browser.get("/walks").status_code == 200


def test_a_wrong_code_says_so_and_a_recovery_code_signs_in(
    browser: Client, clock: FixedClock
) -> None:
    """401 with the reason; the recovery-code form takes one of the saved codes."""
    register_and_sign_in(browser)
    _, codes = set_up_two_factor(browser, clock)
    sign_in_with_password(browser)
    token = csrf_token(browser)
    wrong = browser.post("/login/two-factor", data={"_csrf_token": token, "code": "000000"})
    assert wrong.status_code == 401
    assert "That code is not right" in wrong.text
    recovery_page = browser.get("/login/two-factor?method=recovery").text
    assert 'name="method" value="recovery"' in recovery_page
    form = {"_csrf_token": token, "code": codes[0], "method": "recovery"}
    assert browser.post("/login/two-factor", data=form).status_code == 303


def test_without_a_challenge_the_code_page_sends_to_sign_in(browser: Client) -> None:
    """Nothing to complete: the password comes first."""
    assert browser.get("/login/two-factor").headers["location"] == "/login"
    form = {"_csrf_token": csrf_token(browser), "code": "123456"}
    answer = browser.post("/login/two-factor", data=form)
    assert answer.status_code == 401
    assert "Sign in again" in answer.text


def test_a_member_of_an_account_that_requires_it_enrols_after_the_password(
    browser: Client, services: Services, clock: FixedClock
) -> None:
    """To the enrolment, set it up, confirm: signed in, with the recovery codes shown once."""
    register_and_sign_in(browser)
    account = Operator(account_id(services))
    account_security.require_two_factor(services, account, required=True)
    invite = registration.create_invite(services, account, Role.ENGINEER)
    registration.register(
        services,
        registration.Registration("eve@example.com", PASSWORD, "Eve", invite_code=invite.code),
    )
    answer = sign_in_with_password(browser, "eve@example.com")
    assert answer.headers["location"] == "/login/two-factor/enrol"
    intro = browser.get("/login/two-factor/enrol").text
    assert "Set it up now" in intro
    token = csrf_token(browser)
    assert browser.post("/login/two-factor/enrol", data={"_csrf_token": token}).status_code == 303
    setup = browser.get("/login/two-factor/enrol").text
    found = _SECRET.search(setup)
    assert found is not None
    done = browser.post(
        "/login/two-factor/enrol/confirm",
        data={"_csrf_token": token, "code": code_at(found["secret"], clock)},
    )
    assert done.status_code == 200
    assert _CODES.search(done.text) is not None
    assert 'download="decision-tree-recovery-codes.txt"' in done.text
    assert {ACCESS_COOKIE, REFRESH_COOKIE} <= set(set_cookie_headers(done.headers.multi_items()))
    assert "Eve" in browser.get("/").text


def test_joining_an_account_that_requires_it_goes_to_the_enrolment(
    browser: Client, services: Services
) -> None:
    """Registering by invite signs in, so it meets the requirement at once."""
    register_and_sign_in(browser)
    account = Operator(account_id(services))
    account_security.require_two_factor(services, account, required=True)
    invite = registration.create_invite(services, account, Role.VIEWER)
    browser.cookies.clear()
    form = {"_csrf_token": csrf_token(browser, f"/join/{invite.code}"), "name": "Val"}
    answer = browser.post(
        f"/join/{invite.code}", data={**form, "email": "val@example.com", "password": PASSWORD}
    )
    assert answer.headers["location"] == "/login/two-factor/enrol"


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
    assert _CODES.search(fresh.text) is not None
    wrong = browser.post("/me/two-factor/disable", data={"_csrf_token": token, "code": "000000"})
    assert wrong.status_code == 401
    assert "That code is not right" in wrong.text
