"""/forgot-password and /reset-password, and the sign-in page around them."""

from __future__ import annotations

from typing import Final

from litestar import Litestar
from litestar.testing import TestClient

from adapters.memory import MemoryStore
from decision_core.mail import PASSWORD_RESET
from tests.unit.entrypoints.http.wire import PASSWORD
from tests.unit.entrypoints.web.conftest import OWNER_EMAIL, csrf_token, register_and_sign_in

NEW_PASSWORD: Final = "a brand new passphrase"  # noqa: S105 - a test user's password


def mailed_token(store: MemoryStore) -> str:
    """The token of the one reset mail in the outbox."""
    (record,) = (r for r in store.tables.outbox.values() if r.mail.template == PASSWORD_RESET)
    token = record.mail.values["token"]
    assert isinstance(token, str)
    return token


def ask_for_link(browser: TestClient[Litestar], email: str) -> str:
    """Post the forgot-password form; the page it answers with."""
    form = {"_csrf_token": csrf_token(browser, "/forgot-password"), "email": email}
    answer = browser.post("/forgot-password", data=form)
    assert answer.status_code == 200
    return answer.text


def test_the_sign_in_page_links_to_the_forgot_password_form(
    browser: TestClient[Litestar],
) -> None:
    """A labelled email field, posting to itself."""
    assert 'href="/forgot-password"' in browser.get("/login").text
    page = browser.get("/forgot-password").text
    assert '<label for="email">Email</label>' in page
    assert 'action="/forgot-password"' in page


def test_the_answer_page_is_the_same_for_known_and_unknown_emails(
    browser: TestClient[Litestar], store: MemoryStore
) -> None:
    """It names the email typed, and says nothing about whether it has an account."""
    register_and_sign_in(browser)
    browser.cookies.clear()
    known = ask_for_link(browser, OWNER_EMAIL)
    unknown = ask_for_link(browser, "nobody@example.com")
    assert known.replace(OWNER_EMAIL, "EMAIL") == unknown.replace("nobody@example.com", "EMAIL")
    assert "If an account exists for" in known
    assert len(store.tables.outbox) == 1


def test_a_reset_through_the_pages_leads_to_sign_in_with_a_banner(
    browser: TestClient[Litestar], store: MemoryStore
) -> None:
    """Link, form, then /login?reason=password_reset, where the new password works."""
    register_and_sign_in(browser)
    browser.cookies.clear()
    ask_for_link(browser, OWNER_EMAIL)
    token = mailed_token(store)
    page = browser.get("/reset-password", params={"token": token})
    assert page.status_code == 200
    assert f'name="token" value="{token}"' in page.text
    form = {
        "_csrf_token": csrf_token(browser, "/forgot-password"),
        "token": token,
        "new_password": NEW_PASSWORD,
        "confirm_password": NEW_PASSWORD,
    }
    answer = browser.post("/reset-password", data=form)
    assert answer.status_code == 303
    assert answer.headers["location"] == "/login?reason=password_reset"
    assert "Your password was reset." in browser.get(answer.headers["location"]).text
    sign_in = {"_csrf_token": csrf_token(browser), "email": OWNER_EMAIL, "password": PASSWORD}
    assert browser.post("/login", data=sign_in).status_code == 401
    sign_in["password"] = NEW_PASSWORD
    assert browser.post("/login", data=sign_in).status_code == 303
    used = browser.get("/reset-password", params={"token": token})
    assert used.status_code == 400
    assert 'href="/forgot-password"' in used.text


def test_an_invalid_or_missing_token_offers_a_new_link(browser: TestClient[Litestar]) -> None:
    """No form: the reasons, and the way to ask again."""
    for params in ({"token": "no-such-token"}, {}):
        page = browser.get("/reset-password", params=params)
        assert page.status_code == 400
        assert "This link cannot be used" in page.text
        assert 'href="/forgot-password"' in page.text


def test_a_mistyped_confirmation_or_a_short_password_keeps_the_form(
    browser: TestClient[Litestar], store: MemoryStore
) -> None:
    """422, saying why; the link still works afterwards."""
    register_and_sign_in(browser)
    browser.cookies.clear()
    ask_for_link(browser, OWNER_EMAIL)
    token = mailed_token(store)
    csrf = csrf_token(browser, "/forgot-password")
    for new, again, reason in [
        (NEW_PASSWORD, "something else", "differ"),
        ("short", "short", "between 8 and 1024"),
    ]:
        form = {"_csrf_token": csrf, "token": token, "new_password": new, "confirm_password": again}
        answer = browser.post("/reset-password", data=form)
        assert answer.status_code == 422
        assert reason in answer.text
        assert f'name="token" value="{token}"' in answer.text
    assert browser.get("/reset-password", params={"token": token}).status_code == 200


def test_a_reset_with_a_spent_token_says_the_link_cannot_be_used(
    browser: TestClient[Litestar],
) -> None:
    """Posting the form with a token that no longer works."""
    form = {
        "_csrf_token": csrf_token(browser, "/forgot-password"),
        "token": "spent",
        "new_password": NEW_PASSWORD,
        "confirm_password": NEW_PASSWORD,
    }
    answer = browser.post("/reset-password", data=form)
    assert answer.status_code == 400
    assert "This link cannot be used" in answer.text


def test_too_many_requests_say_when_to_try_again(browser: TestClient[Litestar]) -> None:
    """429 with Retry-After, and the form kept."""
    for _ in range(5):
        ask_for_link(browser, "nobody@example.com")
    form = {"_csrf_token": csrf_token(browser, "/forgot-password"), "email": "nobody@example.com"}
    answer = browser.post("/forgot-password", data=form)
    assert answer.status_code == 429
    assert answer.headers["Retry-After"] == str(15 * 60)
    assert "Try again in 15 min." in answer.text
    assert 'value="nobody@example.com"' in answer.text
