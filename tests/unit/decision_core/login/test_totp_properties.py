"""Properties of the TOTP rule: a window of one step either side of now, and no replay."""

from __future__ import annotations

from datetime import datetime, timedelta

from hypothesis import given
from hypothesis import strategies as st

from decision_core.login.totp import PERIOD_SECONDS, accepted_step, hotp, time_step
from tests.unit.strategies import step_offsets, totp_moments, totp_secrets


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
