"""Two-factor sign-in on the wire: the 401 and its challenge, completing, enrolling, turning off."""

from __future__ import annotations

from datetime import timedelta

from adapters.memory import FixedClock
from tests.unit.entrypoints.http.two_factor_wire import (
    COMPLETE,
    CONFIRM,
    ENROLMENT,
    NEXT_STEP,
    REQUIREMENT,
    TWO_FACTOR,
    challenge_of,
    complete,
    delete_with,
    enrol,
)
from tests.unit.entrypoints.http.wire import OWNER_EMAIL, PASSWORD, Api, Tokens
from tests.unit.two_factor_steps import Authenticator


def test_a_sign_in_with_a_second_factor_answers_401_with_a_challenge(
    api: Api, clock: FixedClock, owner_tokens: Tokens
) -> None:
    """The JSON and the form sign-in both; the body is the documented challenge body."""
    enrol(api, owner_tokens, clock.now())
    response = api.try_login(OWNER_EMAIL)
    assert response.status_code == 401
    assert response.headers["www-authenticate"] == "Bearer"
    body = response.json()
    assert set(body) == {"status_code", "detail", "challenge", "expires_in", "enrolment_required"}
    assert (body["detail"], body["expires_in"], body["enrolment_required"]) == (
        "two_factor_required",
        300,
        False,
    )
    form = api.client.post(
        "/api/v1/auth/login", data={"username": OWNER_EMAIL, "password": PASSWORD}
    )
    assert (form.status_code, form.json()["detail"]) == (401, "two_factor_required")


def test_a_code_completes_the_sign_in_with_the_token_response(
    api: Api, clock: FixedClock, owner_tokens: Tokens
) -> None:
    """The answer is SPEC 3.1's token response; the tokens work."""
    authenticator, _ = enrol(api, owner_tokens, clock.now())
    clock.advance(NEXT_STEP)
    challenge = challenge_of(api, OWNER_EMAIL)["challenge"]
    response = complete(api, challenge, authenticator.code_at(clock.now()))
    assert response.status_code == 200, response.text
    tokens = Tokens(response.json())
    assert set(tokens.body) >= {"access_token", "refresh_token", "expires_in"}
    assert api.get("/api/v1/auth/me", tokens).status_code == 200
    assert api.audit(tokens, "auth.login")[0]["details"]["second_factor"] == "totp"


def test_wrong_codes_and_unknown_challenges_answer_their_own_401s(
    api: Api, clock: FixedClock, owner_tokens: Tokens
) -> None:
    """A wrong code keeps the challenge; a made-up challenge is refused as such."""
    authenticator, _ = enrol(api, owner_tokens, clock.now())
    clock.advance(NEXT_STEP)
    challenge = challenge_of(api, OWNER_EMAIL)["challenge"]
    wrong = complete(api, challenge, "000000")
    assert wrong.json() == {"status_code": 401, "detail": "invalid_two_factor_code"}
    unknown = complete(api, "no-such-challenge", authenticator.code_at(clock.now()))
    assert unknown.json() == {"status_code": 401, "detail": "invalid_two_factor_challenge"}
    assert complete(api, challenge, authenticator.code_at(clock.now())).status_code == 200
    assert api.audit(owner_tokens, "auth.two_factor_failed")[0]["details"] == {"purpose": "sign_in"}


def test_a_recovery_code_completes_a_sign_in_once(
    api: Api, clock: FixedClock, owner_tokens: Tokens
) -> None:
    """Then the status counts nine left."""
    _, codes = enrol(api, owner_tokens, clock.now())
    first = complete(api, challenge_of(api, OWNER_EMAIL)["challenge"], codes[0])
    assert first.status_code == 200
    again = complete(api, challenge_of(api, OWNER_EMAIL)["challenge"], codes[0])
    assert again.json()["detail"] == "invalid_two_factor_code"
    status = api.get(TWO_FACTOR, Tokens(first.json())).json()
    assert status == {
        "enabled": True,
        "pending": False,
        "recovery_codes_left": 9,
        "required_by_account": False,
    }


def test_wrong_codes_are_throttled_with_retry_after(
    api: Api, clock: FixedClock, owner_tokens: Tokens
) -> None:
    """Five wrong codes, then 429 with Retry-After, as for passwords."""
    enrol(api, owner_tokens, clock.now())
    challenge = challenge_of(api, OWNER_EMAIL)["challenge"]
    for attempt in range(5):
        assert complete(api, challenge, f"{attempt:06d}").status_code == 401
    throttled = complete(api, challenge, "123456")
    assert throttled.status_code == 429
    assert int(throttled.headers["retry-after"]) > 0


def test_an_enrolment_answers_the_secret_and_is_pending_until_confirmed(
    api: Api, clock: FixedClock, owner_tokens: Tokens
) -> None:
    """201 with the secret and its URI; the status says pending; the confirmation, ten codes."""
    started = api.post(ENROLMENT, owner_tokens)
    assert started.status_code == 201
    body = started.json()
    assert body["otpauth_uri"].startswith("otpauth://totp/decision-tree:owner@example.com?secret=")
    assert api.get(TWO_FACTOR, owner_tokens).json()["pending"] is True
    code = Authenticator(body["secret"]).code_at(clock.now())
    confirmed = api.post(CONFIRM, owner_tokens, {"code": code})
    assert confirmed.status_code == 200
    assert confirmed.json()["tokens"] is None
    assert len(confirmed.json()["recovery_codes"]) == 10
    again = api.post(ENROLMENT, owner_tokens)
    assert (again.status_code, again.json()["detail"]) == (409, "two_factor_already_enabled")


def test_an_enrolment_needs_a_token_or_a_challenge(api: Api) -> None:
    """Neither: 401 not_authenticated, as for any other signed-in operation."""
    response = api.client.post(ENROLMENT)
    assert response.json() == {"status_code": 401, "detail": "not_authenticated"}
    by_challenge = api.client.post(ENROLMENT, json={"challenge": "made-up"})
    assert by_challenge.json()["detail"] == "invalid_two_factor_challenge"


def test_a_member_of_an_account_that_requires_it_enrols_to_sign_in(
    api: Api, clock: FixedClock, owner_tokens: Tokens
) -> None:
    """The challenge says enrol; enrolling with it answers the sign-in's tokens."""
    api.member(owner_tokens, "engineer", "eve@example.com")
    required = api.client.put(
        REQUIREMENT,
        headers={"Authorization": f"Bearer {owner_tokens.access}"},
        json={"required": True},
    )
    assert required.status_code == 200
    assert required.json()["require_two_factor"] is True
    body = challenge_of(api, "eve@example.com")
    assert body["enrolment_required"] is True
    started = api.client.post(ENROLMENT, json={"challenge": body["challenge"]})
    assert started.status_code == 201, started.text
    code = Authenticator(started.json()["secret"]).code_at(clock.now())
    confirmed = api.client.post(CONFIRM, json={"challenge": body["challenge"], "code": code})
    assert confirmed.status_code == 200, confirmed.text
    tokens = Tokens(confirmed.json()["tokens"])
    me = api.get("/api/v1/auth/me", tokens).json()
    assert me["user"]["email"] == "eve@example.com"
    assert api.get(TWO_FACTOR, tokens).json()["required_by_account"] is True
    completing = api.client.post(COMPLETE, json={"challenge": body["challenge"], "code": code})
    assert completing.json()["detail"] == "invalid_two_factor_challenge"


def test_two_factor_is_turned_off_with_a_code(
    api: Api, clock: FixedClock, owner_tokens: Tokens
) -> None:
    """DELETE with a code: 204, then sign-ins need the password alone."""
    authenticator, _ = enrol(api, owner_tokens, clock.now())
    clock.advance(NEXT_STEP)
    wrong = delete_with(api, TWO_FACTOR, owner_tokens, {"code": "000000"})
    assert wrong.json()["detail"] == "invalid_two_factor_code"
    response = delete_with(
        api, TWO_FACTOR, owner_tokens, {"code": authenticator.code_at(clock.now())}
    )
    assert response.status_code == 204
    assert api.try_login(OWNER_EMAIL).status_code == 200
    off = delete_with(api, TWO_FACTOR, owner_tokens, {"code": "123456"})
    assert (off.status_code, off.json()["detail"]) == (409, "two_factor_not_enabled")
    assert api.audit(owner_tokens, "auth.two_factor_disabled")[0]["details"] == {"method": "totp"}


def test_new_recovery_codes_take_a_current_code(
    api: Api, clock: FixedClock, owner_tokens: Tokens
) -> None:
    """Ten new codes; the old ones stop working."""
    authenticator, old = enrol(api, owner_tokens, clock.now())
    clock.advance(NEXT_STEP)
    response = api.post(
        f"{TWO_FACTOR}/recovery-codes", owner_tokens, {"code": authenticator.code_at(clock.now())}
    )
    assert response.status_code == 200
    assert set(response.json()["recovery_codes"]).isdisjoint(old)


def test_a_code_that_is_too_long_is_malformed(api: Api, owner_tokens: Tokens) -> None:
    """A bounded field: 400 naming it, not a wrong code."""
    response = api.post(CONFIRM, owner_tokens, {"code": "1" * 65})
    assert (response.status_code, response.json()["field"]) == (400, "code")


def test_the_challenge_expires_after_five_minutes(
    api: Api, clock: FixedClock, owner_tokens: Tokens
) -> None:
    """At five minutes the challenge answers invalid_two_factor_challenge."""
    authenticator, _ = enrol(api, owner_tokens, clock.now())
    challenge = challenge_of(api, OWNER_EMAIL)["challenge"]
    clock.advance(timedelta(minutes=5))
    late = complete(api, challenge, authenticator.code_at(clock.now()))
    assert late.json()["detail"] == "invalid_two_factor_challenge"
