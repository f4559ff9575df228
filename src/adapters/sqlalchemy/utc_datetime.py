"""A timestamp column type that only ever holds and returns aware UTC datetimes."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any, Final

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
        if value is None or value.tzinfo is UTC:
            # The clock's instants are UTC already; astimezone would cost 0.6 µs to copy one.
            return value
        if value.tzinfo is None:
            msg = f"a naive datetime cannot be stored as an instant: {value!r}"
            raise ValueError(msg)
        return value.astimezone(UTC)

    def result_processor(
        self, dialect: Dialect, coltype: object
    ) -> Callable[[Any], datetime | None] | None:
        """SQLite's text is read straight to an aware UTC datetime; others as below.

        SQLAlchemy would parse the text with ``fromisoformat`` and then hand
        the naive value to :meth:`process_result_value`, whose
        ``replace(tzinfo=UTC)`` alone costs four times the parse: a login
        session row holds five instants, and the hot paths read one per request.
        """
        if dialect.name == "sqlite":
            return _utc_from_sqlite_text
        return super().result_processor(dialect, coltype)

    def process_result_value(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        """Read naive values (SQLite) as UTC; convert aware ones (PostgreSQL) to UTC."""
        del dialect
        if value is None:
            return None
        if value.tzinfo is None:
            return value.replace(tzinfo=UTC)
        return value.astimezone(UTC)


# Appended to SQLite's zoneless text, this makes fromisoformat attach UTC itself.
_UTC_OFFSET: Final = "+00:00"


def _utc_from_sqlite_text(value: str | None) -> datetime | None:
    """The aware UTC instant of SQLite's text (``2025-03-01 12:00:00.000000``, no zone)."""
    if value is None:
        return None
    try:
        return datetime.fromisoformat(value + _UTC_OFFSET)
    except ValueError:
        # Text with a zone of its own (written by something else): as the generic route.
        parsed = datetime.fromisoformat(value)
        return parsed.replace(tzinfo=UTC) if parsed.tzinfo is None else parsed.astimezone(UTC)
