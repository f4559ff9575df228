"""Properties of sign-in throttling: the limit within a sliding window, and when it lifts."""

from __future__ import annotations

from datetime import timedelta

from hypothesis import assume, given

from decision_core.login.throttle import retry_after_seconds
from tests.unit.strategies import ThrottleCase, throttle_cases


def failures_in_window(case: ThrottleCase, seconds_later: int = 0) -> int:
    """How many failures fall within ``(now - window, now]``, ``seconds_later`` on."""
    now = case.now + timedelta(seconds=seconds_later)
    return sum(1 for at in case.failures if now - case.window < at <= now)


@given(throttle_cases())
def test_sign_in_is_throttled_exactly_when_the_window_holds_the_limit(case: ThrottleCase) -> None:
    """No wait while fewer than ``limit`` failures are in the window; a wait of 1 s or more else."""
    retry_after = retry_after_seconds(case.failures, case.now, case.limit, case.window)

    if failures_in_window(case) < case.limit:
        assert retry_after is None
    else:
        assert retry_after is not None
        assert retry_after >= 1


@given(throttle_cases())
def test_waiting_the_retry_after_allows_the_next_attempt_and_no_sooner(case: ThrottleCase) -> None:
    """After ``retry_after`` seconds the attempt is allowed; a second earlier it is not."""
    retry_after = retry_after_seconds(case.failures, case.now, case.limit, case.window)
    assume(retry_after is not None)
    assert retry_after is not None

    later = case.now + timedelta(seconds=retry_after)
    assert retry_after_seconds(case.failures, later, case.limit, case.window) is None
    assert failures_in_window(case, retry_after) < case.limit
    if retry_after > 1:
        sooner = later - timedelta(seconds=1)
        assert retry_after_seconds(case.failures, sooner, case.limit, case.window) is not None
        assert failures_in_window(case, retry_after - 1) >= case.limit
