"""The clock port: the core never reads the time itself."""

from __future__ import annotations

from datetime import datetime
from typing import Protocol


class Clock(Protocol):
    """The only source of "now"."""

    def now(self) -> datetime:
        """The current instant, timezone-aware UTC."""
        ...
