"""Time as values: the core never reads the wall clock itself.

The clock port gives aware UTC datetimes, and ``now`` is one everywhere.
Tokens carry Unix seconds (``now_s`` where a use case needs them); a login
session's times and its token records are those whole seconds as datetimes, so
a deadline computed from either side is the same instant. Everything else
(audit events, walks) keeps the clock's exact instant.
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
