"""Reading a ``DATABASE_URL`` the way the engine will, for the settings' checks."""

from __future__ import annotations

import attrs
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError


class NotADatabaseUrl(ValueError):
    """The text cannot be read as a database URL at all."""


@attrs.frozen
class DatabaseUrl:
    """What the settings check of a database URL: its backend and its database."""

    backend: str  # "sqlite", "postgresql", ... (the dialect, without its driver)
    database: str | None  # a SQLite file path, a PostgreSQL database name


def read_database_url(url: str) -> DatabaseUrl:
    """The backend and database ``url`` names, or ``NotADatabaseUrl``."""
    try:
        parsed = make_url(url)
    except ArgumentError as exc:
        raise NotADatabaseUrl(url) from exc
    return DatabaseUrl(backend=parsed.get_backend_name(), database=parsed.database)
