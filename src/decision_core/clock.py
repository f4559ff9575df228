"""Time as values: the core never reads the wall clock itself.

Tokens carry Unix seconds; entities carry aware UTC datetimes truncated to
whole seconds, so a deadline computed from either side is the same instant.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Final

EPOCH: Final = datetime(1970, 1, 1, tzinfo=UTC)
ONE_SECOND: Final = timedelta(seconds=1)


def unix_seconds(moment: datetime) -> int:
    """Whole Unix seconds of an aware datetime, rounded down.

    Rounding down is exact for the ``now >= deadline`` comparisons against
    token claims, since those deadlines are whole seconds. Integer arithmetic,
    not ``timestamp()``, so no float rounding can push a time past a boundary.
    """
    return (moment - EPOCH) // ONE_SECOND


def from_unix(seconds: int) -> datetime:
    """The aware UTC datetime of whole Unix seconds."""
    return EPOCH + timedelta(seconds=seconds)


def whole_second(moment: datetime) -> datetime:
    """``moment`` truncated to the whole second, in UTC."""
    return from_unix(unix_seconds(moment))
