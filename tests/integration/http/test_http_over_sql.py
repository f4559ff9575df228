"""The wire behaviours that depend on the database, on SQLite and PostgreSQL."""

from __future__ import annotations

import threading
from datetime import timedelta

import httpx
import pytest
from litestar.testing import TestClient

from adapters.memory import FixedClock
from decision_core.clock import unix_seconds
from tests.unit.conftest import WITHOUT_REUSE_GRACE
from tests.unit.entrypoints.http.wire import OWNER_EMAIL, PASSWORD, Api, Tokens, claims_of, signed

from .conftest import AppFactory

SECURITY = "/api/v1/accounts/me/security"
INVALID = {"status_code": 401, "detail": "invalid_refresh_token"}


def test_sign_in_refresh_and_me_round_trip(api: Api, clock: FixedClock) -> None:
    """Registration, a sign-in snapshot, a rotation carrying it forward, who am I."""
    owner = api.owner()
    first = claims_of(owner.refresh)
    assert (first["idle_max"], first["abs_max"]) == (259200, 1209600)
    clock.advance(timedelta(minutes=10))
    rotated = api.refresh(owner.refresh)
    assert rotated.status_code == 200, rotated.text
    second = claims_of(rotated.json()["refresh_token"])
    assert second["auth_time"] == first["auth_time"]
    assert second["iat"] == first["iat"] + 600
    me = api.get("/api/v1/auth/me", Tokens(rotated.json())).json()
    assert me["user"]["email"] == OWNER_EMAIL
    assert me["user"]["last_login_at"] == "2026-11-22T09:00:00Z"


def test_a_policy_update_persists_and_reaches_the_next_login(
    api: Api, owner_tokens: Tokens
) -> None:
    """PATCH 60 / 240, read back, and snapshotted as 3600 / 14400."""
    patch = {"idle_minutes": 60, "absolute_minutes": 240}
    assert api.patch(SECURITY, owner_tokens, patch).status_code == 200
    stored = api.get(SECURITY, owner_tokens).json()
    assert (stored["idle_minutes"], stored["absolute_minutes"], stored["preset"]) == (
        60,
        240,
        "custom",
    )
    claims = claims_of(api.login(OWNER_EMAIL).refresh)
    assert (claims["idle_max"], claims["abs_max"]) == (3600, 14400)
    (event,) = api.audit(owner_tokens, "account.session_policy_update")
    assert event["details"]["effective_new"] == {"idle_minutes": 60, "absolute_minutes": 240}


def test_bulk_revocation_counts_live_sessions_of_one_account(
    api: Api, owner_tokens: Tokens
) -> None:
    """Scope others keeps the caller, a repeat is 0, another account is never touched."""
    member = api.member(owner_tokens, "engineer", "engineer@example.com")
    stranger = api.owner("stranger@elsewhere.example")
    revoke = "/api/v1/accounts/me/security/revoke-sessions"
    assert api.post(revoke, owner_tokens, {"scope": "others"}).json() == {"revoked_count": 1}
    assert api.post(revoke, owner_tokens, {"scope": "others"}).json() == {"revoked_count": 0}
    assert api.refresh(member.refresh).json() == INVALID
    assert api.refresh(stranger.refresh).status_code == 200
    assert api.post(revoke, owner_tokens, {"scope": "all"}).json() == {"revoked_count": 1}
    assert api.refresh(owner_tokens.refresh).json() == INVALID
    assert len(api.audit(owner_tokens, "account.sessions_revoked_bulk")) == 3


def test_the_absolute_deadline_consumes_the_token(api: Api, clock: FixedClock) -> None:
    """The consumption is committed although the answer is a 401."""
    claims = claims_of(api.owner().refresh)
    backdated = signed(claims | {"auth_time": unix_seconds(clock.now()) - claims["abs_max"]})
    expired = api.refresh(backdated).json()
    assert expired == {"status_code": 401, "detail": "session_expired_absolute"}
    assert api.refresh(backdated).json() == INVALID


@pytest.mark.parametrize("core_settings", [WITHOUT_REUSE_GRACE])
def test_a_replayed_token_revokes_its_family(api: Api, owner_tokens: Tokens) -> None:
    """Reuse detection, with its audit event."""
    successor = api.refresh(owner_tokens.refresh).json()["refresh_token"]
    assert api.refresh(owner_tokens.refresh).json() == INVALID
    assert api.refresh(successor).json() == INVALID
    assert len(api.audit(owner_tokens, "auth.refresh_token_reused")) == 1


@pytest.mark.parametrize("core_settings", [WITHOUT_REUSE_GRACE])
def test_a_legacy_token_rotates_once(api: Api, clock: FixedClock) -> None:
    """Grandfathered with auth_time = now and the current policy, then a replay."""
    claims = claims_of(api.owner().refresh)
    legacy = signed(
        {k: v for k, v in claims.items() if k not in {"auth_time", "idle_max", "abs_max"}}
    )
    clock.advance(timedelta(hours=1))
    rotated = api.refresh(legacy)
    assert rotated.status_code == 200, rotated.text
    assert claims_of(rotated.json()["refresh_token"])["auth_time"] == unix_seconds(clock.now())
    assert api.refresh(legacy).json() == INVALID


def test_audit_cursors_round_trip_through_the_database(
    api: Api, owner_tokens: Tokens, clock: FixedClock
) -> None:
    """Pages of two, with events in the same instant and apart, never repeat or skip."""
    for step in range(5):
        clock.advance(timedelta(microseconds=250_001 * (step % 2)))
        api.login(OWNER_EMAIL)
    seen: list[str] = []
    params: dict[str, str | int] = {"action": "auth.login", "limit": 2}
    while True:
        page = api.get("/api/v1/accounts/me/audit", owner_tokens, params).json()
        seen += [event["id"] for event in page["items"]]
        if page["next_before"] is None:
            break
        params["before"] = page["next_before"]
    assert len(seen) == len(set(seen)) == 6


def test_throttling_holds_across_workers(make_app: AppFactory) -> None:
    """Failures are counted in the database, so a second worker sees the first one's."""
    with TestClient(app=make_app()) as first, TestClient(app=make_app()) as second:
        one, two = Api(first), Api(second)
        one.register(OWNER_EMAIL)
        for worker in (one, two, one, two, one):
            assert worker.try_login(OWNER_EMAIL, "wrong password").status_code == 401
        throttled = two.try_login(OWNER_EMAIL, PASSWORD)
        assert throttled.status_code == 429
        assert int(throttled.headers["Retry-After"]) == 15 * 60


@pytest.mark.parametrize("core_settings", [WITHOUT_REUSE_GRACE])
def test_two_workers_refreshing_one_token_at_once_rotate_it_once(make_app: AppFactory) -> None:
    """Without reuse grace, one of two simultaneous presentations wins; the loser is a replay."""
    with TestClient(app=make_app()) as first, TestClient(app=make_app()) as second:
        token = Api(first).owner().refresh
        start = threading.Barrier(2)
        statuses: list[int] = []

        def present(client: TestClient) -> None:  # type: ignore[type-arg]
            start.wait()
            statuses.append(Api(client).refresh(token).status_code)

        threads = [threading.Thread(target=present, args=(c,)) for c in (first, second)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
    assert sorted(statuses) == [200, 401]


def test_two_tabs_refreshing_at_once_both_stay_signed_in(make_app: AppFactory) -> None:
    """With the default reuse grace the loser gets the winner's live token, not a sign-out."""
    with TestClient(app=make_app()) as first, TestClient(app=make_app()) as second:
        token = Api(first).owner().refresh
        start = threading.Barrier(2)
        answers: list[httpx.Response] = []

        def present(client: TestClient) -> None:  # type: ignore[type-arg]
            start.wait()
            answers.append(Api(client).refresh(token))

        threads = [threading.Thread(target=present, args=(c,)) for c in (first, second)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        assert [answer.status_code for answer in answers] == [200, 200]
        winner, loser = (answer.json()["refresh_token"] for answer in answers)
        assert winner == loser
        assert Api(second).refresh(loser).status_code == 200


def test_health_reports_the_database(api: Api) -> None:
    """The health check answers ok while the database does."""
    assert api.client.get("/health").json() == {"status": "ok", "database": "ok"}


def test_text_the_database_cannot_store_is_a_400_not_a_500(api: Api, owner_tokens: Tokens) -> None:
    """PostgreSQL refuses U+0000 in text; the API refuses it first, naming the field."""
    signup = api.register("nul\x00@example.com")
    assert (signup.status_code, signup.json()["field"]) == (400, "email")
    assert api.try_login("nul\x00@example.com").status_code == 400
    audit = api.get("/api/v1/accounts/me/audit", owner_tokens, {"action": "\x00"})
    assert audit.status_code == 400
