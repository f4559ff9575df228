"""A timestamp column type that only ever holds and returns aware UTC datetimes."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import DateTime
from sqlalchemy.engine import Dialect
from sqlalchemy.types import TypeDecorator


class UtcDateTime(TypeDecorator[datetime]):
    """``DateTime(timezone=True)`` that converts to UTC on the way in and out.

    PostgreSQL stores an instant and returns it in the connection's time zone;
    SQLite stores text without any zone and returns naive values. Converting
    every bound value (parameters of WHERE clauses included) to UTC makes
    SQLite's text comparisons order instants correctly, and attaching UTC to
    every result gives the core the aware datetimes it computes with.
    """

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        """Refuse naive datetimes, whose instant is ambiguous; send UTC."""
        del dialect
        if value is None:
            return None
        if value.tzinfo is None:
            msg = f"a naive datetime cannot be stored as an instant: {value!r}"
            raise ValueError(msg)
        return value.astimezone(UTC)

    def process_result_value(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        """Read naive values (SQLite) as UTC; convert aware ones (PostgreSQL) to UTC."""
        del dialect
        if value is None:
            return None
        if value.tzinfo is None:
            return value.replace(tzinfo=UTC)
        return value.astimezone(UTC)
