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
