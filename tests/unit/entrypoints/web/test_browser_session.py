"""The backend-for-frontend: token cookies, refreshing on the server, and where a session ends."""

from __future__ import annotations

from datetime import timedelta
from uuid import UUID

import pytest
from httpx import Headers

from adapters.memory import FixedClock
from decision_core.login.policy import PolicyPatch
from decision_core.login.revocation import BulkScope
from decision_core.usecases import account_security
from decision_core.usecases.context import Operator, Services
from entrypoints.web import WebConfig
from entrypoints.web.token_cookies import ACCESS_COOKIE, REFRESH_COOKIE
from tests.unit.entrypoints.http.wire import SECRET
from tests.unit.entrypoints.web.conftest import (
    OWNER_EMAIL,
    Client,
    csrf_token,
    register_and_sign_in,
    sign_in,
)


def set_cookie_headers(answer_headers: list[tuple[str, str]]) -> dict[str, str]:
    """Each Set-Cookie header by cookie name."""
    return {
        value.partition("=")[0]: value
        for name, value in answer_headers
        if name.lower() == "set-cookie"
    }


def account_id(services: Services) -> UUID:
    """The owner's account."""
    with services.uow() as uow:
        user = uow.users.get_by_email(OWNER_EMAIL)
    assert user is not None
    return user.account_id


def test_signing_in_sets_both_tokens_as_httponly_lax_cookies(browser: Client) -> None:
    """JavaScript can read neither token; they travel on same-site requests only."""
    form = {"_csrf_token": csrf_token(browser, "/register"), "name": "O", "email": OWNER_EMAIL}
    answer = browser.post("/register", data={**form, "password": "correct horse battery"})
    cookies = set_cookie_headers(answer.headers.multi_items())
    for name in (ACCESS_COOKIE, REFRESH_COOKIE):
        attributes = cookies[name].lower()
        assert "httponly" in attributes
        assert "samesite=lax" in attributes
        assert "path=/" in attributes
        assert "secure" not in attributes
    assert answer.headers["location"] == "/"


@pytest.mark.parametrize("web_config", [WebConfig.from_signing_secret(SECRET, secure_cookies=True)])
def test_the_secure_setting_marks_the_cookies_secure(browser: Client) -> None:
    """Behind a TLS proxy the app sees HTTP, yet no cookie may travel without TLS."""
    form_page = browser.get("/register")
    assert "secure" in set_cookie_headers(form_page.headers.multi_items())["dt_csrf"].lower()
    token = csrf_token(browser, "/register")
    browser.cookies.set("dt_csrf", token)  # a client over plain HTTP would not send it back
    form = {"_csrf_token": token, "name": "O", "email": OWNER_EMAIL}
    answer = browser.post("/register", data={**form, "password": "correct horse battery"})
    cookies = set_cookie_headers(answer.headers.multi_items())
    assert "secure" in cookies[ACCESS_COOKIE].lower()
    assert "secure" in cookies[REFRESH_COOKIE].lower()


def test_an_expired_access_cookie_is_refreshed_on_the_server(
    browser: Client, clock: FixedClock
) -> None:
    """The page is served, and both cookies are replaced by the rotated pair."""
    register_and_sign_in(browser)
    old_refresh = browser.cookies[REFRESH_COOKIE]
    clock.advance(timedelta(minutes=6))
    answer = browser.get("/me/devices")
    assert answer.status_code == 200
    renewed = set_cookie_headers(answer.headers.multi_items())
    assert set(renewed) >= {ACCESS_COOKIE, REFRESH_COOKIE}
    assert browser.cookies[REFRESH_COOKIE] != old_refresh


def test_a_live_access_cookie_costs_no_refresh(browser: Client) -> None:
    """Within the access token's life, a page sets no token cookie: the idle window stays."""
    register_and_sign_in(browser)
    answer = browser.get("/me/devices")
    assert answer.status_code == 200
    assert not {ACCESS_COOKIE, REFRESH_COOKIE} & set(
        set_cookie_headers(answer.headers.multi_items())
    )


def test_an_idle_expired_session_goes_to_sign_in_with_the_reason(
    browser: Client, clock: FixedClock
) -> None:
    """Past the idle deadline the banner's reason is set, and the cookies are cleared."""
    register_and_sign_in(browser)
    clock.advance(timedelta(days=3))
    answer = browser.get("/account/security?x=1")
    assert answer.status_code == 303
    assert answer.headers["location"] == (
        "/login?reason=session_expired&next=%2Faccount%2Fsecurity%3Fx%3D1"
    )
    cleared = set_cookie_headers(answer.headers.multi_items())
    assert "max-age=0" in cleared[REFRESH_COOKIE].lower()


def test_an_absolutely_expired_session_goes_to_sign_in_with_the_reason(
    browser: Client, clock: FixedClock, services: Services
) -> None:
    """The absolute deadline holds even while the access token would still be valid."""
    register_and_sign_in(browser)
    owner = Operator(account_id=account_id(services))
    account_security.update_security(
        services, owner, PolicyPatch(idle_minutes=60, absolute_minutes=60)
    )
    browser.cookies.clear()
    sign_in(browser)  # a session with the one-hour policy
    clock.advance(timedelta(minutes=58))
    assert browser.get("/me/devices").status_code == 200  # refreshed: access valid to 63 min
    clock.advance(timedelta(minutes=3))
    answer = browser.get("/me/devices")
    assert answer.status_code == 303
    assert answer.headers["location"].startswith("/login?reason=session_expired")


def test_a_revoked_session_goes_to_sign_in_without_a_reason(
    browser: Client, clock: FixedClock, services: Services
) -> None:
    """An owner's bulk sign-out is found at the next refresh: a plain sign-in, no banner."""
    register_and_sign_in(browser)
    account_security.revoke_sessions(
        services, Operator(account_id=account_id(services)), BulkScope.ALL
    )
    clock.advance(timedelta(minutes=6))
    answer = browser.get("/")
    assert answer.status_code == 303
    assert answer.headers["location"] == "/login"


def test_an_htmx_request_is_redirected_with_hx_redirect(browser: Client, clock: FixedClock) -> None:
    """An htmx request is told to navigate, since htmx would swap a redirect's target in."""
    register_and_sign_in(browser)
    clock.advance(timedelta(days=3))
    answer = browser.get(
        "/me/devices",
        headers={"HX-Request": "true", "HX-Current-URL": "http://testserver/me/devices"},
    )
    assert answer.status_code == 200
    assert answer.headers["HX-Redirect"] == "/login?reason=session_expired&next=%2Fme%2Fdevices"


def test_no_cookies_means_sign_in_without_a_reason(browser: Client) -> None:
    """A first visit is not an expiry."""
    answer = browser.get("/")
    assert answer.headers["location"] == "/login"


def test_a_post_without_the_csrf_token_is_refused(browser: Client) -> None:
    """The cookies alone are not enough for an unsafe request."""
    register_and_sign_in(browser)
    answer = browser.post("/account/security/revoke", data={"scope": "all"})
    assert answer.status_code == 403
    assert "This form has expired" in answer.text
    assert browser.get("/account/security").status_code == 200  # nobody was signed out


def test_the_json_api_ignores_the_cookies(browser: Client) -> None:
    """The API is bearer-only: a signed-in browser's cookies prove nothing there."""
    register_and_sign_in(browser)
    assert browser.get("/api/v1/auth/me").status_code == 401


def assert_page_headers(headers: Headers) -> None:
    """A strict CSP without inline scripts, no framing, no sniffing, no leaking referrer."""
    policy = headers["content-security-policy"]
    assert "script-src 'self'" in policy
    assert "unsafe-inline" not in policy
    assert "frame-ancestors 'none'" in policy
    assert headers["x-content-type-options"] == "nosniff"
    assert headers["referrer-policy"] == "same-origin"


def test_every_page_carries_the_security_headers(browser: Client) -> None:
    """Pages, redirects, error pages and static files alike."""
    for path in ("/login", "/register", "/", "/account/nothing-here", "/static/app.js"):
        assert_page_headers(browser.get(path).headers)
    assert_page_headers(browser.delete("/login").headers)  # no such method: the app answers
    # Refused by the CSRF middleware, outside the router's own exception handling.
    refused = browser.post("/account/security/revoke", data={"scope": "all"})
    assert refused.status_code == 403
    assert_page_headers(refused.headers)
    register_and_sign_in(browser)
    assert_page_headers(browser.get("/").headers)
    assert_page_headers(browser.get("/trees/not-a-tree").headers)  # a handler's own 404


def test_an_unknown_page_address_answers_a_page(browser: Client) -> None:
    """A stale link or a typo gets words and the way back, not the API's JSON."""
    missing = browser.get("/account/nothing-here")
    assert missing.status_code == 404
    assert missing.headers["content-type"].startswith("text/html")
    assert "There is nothing at this address." in missing.text
    wrong_method = browser.delete("/login")
    assert wrong_method.status_code == 405
    assert wrong_method.headers["content-type"].startswith("text/html")
    assert "GET" in wrong_method.headers["allow"]


def test_the_api_keeps_its_own_headers_and_json_errors(browser: Client) -> None:
    """No page policy on API answers, and an unknown API path is still a JSON 404."""
    answer = browser.get("/api/v1/nothing-here")
    assert answer.status_code == 404
    assert answer.json()["detail"] == "not_found"
    assert "content-security-policy" not in answer.headers
    assert "content-security-policy" not in browser.get("/health").headers


def test_static_files_are_cacheable_for_a_year(browser: Client) -> None:
    """Their URLs change with their content, so a browser may keep them."""
    answer = browser.get("/static/htmx.min.js")
    assert answer.status_code == 200
    assert "max-age=31536000" in answer.headers["cache-control"]
    assert "immutable" in answer.headers["cache-control"]
