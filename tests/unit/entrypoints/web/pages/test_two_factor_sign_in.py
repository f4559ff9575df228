"""The second step of a sign-in in the browser: the code page, and enrolling on the way in."""

from __future__ import annotations

from adapters.memory import FixedClock
from decision_core.roles import Role
from decision_core.usecases import account_security, registration
from decision_core.usecases.context import Operator, Services
from entrypoints.web.second_factor import CHALLENGE_COOKIE
from entrypoints.web.token_cookies import ACCESS_COOKIE, REFRESH_COOKIE
from tests.unit.entrypoints.http.wire import PASSWORD
from tests.unit.entrypoints.web.conftest import (
    Client,
    csrf_token,
    register_and_sign_in,
)
from tests.unit.entrypoints.web.test_browser_session import account_id, set_cookie_headers
from tests.unit.entrypoints.web.two_factor_browsing import (
    CODES_FIELD,
    NEXT_STEP,
    SECRET_FIELD,
    code_at,
    set_up_two_factor,
    sign_in_with_password,
)


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
    found = SECRET_FIELD.search(setup)
    assert found is not None
    done = browser.post(
        "/login/two-factor/enrol/confirm",
        data={"_csrf_token": token, "code": code_at(found["secret"], clock)},
    )
    assert done.status_code == 200
    assert CODES_FIELD.search(done.text) is not None
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


def test_wrong_codes_after_the_password_are_throttled(browser: Client, clock: FixedClock) -> None:
    """Five wrong codes, then 429 with Retry-After, the form still there."""
    register_and_sign_in(browser)
    set_up_two_factor(browser, clock)
    sign_in_with_password(browser)
    token = csrf_token(browser)
    for attempt in range(5):
        form = {"_csrf_token": token, "code": f"{attempt:06d}"}
        assert browser.post("/login/two-factor", data=form).status_code == 401
    throttled = browser.post("/login/two-factor", data={"_csrf_token": token, "code": "123456"})
    assert throttled.status_code == 429
    assert int(throttled.headers["retry-after"]) > 0
    assert "Too many wrong codes. Try again in 15 minutes." in throttled.text


def test_the_enrolment_pages_without_a_challenge_say_to_sign_in_again(browser: Client) -> None:
    """Nothing to enrol for: each page says so, with a way back to the password."""
    token = csrf_token(browser)
    for answer in (
        browser.get("/login/two-factor/enrol"),
        browser.post("/login/two-factor/enrol", data={"_csrf_token": token}),
        browser.post("/login/two-factor/enrol/confirm", data={"_csrf_token": token, "code": "1"}),
    ):
        assert answer.status_code == 401
        assert "Sign in again" in answer.text


def test_a_wrong_first_code_on_the_way_in_shows_the_key_again(
    browser: Client, services: Services
) -> None:
    """The set-up stays, with the reason; five wrong codes, then a wait."""
    register_and_sign_in(browser)
    account_security.require_two_factor(services, Operator(account_id(services)), required=True)
    sign_in_with_password(browser, next_path="/walks")
    token = csrf_token(browser)
    browser.post("/login/two-factor/enrol", data={"_csrf_token": token, "next": "/walks"})
    wrong = browser.post(
        "/login/two-factor/enrol/confirm",
        data={"_csrf_token": token, "code": "000000", "next": "/walks"},
    )
    assert wrong.status_code == 401
    assert SECRET_FIELD.search(wrong.text) is not None
    for attempt in range(1, 5):
        form = {"_csrf_token": token, "code": f"{attempt:06d}"}
        assert browser.post("/login/two-factor/enrol/confirm", data=form).status_code == 401
    throttled = browser.post(
        "/login/two-factor/enrol/confirm", data={"_csrf_token": token, "code": "1"}
    )
    assert throttled.status_code == 429
