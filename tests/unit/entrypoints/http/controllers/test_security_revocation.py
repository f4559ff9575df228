"""SPEC 4: POST /api/v1/accounts/me/security/revoke-sessions."""

from __future__ import annotations

from datetime import timedelta

from adapters.memory import FixedClock
from tests.unit.entrypoints.http.wire import Api, Tokens

REVOKE = "/api/v1/accounts/me/security/revoke-sessions"
INVALID = {"status_code": 401, "detail": "invalid_refresh_token"}


def test_scope_all_revokes_the_caller_too(api: Api, owner_tokens: Tokens) -> None:
    """Every live session of the account ends, the owner's own included."""
    member = api.member(owner_tokens, "engineer", "engineer@example.com")
    response = api.post(REVOKE, owner_tokens, {"scope": "all"})
    assert response.status_code == 200
    assert response.json() == {"revoked_count": 2}
    assert api.refresh(owner_tokens.refresh).json() == INVALID
    assert api.refresh(member.refresh).json() == INVALID


def test_scope_all_is_the_default(api: Api, owner_tokens: Tokens) -> None:
    """No body at all means ``all``."""
    response = api.client.post(REVOKE, headers={"Authorization": f"Bearer {owner_tokens.access}"})
    assert response.json() == {"revoked_count": 1}
    assert api.refresh(owner_tokens.refresh).json() == INVALID


def test_scope_others_keeps_the_caller(api: Api, owner_tokens: Tokens) -> None:
    """Every session of the caller survives, even one on another device."""
    second_device = api.login("owner@example.com")
    member = api.member(owner_tokens, "viewer", "viewer@example.com")
    response = api.post(REVOKE, owner_tokens, {"scope": "others"})
    assert response.json() == {"revoked_count": 1}
    assert api.refresh(owner_tokens.refresh).status_code == 200
    assert api.refresh(second_device.refresh).status_code == 200
    assert api.refresh(member.refresh).json() == INVALID


def test_revocation_never_touches_another_account(api: Api, owner_tokens: Tokens) -> None:
    """Count 1, not 2: the other tenant's signed-in owner is untouched."""
    stranger = api.owner("stranger@elsewhere.example")
    assert api.post(REVOKE, owner_tokens, {"scope": "all"}).json() == {"revoked_count": 1}
    assert api.refresh(stranger.refresh).status_code == 200


def test_a_second_revocation_returns_0(api: Api, owner_tokens: Tokens) -> None:
    """Only live sessions are counted, so an immediate repeat ends nothing."""
    api.member(owner_tokens, "admin", "admin@example.com")
    assert api.post(REVOKE, owner_tokens, {"scope": "others"}).json() == {"revoked_count": 1}
    assert api.post(REVOKE, owner_tokens, {"scope": "others"}).json() == {"revoked_count": 0}


def test_exactly_one_sessions_revoked_bulk_event_per_call(
    api: Api, owner_tokens: Tokens, clock: FixedClock
) -> None:
    """One event per call, the repeat included, with the scope and the count."""
    api.member(owner_tokens, "admin", "admin@example.com")
    api.post(REVOKE, owner_tokens, {"scope": "others"})
    clock.advance(timedelta(seconds=1))  # newest first is then unambiguous
    api.post(REVOKE, owner_tokens, {"scope": "others"})
    events = api.audit(owner_tokens, "account.sessions_revoked_bulk")
    assert [event["details"] for event in events] == [
        {"scope": "others", "revoked_count": 0},
        {"scope": "others", "revoked_count": 1},
    ]


def test_an_unknown_scope_answers_400(api: Api, owner_tokens: Tokens) -> None:
    """``scope`` is all or others."""
    response = api.post(REVOKE, owner_tokens, {"scope": "everyone"})
    assert response.status_code == 400
    assert response.json()["field"] == "scope"
