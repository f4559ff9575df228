"""Step-up on the wire: each protected change after a fresh sign-in, an old one, a confirmation."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta

import httpx
import pytest

from adapters.memory import FixedClock
from tests.unit.entrypoints.http.two_factor_wire import (
    NEXT_STEP,
    REAUTHENTICATE,
    REQUIREMENT,
    TWO_FACTOR,
    delete_with,
    enrol,
)
from tests.unit.entrypoints.http.wire import PASSWORD, Api, Tokens, bearer

NEEDS_CONFIRMATION = {"status_code": 401, "detail": "reauthentication_required"}
# The change, made with the caller's current tokens.
SendChange = Callable[[Tokens], httpx.Response]
StepUpCall = Callable[[Api, FixedClock, Tokens], SendChange]


def _revoke_all(api: Api, _clock: FixedClock, owner: Tokens) -> SendChange:
    del owner
    return lambda caller: api.post(
        "/api/v1/accounts/me/security/revoke-sessions", caller, {"scope": "all"}
    )


def _policy(api: Api, _clock: FixedClock, owner: Tokens) -> SendChange:
    del owner
    return lambda caller: api.patch("/api/v1/accounts/me/security", caller, {"preset": "standard"})


def _requirement(api: Api, _clock: FixedClock, owner: Tokens) -> SendChange:
    del owner
    return lambda caller: api.client.put(
        REQUIREMENT, headers=bearer(caller.access), json={"required": True}
    )


def _role(api: Api, _clock: FixedClock, owner: Tokens) -> SendChange:
    member = api.member(owner, "viewer", "vera@example.com")
    user_id = api.get("/api/v1/auth/me", member).json()["user"]["id"]
    return lambda caller: api.patch(
        f"/api/v1/accounts/me/members/{user_id}", caller, {"role": "admin"}
    )


def _disable(api: Api, clock: FixedClock, owner: Tokens) -> SendChange:
    authenticator, _ = enrol(api, owner, clock.now())
    clock.advance(NEXT_STEP)
    return lambda caller: delete_with(
        api, TWO_FACTOR, caller, {"code": authenticator.code_at(clock.now())}
    )


def later(api: Api, tokens: Tokens) -> Tokens:
    """The same login session's tokens after the clock moved: refreshed, as a client would."""
    response = api.refresh(tokens.refresh)
    assert response.status_code == 200, response.text
    return Tokens(response.json())


CHANGES: dict[str, StepUpCall] = {
    "revoke all": _revoke_all,
    "policy": _policy,
    "require two factors": _requirement,
    "role": _role,
    "disable two-factor": _disable,
}


@pytest.mark.parametrize("change", CHANGES.values(), ids=CHANGES)
def test_a_step_up_change_after_a_fresh_sign_in(
    api: Api, clock: FixedClock, owner_tokens: Tokens, change: StepUpCall
) -> None:
    """Right after signing in, it is made."""
    response = change(api, clock, owner_tokens)(owner_tokens)
    assert response.status_code < 300, response.text


@pytest.mark.parametrize("change", CHANGES.values(), ids=CHANGES)
def test_a_step_up_change_eleven_minutes_later_needs_a_confirmation(
    api: Api, clock: FixedClock, owner_tokens: Tokens, change: StepUpCall
) -> None:
    """401 reauthentication_required; POST /reauthenticate; then it is made."""
    act = change(api, clock, owner_tokens)
    clock.advance(timedelta(minutes=11))
    owner = later(api, owner_tokens)
    refused = act(owner)
    assert refused.status_code == 401
    assert refused.json() == NEEDS_CONFIRMATION
    assert refused.headers["www-authenticate"] == "Bearer"
    confirmed = api.post(REAUTHENTICATE, owner, {"password": PASSWORD})
    assert confirmed.status_code == 204
    response = act(owner)
    assert response.status_code < 300, response.text


def test_a_confirmation_is_audited(api: Api, clock: FixedClock, owner_tokens: Tokens) -> None:
    """auth.reauthenticated names the method."""
    clock.advance(timedelta(minutes=11))
    owner = later(api, owner_tokens)
    api.post(REAUTHENTICATE, owner, {"password": PASSWORD})
    [event] = api.audit(owner, "auth.reauthenticated")
    assert event["details"] == {"method": "password"}


def test_a_wrong_password_is_401_invalid_credentials(api: Api, owner_tokens: Tokens) -> None:
    """As at sign-in."""
    response = api.post(REAUTHENTICATE, owner_tokens, {"password": "not the password"})
    assert response.json() == {"status_code": 401, "detail": "invalid_credentials"}


def test_a_code_confirms_a_user_with_a_second_factor(
    api: Api, clock: FixedClock, owner_tokens: Tokens
) -> None:
    """A current TOTP code works as well as the password."""
    authenticator, _ = enrol(api, owner_tokens, clock.now())
    clock.advance(timedelta(minutes=11))
    owner = later(api, owner_tokens)
    response = api.post(REAUTHENTICATE, owner, {"code": authenticator.code_at(clock.now())})
    assert response.status_code == 204
    assert _policy(api, clock, owner)(owner).status_code == 200


@pytest.mark.parametrize("body", [{}, {"password": PASSWORD, "code": "123456"}])
def test_a_confirmation_takes_exactly_one_of_password_and_code(
    api: Api, owner_tokens: Tokens, body: dict[str, str]
) -> None:
    """Neither or both: 422 saying so."""
    response = api.post(REAUTHENTICATE, owner_tokens, body)
    assert response.status_code == 422
    assert response.json()["problems"][0]["message"] == "give either password or code"


def test_a_confirmation_needs_an_access_token(api: Api) -> None:
    """It marks the caller's own session; without one there is nothing to mark."""
    response = api.client.post(REAUTHENTICATE, json={"password": PASSWORD})
    assert response.json() == {"status_code": 401, "detail": "not_authenticated"}
