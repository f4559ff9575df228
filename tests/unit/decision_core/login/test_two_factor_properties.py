"""Properties of sign-in challenges and recovery codes: expiry boundary, single use, typing."""

from __future__ import annotations

from datetime import datetime, timedelta
from uuid import uuid4

import attrs
from hypothesis import given
from hypothesis import strategies as st

from decision_core.login.two_factor import (
    CHALLENGE_LIFETIME,
    hashed_recovery_codes,
    new_challenge,
    new_recovery_codes,
    normalised_recovery_code,
    recovery_code_hash,
)
from tests.unit.strategies import aware_datetimes


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
