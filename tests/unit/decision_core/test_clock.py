"""Properties of the conversions between datetimes and Unix seconds."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from hypothesis import given
from hypothesis import strategies as st

from decision_core.clock import from_unix, unix_seconds
from tests.unit.strategies import aware_datetimes


@given(aware_datetimes())
def test_from_unix_of_unix_seconds_is_the_moment_truncated_to_its_second(moment: datetime) -> None:
    """Converting to Unix seconds and back truncates to the whole second, in UTC."""
    truncated = from_unix(unix_seconds(moment))

    assert truncated == moment.astimezone(UTC).replace(microsecond=0)
    assert truncated.tzinfo is UTC
    assert truncated.microsecond == 0
    assert truncated <= moment < truncated + timedelta(seconds=1)


@given(st.integers(-(10**9), 7 * 10**9))
def test_unix_seconds_of_from_unix_is_the_same_number(seconds: int) -> None:
    """Whole Unix seconds survive a round trip through a datetime unchanged."""
    assert unix_seconds(from_unix(seconds)) == seconds
