"""A clock that only moves when told to."""

from __future__ import annotations

from datetime import datetime, timedelta

from decision_core.ports.clock import Clock


class FixedClock(Clock):
    """Returns the instant it was set to; tests advance it explicitly."""

    def __init__(self, now: datetime) -> None:
        """Start at ``now`` (timezone-aware)."""
        self._now = _aware(now)

    def now(self) -> datetime:
        """The instant the clock is at."""
        return self._now

    def advance(self, delta: timedelta) -> None:
        """Move the clock forward (or back, for a negative ``delta``)."""
        self._now += delta

    def set(self, now: datetime) -> None:
        """Jump to ``now`` (timezone-aware)."""
        self._now = _aware(now)


def _aware(now: datetime) -> datetime:
    """The port promises aware times; refuse a naive one where it enters."""
    if now.tzinfo is None:
        msg = "FixedClock needs a timezone-aware datetime"
        raise ValueError(msg)
    return now
