"""The wall clock, in UTC."""

from __future__ import annotations

from datetime import UTC, datetime

from decision_core.ports.clock import Clock


class SystemClock(Clock):
    """The real time, timezone-aware UTC."""

    def now(self) -> datetime:
        """The current instant."""
        return datetime.now(UTC)
