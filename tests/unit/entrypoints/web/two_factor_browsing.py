"""Steps of the two-factor page tests: setting it up through the pages, signing in."""

from __future__ import annotations

import re
from datetime import timedelta

import httpx
import pyotp

from adapters.memory import FixedClock
from decision_core.clock import unix_seconds
from tests.unit.entrypoints.http.wire import PASSWORD
from tests.unit.entrypoints.web.conftest import (
    OWNER_EMAIL,
    Client,
    csrf_token,
)

NEXT_STEP = timedelta(seconds=30)
SECRET_FIELD = re.compile(
    r'id="two-factor-secret" type="text" readonly value="(?P<secret>[A-Z2-7]+)"'
)
CODES_FIELD = re.compile(r"data-recovery-codes>(?P<codes>[^<]+)</textarea>")


def code_at(secret: str, clock: FixedClock) -> str:
    """The authenticator's code now."""
    return pyotp.TOTP(secret).at(unix_seconds(clock.now()))


def set_up_two_factor(browser: Client, clock: FixedClock) -> tuple[str, list[str]]:
    """Through /me/two-factor: start, read the key off the page, confirm; key and codes."""
    token = csrf_token(browser, "/me/two-factor")
    assert browser.post("/me/two-factor/enrolment", data={"_csrf_token": token}).status_code == 303
    page = browser.get("/me/two-factor").text
    found = SECRET_FIELD.search(page)
    assert found is not None
    assert 'src="data:image/svg+xml' in page
    secret = found["secret"]
    confirmed = browser.post(
        "/me/two-factor/confirm", data={"_csrf_token": token, "code": code_at(secret, clock)}
    )
    assert confirmed.status_code == 200
    codes = CODES_FIELD.search(confirmed.text)
    assert codes is not None
    return secret, codes["codes"].split("\n")


def sign_in_with_password(
    browser: Client, email: str = OWNER_EMAIL, next_path: str = "/"
) -> httpx.Response:
    """POST /login from a signed-out browser."""
    browser.cookies.clear()
    form = {"_csrf_token": csrf_token(browser), "email": email, "password": PASSWORD}
    return browser.post("/login", data={**form, "next": next_path})
