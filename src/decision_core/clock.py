"""Time as values: the core never reads the wall clock itself.

Tokens carry Unix seconds; entities carry aware UTC datetimes truncated to
whole seconds, so a deadline computed from either side is the same instant.
"""

from __future__ import annotations

from datetime import UTC, datetime


def unix_seconds(moment: datetime) -> int:
    """Whole Unix seconds of an aware datetime, rounded down.

    Rounding down is exact for the ``now >= deadline`` comparisons of the
    core, since every deadline is a whole second.
    """
    return int(moment.timestamp() // 1)


def from_unix(seconds: int) -> datetime:
    """The aware UTC datetime of whole Unix seconds."""
    return datetime.fromtimestamp(seconds, tz=UTC)


def whole_second(moment: datetime) -> datetime:
    """``moment`` truncated to the whole second, in UTC."""
    return from_unix(unix_seconds(moment))
