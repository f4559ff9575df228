"""SPEC 3.3 on the wire: the caller's own sessions and password."""

from __future__ import annotations

from uuid import uuid4

from tests.unit.entrypoints.http.wire import OWNER_EMAIL, PASSWORD, Api, Tokens, claims_of

SESSIONS = "/api/v1/auth/sessions"
INVALID = {"status_code": 401, "detail": "invalid_refresh_token"}


def test_sessions_lists_live_sessions_and_marks_the_current_one(
    api: Api, owner_tokens: Tokens
) -> None:
    """Two sign-ins, two sessions; ``current`` is the one asking."""
    other = api.login(OWNER_EMAIL)
    response = api.get(SESSIONS, owner_tokens)
    assert response.status_code == 200
    sessions = {item["id"]: item for item in response.json()}
    mine, theirs = claims_of(owner_tokens.access)["sid"], claims_of(other.access)["sid"]
    assert set(sessions) == {mine, theirs}
    assert sessions[mine]["current"] is True
    assert sessions[theirs]["current"] is False
    assert set(sessions[mine]) == {
        "id",
        "created_at",
        "last_used_at",
        "user_agent",
        "ip",
        "current",
        "idle_expires_at",
        "absolute_expires_at",
    }
    assert sessions[mine]["ip"] == "testclient"
    assert sessions[mine]["absolute_expires_at"] == "2026-12-06T09:00:00Z"


def test_deleting_one_of_my_sessions_ends_it(api: Api, owner_tokens: Tokens) -> None:
    """204, and that session's refresh token is dead."""
    other = api.login(OWNER_EMAIL)
    sid = claims_of(other.access)["sid"]
    assert api.delete(f"{SESSIONS}/{sid}", owner_tokens).status_code == 204
    assert api.refresh(other.refresh).json() == INVALID
    assert [item["id"] for item in api.get(SESSIONS, owner_tokens).json()] != [sid]


def test_another_users_or_an_unknown_session_answers_404(api: Api, owner_tokens: Tokens) -> None:
    """Never 403: no existence leak, even inside one account."""
    member = api.member(owner_tokens, "admin", "admin@example.com")
    theirs = claims_of(member.access)["sid"]
    for sid in (theirs, str(uuid4())):
        response = api.delete(f"{SESSIONS}/{sid}", owner_tokens)
        assert response.status_code == 404
        assert response.json() == {"status_code": 404, "detail": "not_found"}
    assert api.refresh(member.refresh).status_code == 200


def test_changing_the_password_ends_my_other_sessions_only(api: Api, owner_tokens: Tokens) -> None:
    """204; the caller stays signed in, the other device is signed out."""
    other = api.login(OWNER_EMAIL)
    body = {"current_password": PASSWORD, "new_password": "a brand new passphrase"}
    assert api.post("/api/v1/auth/password", owner_tokens, body).status_code == 204
    assert api.refresh(other.refresh).json() == INVALID
    assert api.refresh(owner_tokens.refresh).status_code == 200
    assert api.try_login(OWNER_EMAIL, "a brand new passphrase").status_code == 200


def test_a_wrong_current_password_answers_422(api: Api, owner_tokens: Tokens) -> None:
    """The caller is signed in, so not a 401; nothing changes."""
    body = {"current_password": "not it at all", "new_password": "a brand new passphrase"}
    response = api.post("/api/v1/auth/password", owner_tokens, body)
    assert response.status_code == 422
    assert response.json()["detail"] == "incorrect_password"
    assert "not it at all" not in response.text
    assert api.try_login(OWNER_EMAIL, PASSWORD).status_code == 200


def test_the_sixth_wrong_current_password_in_15_minutes_answers_429(
    api: Api, owner_tokens: Tokens
) -> None:
    """Guessing the current password is throttled like signing in, even with the right one."""
    wrong = {"current_password": "not it at all", "new_password": "a brand new passphrase"}
    for _ in range(5):
        assert api.post("/api/v1/auth/password", owner_tokens, wrong).status_code == 422
    right = {"current_password": PASSWORD, "new_password": "a brand new passphrase"}
    throttled = api.post("/api/v1/auth/password", owner_tokens, right)
    assert throttled.status_code == 429
    assert throttled.headers["Retry-After"] == str(15 * 60)
    assert throttled.json() == {"status_code": 429, "detail": "too_many_attempts"}
    assert api.try_login(OWNER_EMAIL, PASSWORD).status_code == 200
