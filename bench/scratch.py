"""An empty, throw-away database of either kind, gone afterwards even on failure."""

from __future__ import annotations

import secrets
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from sqlalchemy import make_url, text
from sqlalchemy.schema import CreateSchema, DropSchema

from adapters.sqlalchemy import create_database_engine


@contextmanager
def scratch_database(database: str, postgres_url: str) -> Iterator[str]:
    """The URL of an empty database of this kind (``sqlite`` or ``postgres``).

    SQLite gets a file in a temporary directory; PostgreSQL a fresh schema on
    ``postgres_url``'s server, selected through the connection's search_path.
    """
    if database == "sqlite":
        with tempfile.TemporaryDirectory(prefix="dt-bench-") as directory:
            yield f"sqlite:///{Path(directory) / 'bench.sqlite3'}"
        return
    schema = f"dt_bench_{secrets.token_hex(4)}"
    admin = create_database_engine(postgres_url, pool_size=1, max_overflow=0)
    try:
        with admin.begin() as connection:
            connection.execute(CreateSchema(schema))
        try:
            url = make_url(postgres_url).update_query_dict(
                {"options": f"-csearch_path={schema}", "application_name": schema}
            )
            yield url.render_as_string(hide_password=False)
        finally:
            with admin.begin() as connection:
                # A server left connected (a crash) would block the drop: end its connections.
                connection.execute(
                    text(
                        "SELECT pg_terminate_backend(pid) FROM pg_stat_activity"
                        " WHERE application_name = :name AND pid <> pg_backend_pid()"
                    ),
                    {"name": schema},
                )
                connection.execute(DropSchema(schema, cascade=True))
    finally:
        admin.dispose()


def postgres_reachable(postgres_url: str) -> str | None:
    """``None`` if the server answers, else the first line of why not."""
    engine = create_database_engine(postgres_url, pool_size=1, max_overflow=0)
    try:
        with engine.connect() as connection:
            connection.execute(text("SELECT 1"))
    except Exception as exc:  # noqa: BLE001 - any failure means "cannot benchmark PostgreSQL"
        lines = str(getattr(exc, "orig", exc)).strip().splitlines()
        return lines[0] if lines else type(exc).__name__
    finally:
        engine.dispose()
    return None
