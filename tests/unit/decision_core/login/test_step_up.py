"""Properties of step-up: a proof counts for strictly less than its window."""

from __future__ import annotations

from datetime import datetime, timedelta

from hypothesis import given
from hypothesis import strategies as st

from decision_core.login.step_up import proved_recently
from tests.unit.strategies import aware_datetimes


@given(aware_datetimes(), st.integers(1, 24 * 60), st.integers(-2, 2))
def test_a_proof_counts_strictly_less_than_its_window(
    proved_at: datetime, minutes: int, seconds: int
) -> None:
    """Exactly ``minutes`` old no longer counts; a second younger still does."""
    window = timedelta(minutes=minutes)
    now = proved_at + window + timedelta(seconds=seconds)
    assert proved_recently(proved_at, now, window) is (seconds < 0)
