"""SPEC 5 on the wire: GET /api/v1/accounts/me/audit."""

from __future__ import annotations

from datetime import timedelta

from adapters.memory import FixedClock
from tests.unit.entrypoints.http.wire import OWNER_EMAIL, Api, Tokens

AUDIT = "/api/v1/accounts/me/audit"


def sign_in_repeatedly(api: Api, clock: FixedClock, times: int) -> None:
    """``times`` more auth.login events, one second apart."""
    for _ in range(times):
        clock.advance(timedelta(seconds=1))
        api.login(OWNER_EMAIL)


def test_events_come_newest_first_in_keyset_pages(
    api: Api, owner_tokens: Tokens, clock: FixedClock
) -> None:
    """``next_before`` is passed back as ``before``; the last page has none."""
    sign_in_repeatedly(api, clock, 4)
    first = api.get(AUDIT, owner_tokens, {"action": "auth.login", "limit": 3}).json()
    assert len(first["items"]) == 3
    assert isinstance(first["next_before"], str)
    cursor = first["next_before"]
    second = api.get(AUDIT, owner_tokens, {"action": "auth.login", "limit": 3, "before": cursor})
    rest = second.json()
    assert len(rest["items"]) == 2
    assert rest["next_before"] is None
    times = [event["at"] for event in first["items"] + rest["items"]]
    assert times == sorted(times, reverse=True)


def test_an_event_has_the_spec_fields_and_no_secrets(api: Api, owner_tokens: Tokens) -> None:
    """{id, at, account_id, user_id, action, resource_type, resource_id, details}."""
    response = api.get(AUDIT, owner_tokens, {"action": "auth.login"})
    event = response.json()["items"][0]
    assert set(event) == {
        "id",
        "at",
        "account_id",
        "user_id",
        "action",
        "resource_type",
        "resource_id",
        "details",
    }
    assert event["at"] == "2026-11-22T09:00:00Z"
    assert owner_tokens.access not in response.text
    assert owner_tokens.refresh not in response.text


def test_the_action_filter_narrows_the_trail(api: Api, owner_tokens: Tokens) -> None:
    """Only the named action."""
    api.try_login(OWNER_EMAIL, "wrong password")
    failures = api.audit(owner_tokens, "auth.login_failed")
    assert [event["action"] for event in failures] == ["auth.login_failed"]
    assert "wrong password" not in str(failures)


def test_a_malformed_cursor_answers_400_naming_before(api: Api, owner_tokens: Tokens) -> None:
    """An opaque cursor we did not issue."""
    for cursor in ("not-a-cursor", "MjAyNnw", "x" * 500):
        response = api.get(AUDIT, owner_tokens, {"before": cursor})
        assert response.status_code == 400
        assert response.json()["field"] == "before"


def test_a_limit_outside_1_to_200_answers_400_naming_it(api: Api, owner_tokens: Tokens) -> None:
    """The page size is bounded like every listing's (issue 18): the schema states it."""
    for limit in (0, 201):
        response = api.get(AUDIT, owner_tokens, {"limit": limit})
        assert response.status_code == 400
        assert response.json()["field"] == "limit"


def test_a_limit_that_is_no_number_answers_400(api: Api, owner_tokens: Tokens) -> None:
    """A query parameter of the wrong type names itself."""
    response = api.client.get(
        AUDIT, params={"limit": "ten"}, headers={"Authorization": f"Bearer {owner_tokens.access}"}
    )
    assert response.status_code == 400
    assert response.json()["field"] == "limit"


def test_an_engineer_may_not_read_the_trail(api: Api, owner_tokens: Tokens) -> None:
    """Owner or admin only; an admin may."""
    engineer = api.member(owner_tokens, "engineer", "engineer@example.com")
    admin = api.member(owner_tokens, "admin", "admin@example.com")
    assert api.get(AUDIT, engineer).status_code == 403
    assert api.get(AUDIT, admin).status_code == 200
