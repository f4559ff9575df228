"""SPEC 2-3.2 on the wire: registering, signing in and out, who am I."""

from __future__ import annotations

from datetime import timedelta

import pytest

from adapters.memory import FixedClock
from tests.unit.entrypoints.http.wire import OWNER_EMAIL, PASSWORD, Api, Tokens, bearer

INVALID_CREDENTIALS = {"status_code": 401, "detail": "invalid_credentials"}
NOT_AUTHENTICATED = {"status_code": 401, "detail": "not_authenticated"}


def test_register_answers_201_with_the_user_and_no_tokens(api: Api) -> None:
    """Registering creates an owner of a new account and does not sign in."""
    response = api.register("New.Owner@Example.com", account_name="Acme")
    assert response.status_code == 201
    body = response.json()
    assert set(body) == {"id", "email", "name", "role", "account_id", "is_active", "created_at"}
    assert (body["email"], body["role"], body["is_active"]) == (
        "New.Owner@Example.com",
        "owner",
        True,
    )
    assert body["created_at"] == "2026-11-22T09:00:00Z"
    assert PASSWORD not in response.text


def test_a_duplicate_email_in_another_case_answers_409(api: Api) -> None:
    """Emails are unique case-insensitively."""
    api.register("owner@example.com")
    response = api.register("OWNER@example.com")
    assert response.status_code == 409
    assert response.json()["detail"] == "email_already_registered"


def test_an_unknown_invite_code_answers_400(api: Api) -> None:
    """A used, expired or unknown code is a bad request."""
    response = api.register("new@example.com", invite_code="no-such-code")
    assert response.status_code == 400
    assert response.json()["detail"] == "invalid_invite"


def test_a_short_password_answers_422_and_is_not_echoed(api: Api) -> None:
    """At least 8 characters: a business rule, listed in ``problems``."""
    response = api.register("new@example.com", password="short1")  # noqa: S106 - too short
    assert response.status_code == 422
    assert response.json()["detail"] == "invalid_password"
    assert "short1" not in response.text


def test_login_with_the_form_answers_the_token_response(api: Api) -> None:
    """The OAuth2 form: ``username`` is the email; the grant's other fields are allowed."""
    api.register(OWNER_EMAIL)
    form = {"username": OWNER_EMAIL, "password": PASSWORD, "grant_type": "password"}
    response = api.client.post("/api/v1/auth/login", data=form)
    assert response.status_code == 200
    assert set(response.json()) == {
        "access_token",
        "refresh_token",
        "token_type",
        "expires_in",
        "idle_expires_at",
        "absolute_expires_at",
    }


def test_an_unknown_form_field_answers_400(api: Api) -> None:
    """The form is as strict as the JSON body."""
    form = {"username": OWNER_EMAIL, "password": PASSWORD, "remember_me": "yes"}
    response = api.client.post("/api/v1/auth/login", data=form)
    assert response.status_code == 400
    assert response.json()["field"] == "remember_me"


@pytest.mark.parametrize("case", ["wrong password", "unknown email", "inactive user"])
def test_every_failed_sign_in_answers_the_same_invalid_credentials(
    api: Api, owner_tokens: Tokens, case: str
) -> None:
    """Nothing tells a wrong password, an unknown email and an inactive user apart."""
    member = api.member(owner_tokens, "engineer", "engineer@example.com")
    member_id = api.get("/api/v1/auth/me", member).json()["user"]["id"]
    api.patch(f"/api/v1/accounts/me/members/{member_id}", owner_tokens, {"is_active": False})
    email, password = {
        "wrong password": (OWNER_EMAIL, "not the password"),
        "unknown email": ("nobody@example.com", PASSWORD),
        "inactive user": ("engineer@example.com", PASSWORD),
    }[case]
    response = api.try_login(email, password)
    assert response.status_code == 401
    assert response.json() == INVALID_CREDENTIALS
    assert password not in response.text


def test_the_sixth_failure_in_15_minutes_answers_429_with_retry_after(
    api: Api, clock: FixedClock
) -> None:
    """Five failures per email and address, then wait until the window has passed."""
    api.register(OWNER_EMAIL)
    for _ in range(5):
        assert api.try_login(OWNER_EMAIL, "wrong password").status_code == 401
    throttled = api.try_login(OWNER_EMAIL, PASSWORD)
    assert throttled.status_code == 429
    assert throttled.headers["Retry-After"] == str(15 * 60)
    assert throttled.json() == {"status_code": 429, "detail": "too_many_attempts"}
    clock.advance(timedelta(minutes=15))
    assert api.try_login(OWNER_EMAIL, PASSWORD).status_code == 200


def test_a_success_resets_the_failure_count(api: Api) -> None:
    """Four failures, a success, four more: no throttling."""
    api.register(OWNER_EMAIL)
    for _ in range(4):
        api.try_login(OWNER_EMAIL, "wrong password")
    api.login(OWNER_EMAIL)
    for _ in range(4):
        assert api.try_login(OWNER_EMAIL, "wrong password").status_code == 401
    assert api.try_login(OWNER_EMAIL, PASSWORD).status_code == 200


def test_logout_answers_204_and_is_idempotent(api: Api, owner_tokens: Tokens) -> None:
    """The login session ends; the access token lives out its five minutes."""
    for _ in range(2):
        assert api.post("/api/v1/auth/logout", owner_tokens).status_code == 204
    refreshed = api.refresh(owner_tokens.refresh)
    assert refreshed.json() == {"status_code": 401, "detail": "invalid_refresh_token"}
    assert len(api.audit(owner_tokens, "auth.logout")) == 1


def test_me_answers_user_account_and_role(api: Api) -> None:
    """GET /api/v1/auth/me."""
    api.register(OWNER_EMAIL, account_name="Acme")
    response = api.get("/api/v1/auth/me", api.login(OWNER_EMAIL))
    assert response.status_code == 200
    body = response.json()
    assert body["role"] == "owner"
    assert body["account"]["name"] == "Acme"
    assert body["user"]["email"] == OWNER_EMAIL
    assert body["user"]["last_login_at"] == "2026-11-22T09:00:00Z"


def test_no_or_a_bad_access_token_answers_401(api: Api, owner_tokens: Tokens) -> None:
    """Missing, garbage, or a refresh token in its place."""
    assert api.client.get("/api/v1/auth/me").json() == NOT_AUTHENTICATED
    assert api.client.get("/api/v1/auth/me", headers=bearer("garbage")).json() == NOT_AUTHENTICATED
    as_refresh = api.client.get("/api/v1/auth/me", headers=bearer(owner_tokens.refresh))
    assert as_refresh.status_code == 401
    assert as_refresh.headers["WWW-Authenticate"] == "Bearer"


def test_an_access_token_dies_after_five_minutes(
    api: Api, owner_tokens: Tokens, clock: FixedClock
) -> None:
    """The core decides expiry with its clock: at exp the token is refused."""
    clock.advance(timedelta(minutes=5))
    assert api.get("/api/v1/auth/me", owner_tokens).json() == NOT_AUTHENTICATED
