"""SPEC 4 on the wire: GET / PATCH /api/v1/accounts/me/security."""

from __future__ import annotations

import pytest

from tests.unit.entrypoints.http.wire import OWNER_EMAIL, Api, Json, Tokens, claims_of

SECURITY = "/api/v1/accounts/me/security"


def test_get_security_shows_null_overrides_defaults_and_bounds(
    api: Api, owner_tokens: Tokens
) -> None:
    """A new account uses the system defaults: the strict preset."""
    response = api.get(SECURITY, owner_tokens)
    assert response.status_code == 200
    body = response.json()
    active_users = body.pop("active_users")
    assert body == {
        "idle_minutes": None,
        "absolute_minutes": None,
        "effective_idle_minutes": 4320,
        "effective_absolute_minutes": 20160,
        "preset": "strict",
        "idle_minutes_min": 15,
        "idle_minutes_max": 43200,
        "idle_minutes_default": 4320,
        "absolute_minutes_min": 60,
        "absolute_minutes_max": 129600,
        "absolute_minutes_default": 20160,
        "require_two_factor": False,
    }
    assert [user["email"] for user in active_users] == [OWNER_EMAIL]
    assert set(active_users[0]) == {"user_id", "name", "email", "last_login_at"}


def test_patch_60_240_persists_and_the_next_login_carries_3600_14400(
    api: Api, owner_tokens: Tokens
) -> None:
    """New values are stored and snapshotted by the next sign-in."""
    patched = api.patch(SECURITY, owner_tokens, {"idle_minutes": 60, "absolute_minutes": 240})
    assert patched.status_code == 200, patched.text
    assert (patched.json()["idle_minutes"], patched.json()["absolute_minutes"]) == (60, 240)
    assert patched.json()["preset"] == "custom"
    stored = api.get(SECURITY, owner_tokens).json()
    assert (stored["effective_idle_minutes"], stored["effective_absolute_minutes"]) == (60, 240)
    claims = claims_of(api.login(OWNER_EMAIL).refresh)
    assert (claims["idle_max"], claims["abs_max"]) == (3600, 14400)


def test_a_policy_change_leaves_live_sessions_as_they_were(api: Api, owner_tokens: Tokens) -> None:
    """A rotation carries the old snapshot forward; only new sign-ins get the new policy."""
    api.patch(SECURITY, owner_tokens, {"idle_minutes": 60, "absolute_minutes": 240})
    rotated = api.refresh(owner_tokens.refresh)
    assert claims_of(rotated.json()["refresh_token"])["idle_max"] == 4320 * 60


def test_a_key_left_out_stays_and_null_clears(api: Api, owner_tokens: Tokens) -> None:
    """PATCH is a merge-patch."""
    api.patch(SECURITY, owner_tokens, {"idle_minutes": 60, "absolute_minutes": 240})
    kept = api.patch(SECURITY, owner_tokens, {"absolute_minutes": 30000}).json()
    assert (kept["idle_minutes"], kept["absolute_minutes"]) == (60, 30000)
    cleared = api.patch(SECURITY, owner_tokens, {"idle_minutes": None}).json()
    assert (cleared["idle_minutes"], cleared["absolute_minutes"]) == (None, 30000)
    assert cleared["effective_idle_minutes"] == 4320


def test_a_preset_sets_both_overrides(api: Api, owner_tokens: Tokens) -> None:
    """The standard preset is 7 d / 30 d; strict is both null."""
    standard = api.patch(SECURITY, owner_tokens, {"preset": "standard"}).json()
    assert (standard["idle_minutes"], standard["absolute_minutes"]) == (10080, 43200)
    assert standard["preset"] == "standard"
    strict = api.patch(SECURITY, owner_tokens, {"preset": "strict"}).json()
    assert (strict["idle_minutes"], strict["absolute_minutes"], strict["preset"]) == (
        None,
        None,
        "strict",
    )


@pytest.mark.parametrize(
    ("patch", "named"),
    [
        ({"idle_minutes": 14}, "between 15 and 43200"),
        ({"idle_minutes": 43201}, "between 15 and 43200"),
        ({"absolute_minutes": 59}, "between 60 and 129600"),
        ({"absolute_minutes": 129601}, "between 60 and 129600"),
        ({"idle_minutes": 300, "absolute_minutes": 240}, "must not exceed"),
        # Partial overrides meet the other side's default: 3 d idle > 2 h absolute.
        ({"absolute_minutes": 120}, "must not exceed"),
        # And 20 d idle > the 14 d absolute default.
        ({"idle_minutes": 28800}, "must not exceed"),
    ],
)
def test_each_bound_and_the_invariant_answer_422(
    api: Api, owner_tokens: Tokens, patch: Json, named: str
) -> None:
    """Out of bounds, or effective idle > effective absolute: 422 listing the problem."""
    response = api.patch(SECURITY, owner_tokens, patch)
    assert response.status_code == 422
    body = response.json()
    assert body["detail"] == "invalid_session_policy"
    assert any(named in problem["message"] for problem in body["problems"])
    assert api.get(SECURITY, owner_tokens).json()["idle_minutes"] is None


def test_a_preset_with_minutes_is_refused(api: Api, owner_tokens: Tokens) -> None:
    """Either a preset or minutes, not both."""
    response = api.patch(SECURITY, owner_tokens, {"preset": "standard", "idle_minutes": 60})
    assert response.status_code == 422


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"idle_minutes": "60"}, "idle_minutes"),
        ({"idle_minutes": 60.5}, "idle_minutes"),
        ({"idle_minute": 60}, "idle_minute"),
        ({"preset": "custom"}, "preset"),
    ],
)
def test_a_body_off_the_schema_answers_400_naming_the_field(
    api: Api, owner_tokens: Tokens, body: Json, field: str
) -> None:
    """Wrong types, unknown keys and unknown presets are malformed, not rule violations."""
    response = api.patch(SECURITY, owner_tokens, body)
    assert response.status_code == 400
    assert response.json()["field"] == field
    assert field in response.json()["detail"]


@pytest.mark.parametrize(
    ("method", "path"),
    [
        ("GET", SECURITY),
        ("PATCH", SECURITY),
        ("POST", f"{SECURITY}/revoke-sessions"),
    ],
)
@pytest.mark.parametrize("role", ["admin", "engineer", "viewer"])
def test_anyone_but_an_owner_gets_403(
    api: Api, owner_tokens: Tokens, method: str, path: str, role: str
) -> None:
    """The three security endpoints are the owner's alone."""
    member = api.member(owner_tokens, role, f"{role}@example.com")
    response = api.client.request(
        method, path, headers={"Authorization": f"Bearer {member.access}"}, json={}
    )
    assert response.status_code == 403
    assert response.json()["detail"] == "forbidden"


def test_an_engineer_gets_403(api: Api, owner_tokens: Tokens) -> None:
    """The SPEC's named case: an engineer reading the policy."""
    engineer = api.member(owner_tokens, "engineer", "engineer@example.com")
    assert api.get(SECURITY, engineer).status_code == 403


def test_a_policy_update_writes_exactly_one_audit_event(api: Api, owner_tokens: Tokens) -> None:
    """old, new, effective_old and effective_new, in one account.session_policy_update."""
    api.patch(SECURITY, owner_tokens, {"idle_minutes": 60, "absolute_minutes": 240})
    events = api.audit(owner_tokens, "account.session_policy_update")
    assert len(events) == 1
    assert events[0]["details"] == {
        "old": {"idle_minutes": None, "absolute_minutes": None},
        "new": {"idle_minutes": 60, "absolute_minutes": 240},
        "effective_old": {"idle_minutes": 4320, "absolute_minutes": 20160},
        "effective_new": {"idle_minutes": 60, "absolute_minutes": 240},
    }


def test_a_refused_update_writes_no_event(api: Api, owner_tokens: Tokens) -> None:
    """A 422 changes nothing, the trail included."""
    api.patch(SECURITY, owner_tokens, {"idle_minutes": 1})
    assert api.audit(owner_tokens, "account.session_policy_update") == []
