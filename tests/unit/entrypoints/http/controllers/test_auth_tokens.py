"""SPEC 3.1-3.2 on the wire: the claims of real JWTs and every refresh answer."""

from __future__ import annotations

from datetime import timedelta

import jwt
import pytest

from adapters.memory import FixedClock
from decision_core.clock import unix_seconds
from tests.unit.conftest import WITHOUT_REUSE_GRACE
from tests.unit.entrypoints.http.wire import Api, claims_of, signed

SNAPSHOT_CLAIMS = {"auth_time", "idle_max", "abs_max"}
THREE_DAYS = 3 * 24 * 3600
FOURTEEN_DAYS = 14 * 24 * 3600


def unauthorized(detail: str) -> dict[str, object]:
    """The exact 401 body of the SPEC's error taxonomy."""
    return {"status_code": 401, "detail": detail}


def test_login_embeds_auth_time_and_the_3_day_14_day_snapshot(api: Api, clock: FixedClock) -> None:
    """A sign-in's refresh token snapshots the default policy; the ISO fields match it."""
    tokens = api.owner()
    now = unix_seconds(clock.now())
    refresh = claims_of(tokens.refresh)
    assert refresh["type"] == "refresh"
    assert (refresh["auth_time"], refresh["idle_max"], refresh["abs_max"]) == (
        now,
        THREE_DAYS,
        FOURTEEN_DAYS,
    )
    assert refresh["iat"] == now
    assert refresh["exp"] == now + THREE_DAYS
    assert tokens.body["token_type"] == "bearer"  # noqa: S105 - the OAuth token type
    assert tokens.body["expires_in"] == 300
    assert tokens.body["idle_expires_at"] == "2026-11-25T09:00:00Z"
    assert tokens.body["absolute_expires_at"] == "2026-12-06T09:00:00Z"


def test_access_token_carries_the_spec_claims(api: Api, clock: FixedClock) -> None:
    """sub, sid, acc, role, type=access, iat and exp five minutes later."""
    tokens = api.owner()
    access, refresh = claims_of(tokens.access), claims_of(tokens.refresh)
    me = api.get("/api/v1/auth/me", tokens).json()
    assert access["sub"] == refresh["sub"] == me["user"]["id"]
    assert access["sid"] == refresh["sid"]
    assert access["acc"] == me["account"]["id"]
    assert (access["role"], access["type"]) == ("owner", "access")
    assert access["exp"] - access["iat"] == 300
    assert access["iat"] == unix_seconds(clock.now())


def test_refresh_carries_the_claims_forward(api: Api, clock: FixedClock) -> None:
    """auth_time, idle_max, abs_max and sid survive a rotation; iat, exp and jti move."""
    tokens = api.owner()
    first = claims_of(tokens.refresh)
    clock.advance(timedelta(hours=1))
    response = api.refresh(tokens.refresh)
    assert response.status_code == 200, response.text
    rotated = claims_of(response.json()["refresh_token"])
    for carried in ("sub", "sid", "auth_time", "idle_max", "abs_max"):
        assert rotated[carried] == first[carried]
    assert rotated["jti"] != first["jti"]
    assert rotated["iat"] == first["iat"] + 3600
    assert rotated["exp"] == rotated["iat"] + THREE_DAYS
    assert response.json()["idle_expires_at"] == "2026-11-25T10:00:00Z"
    assert response.json()["absolute_expires_at"] == "2026-12-06T09:00:00Z"


def test_an_idle_expired_token_answers_session_expired_idle(api: Api, clock: FixedClock) -> None:
    """At exp itself the idle window has closed."""
    tokens = api.owner()
    clock.advance(timedelta(seconds=THREE_DAYS))
    response = api.refresh(tokens.refresh)
    assert response.status_code == 401
    assert response.json() == unauthorized("session_expired_idle")


def test_an_access_token_presented_as_refresh_answers_invalid_refresh_token(api: Api) -> None:
    """The type claim is checked."""
    tokens = api.owner()
    response = api.refresh(tokens.access)
    assert response.status_code == 401
    assert response.json() == unauthorized("invalid_refresh_token")


def test_a_bad_signature_presented_as_refresh_answers_invalid_refresh_token(api: Api) -> None:
    """Claims signed with another secret are not ours."""
    claims = claims_of(api.owner().refresh)
    forged = signed(claims, secret="another-secret-0123456789abcdefghijklmnop")  # noqa: S106
    response = api.refresh(forged)
    assert response.status_code == 401
    assert response.json() == unauthorized("invalid_refresh_token")


def test_an_unsigned_token_is_refused(api: Api) -> None:
    """The pinned algorithm list leaves no room for alg=none."""
    claims = claims_of(api.owner().refresh)
    unsigned = jwt.encode(claims, key=None, algorithm="none")
    assert api.refresh(unsigned).json() == unauthorized("invalid_refresh_token")


def test_a_missing_or_malformed_bearer_answers_invalid_refresh_token(api: Api) -> None:
    """No header, another scheme, or garbage: the same plain answer."""
    assert api.client.post("/api/v1/auth/refresh").json() == unauthorized("invalid_refresh_token")
    basic = {"Authorization": "Basic dXNlcjpwYXNz"}
    assert api.client.post("/api/v1/auth/refresh", headers=basic).status_code == 401
    assert api.refresh("not.a.jwt").json() == unauthorized("invalid_refresh_token")


def test_auth_time_backdated_by_exactly_abs_max_expires_and_consumes_the_token(
    api: Api, clock: FixedClock
) -> None:
    """The absolute deadline itself is expired, and the token cannot be tried again."""
    claims = claims_of(api.owner().refresh)
    backdated = signed(claims | {"auth_time": unix_seconds(clock.now()) - claims["abs_max"]})
    first = api.refresh(backdated)
    assert first.status_code == 401
    assert first.json() == unauthorized("session_expired_absolute")
    assert api.refresh(backdated).json() == unauthorized("invalid_refresh_token")


# Signed with the server's key, but never what it issues (issue 18).
IMPLAUSIBLE_CLAIMS = [
    {"idle_max": 10**12},
    {"idle_max": 10**30},
    {"idle_max": 0},
    {"abs_max": 10**12},
    {"abs_max": 10**30},
    {"abs_max": -1},
    {"auth_time": 10**12},
    {"auth_time": 10**30},
    {"auth_time": -1},
    {"iat": 10**30},
    {"exp": 10**30},
]


@pytest.mark.parametrize("changed", IMPLAUSIBLE_CLAIMS, ids=str)
def test_claims_out_of_bounds_answer_invalid_refresh_token_and_consume_nothing(
    api: Api, changed: dict[str, int]
) -> None:
    """Never a 500, and the genuine token with the same jti still rotates afterwards."""
    tokens = api.owner()
    forged = signed(claims_of(tokens.refresh) | changed)
    assert api.refresh(forged).json() == unauthorized("invalid_refresh_token")
    assert api.refresh(tokens.refresh).status_code == 200


def test_a_sign_in_after_the_token_it_issued_is_refused(api: Api) -> None:
    """``auth_time`` one second after ``iat``: no rotation ever writes that."""
    tokens = api.owner()
    claims = claims_of(tokens.refresh)
    forged = signed(claims | {"auth_time": claims["iat"] + 1})
    assert api.refresh(forged).json() == unauthorized("invalid_refresh_token")
    assert api.refresh(tokens.refresh).status_code == 200


def test_rotating_inside_the_idle_window_still_ends_at_the_absolute_deadline(
    api: Api, clock: FixedClock
) -> None:
    """With a 60 min idle and 240 min absolute policy, the fourth hour ends the session."""
    owner = api.owner()
    patched = api.patch(
        "/api/v1/accounts/me/security", owner, {"idle_minutes": 60, "absolute_minutes": 240}
    )
    assert patched.status_code == 200
    refresh = api.login("owner@example.com").refresh
    for _ in range(4):
        clock.advance(timedelta(minutes=59))
        response = api.refresh(refresh)
        assert response.status_code == 200, response.text
        refresh = response.json()["refresh_token"]
    clock.advance(timedelta(minutes=240 - 4 * 59))
    assert api.refresh(refresh).json() == unauthorized("session_expired_absolute")


@pytest.mark.parametrize("core_settings", [WITHOUT_REUSE_GRACE])
def test_a_legacy_token_rotates_once_with_a_fresh_snapshot(api: Api, clock: FixedClock) -> None:
    """Without auth_time/idle_max/abs_max: one rotation, auth_time = now, current policy."""
    owner = api.owner()
    claims = claims_of(owner.refresh)
    legacy = signed({k: v for k, v in claims.items() if k not in SNAPSHOT_CLAIMS})
    api.patch("/api/v1/accounts/me/security", owner, {"idle_minutes": 60, "absolute_minutes": 240})
    clock.advance(timedelta(minutes=30))
    response = api.refresh(legacy)
    assert response.status_code == 200, response.text
    rotated = claims_of(response.json()["refresh_token"])
    assert rotated["auth_time"] == unix_seconds(clock.now())
    assert (rotated["idle_max"], rotated["abs_max"]) == (3600, 14400)
    assert rotated["sid"] == claims["sid"]
    assert api.refresh(legacy).json() == unauthorized("invalid_refresh_token")


@pytest.mark.parametrize("core_settings", [WITHOUT_REUSE_GRACE])
def test_a_replayed_token_revokes_its_family(api: Api) -> None:
    """Presenting a rotated token again ends the login session, successor included."""
    owner = api.owner()
    rotated = api.refresh(owner.refresh)
    assert rotated.status_code == 200
    assert api.refresh(owner.refresh).json() == unauthorized("invalid_refresh_token")
    successor = rotated.json()["refresh_token"]
    assert api.refresh(successor).json() == unauthorized("invalid_refresh_token")
    reuse = api.audit(owner, "auth.refresh_token_reused")
    assert len(reuse) == 1
    assert reuse[0]["resource_id"] == claims_of(owner.refresh)["sid"]
