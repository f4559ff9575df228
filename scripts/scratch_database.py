# ruff: noqa: INP001 - a module beside the stand-alone scripts, not part of any package
"""An empty, throw-away database of either kind, for the benchmark scripts."""

from __future__ import annotations

import secrets
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from sqlalchemy import make_url
from sqlalchemy.schema import CreateSchema, DropSchema

from adapters.sqlalchemy import create_database_engine


@contextmanager
def scratch_database(database: str, postgres_url: str) -> Iterator[str]:
    """The URL of an empty database of this kind, gone afterwards.

    SQLite gets a file in a temporary directory; PostgreSQL a fresh schema on
    ``postgres_url``'s server, selected through the connection's search_path.
    """
    if database == "sqlite":
        with tempfile.TemporaryDirectory() as directory:
            yield f"sqlite:///{Path(directory) / 'bench.sqlite3'}"
        return
    schema = f"dt_bench_{secrets.token_hex(4)}"
    admin = create_database_engine(postgres_url, pool_size=1, max_overflow=0)
    try:
        with admin.begin() as connection:
            connection.execute(CreateSchema(schema))
        try:
            url = make_url(postgres_url).update_query_dict({"options": f"-csearch_path={schema}"})
            yield url.render_as_string(hide_password=False)
        finally:
            with admin.begin() as connection:
                connection.execute(DropSchema(schema, cascade=True))
    finally:
        admin.dispose()
