"""Throwaway databases for the integration tests: SQLite files and PostgreSQL schemas."""

from __future__ import annotations

import os
import secrets
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Final

from sqlalchemy import Engine, delete, make_url
from sqlalchemy.exc import OperationalError
from sqlalchemy.schema import CreateSchema, DropSchema

from adapters.sqlalchemy import create_database_engine
from adapters.sqlalchemy.rows import RowBase

POSTGRES_URL_VARIABLE: Final = "DECISION_TREE_TEST_POSTGRES_URL"
DEFAULT_POSTGRES_URL: Final = "postgresql+psycopg://postgres@127.0.0.1:5432/test"
POSTGRES_UNREACHABLE: Final = "PostgreSQL was not reachable"


def postgres_server_url() -> str:
    """Where the PostgreSQL test server is, from the environment or the default."""
    return os.environ.get(POSTGRES_URL_VARIABLE, DEFAULT_POSTGRES_URL)


def postgres_unreachable_reason(url: str) -> str | None:
    """Why PostgreSQL at ``url`` cannot be used, or ``None`` when it answers."""
    probe_url = make_url(url).update_query_dict({"connect_timeout": "5"})
    engine = create_database_engine(probe_url.render_as_string(hide_password=False))
    try:
        with engine.connect():
            return None
    except OperationalError as exc:
        shown = make_url(url).render_as_string(hide_password=True)
        return f"{POSTGRES_UNREACHABLE} at {shown} ({POSTGRES_URL_VARIABLE}): {exc.orig}"
    finally:
        engine.dispose()


@contextmanager
def scratch_schema(server_url: str) -> Iterator[str]:
    """A fresh, empty schema for the duration; yields a URL whose search_path is it."""
    name = f"dt_test_{secrets.token_hex(6)}"
    admin = create_database_engine(server_url, pool_size=1, max_overflow=0)
    try:
        with admin.begin() as connection:
            connection.execute(CreateSchema(name))
        try:
            schema_url = make_url(server_url).update_query_dict(
                {"options": f"-csearch_path={name}"}
            )
            yield schema_url.render_as_string(hide_password=False)
        finally:
            with admin.begin() as connection:
                connection.execute(DropSchema(name, cascade=True))
    finally:
        admin.dispose()


def sqlite_url(directory: Path) -> str:
    """The URL of a new SQLite file in ``directory``."""
    return f"sqlite:///{directory / f'{secrets.token_hex(6)}.sqlite3'}"


def wipe(engine: Engine) -> None:
    """Delete every row of every table, children first, so the next test starts empty."""
    with engine.begin() as connection:
        for table in reversed(RowBase.metadata.sorted_tables):
            connection.execute(delete(table))
