"""Properties of the second factor's rules: the TOTP window, no replay, expiry boundaries."""

from __future__ import annotations

from datetime import datetime, timedelta
from uuid import uuid4

import attrs
from hypothesis import given
from hypothesis import strategies as st

from decision_core.login.step_up import proved_recently
from decision_core.login.totp import PERIOD_SECONDS, accepted_step, hotp, time_step
from decision_core.login.two_factor import (
    CHALLENGE_LIFETIME,
    hashed_recovery_codes,
    new_challenge,
    new_recovery_codes,
    normalised_recovery_code,
    recovery_code_hash,
)
from tests.unit.strategies import aware_datetimes, step_offsets, totp_moments, totp_secrets


@given(totp_secrets(), totp_moments(), step_offsets())
def test_a_code_is_accepted_exactly_within_one_step_of_now(
    secret: bytes, now: datetime, offset: int
) -> None:
    """The code of the current step, the one before or the one after: that step; else none.

    (A code of a farther step is refused unless it happens to equal a code
    inside the window, one chance in a million, which then names that step.)
    """
    current = time_step(now)
    code = hotp(secret, current + offset)
    step = accepted_step(secret, code, now, None)
    if -1 <= offset <= 1:
        assert step is not None
        assert current - 1 <= step <= current + 1
        assert hotp(secret, step) == code
    else:
        assert step is None or hotp(secret, step) == code


@given(totp_secrets(), totp_moments(), st.sampled_from([-1, 0, 1]), st.integers(0, 2))
def test_a_code_is_never_accepted_for_a_step_already_spent(
    secret: bytes, now: datetime, offset: int, spent_after: int
) -> None:
    """Once a step is spent, neither it nor any step before it is accepted again (no replay)."""
    current = time_step(now)
    code = hotp(secret, current + offset)
    first = accepted_step(secret, code, now, None)
    assert first is not None
    last_spent = first + spent_after - 1  # the step itself, or one either side of it
    again = accepted_step(secret, code, now, last_spent)
    assert again is None or again > last_spent


@given(totp_secrets(), totp_moments())
def test_the_next_steps_code_is_still_accepted_after_this_steps(
    secret: bytes, now: datetime
) -> None:
    """Spending a step leaves the following one usable: replay protection costs no one a login."""
    current = time_step(now)
    later = now + timedelta(seconds=PERIOD_SECONDS)
    assert accepted_step(secret, hotp(secret, current + 1), later, current) == current + 1


@given(totp_secrets(), totp_moments(), st.text(max_size=12))
def test_a_code_that_is_no_six_digits_is_never_accepted(
    secret: bytes, now: datetime, code: str
) -> None:
    """Whatever else is typed, it matches no step."""
    if not (len(code.strip()) == 6 and code.strip().isascii() and code.strip().isdigit()):
        assert accepted_step(secret, code, now, None) is None


@given(aware_datetimes(), st.integers(-3, 3))
def test_a_challenge_is_open_until_five_minutes_and_not_at_them(
    created: datetime, seconds: int
) -> None:
    """Open strictly before ``created + 5 min``; at that instant and after, expired."""
    challenge = new_challenge(uuid4(), created, enrolment_required=False).challenge
    at = created + CHALLENGE_LIFETIME + timedelta(seconds=seconds)
    assert challenge.is_open(at) is (seconds < 0)


@given(aware_datetimes(), aware_datetimes())
def test_a_used_challenge_is_never_open(created: datetime, now: datetime) -> None:
    """Single use: once used, no instant finds it open."""
    issued = new_challenge(uuid4(), created, enrolment_required=True)
    spent = attrs.evolve(issued.challenge, used_at=created)
    assert not spent.is_open(now)


@given(aware_datetimes(), st.integers(1, 24 * 60), st.integers(-2, 2))
def test_a_proof_counts_strictly_less_than_its_window(
    proved_at: datetime, minutes: int, seconds: int
) -> None:
    """Exactly ``minutes`` old no longer counts; a second younger still does."""
    window = timedelta(minutes=minutes)
    now = proved_at + window + timedelta(seconds=seconds)
    assert proved_recently(proved_at, now, window) is (seconds < 0)


@given(st.sampled_from(["", " ", "-"]), st.booleans())
def test_a_recovery_code_is_recognised_however_it_is_typed(separator: str, upper: bool) -> None:  # noqa: FBT001
    """Dashes, spaces and case do not matter; its hash is that of the stored form."""
    user_id = uuid4()
    code = new_recovery_codes()[0]
    typed = code.replace("-", separator)
    typed = typed.upper() if upper else typed
    normalised = normalised_recovery_code(typed)
    assert normalised is not None
    assert recovery_code_hash(user_id, normalised) == hashed_recovery_codes(user_id, [code])[0]
