"""Alembic's environment: runs the migrations on the connection it is given.

Alembic executes this file when a command runs (never on import of the
package). ``adapters.sqlalchemy.migrate`` passes an open connection in
``config.attributes["connection"]``; the ``alembic`` command line may instead
set ``sqlalchemy.url``.
"""

from __future__ import annotations

from alembic import context
from sqlalchemy import Connection

from adapters.sqlalchemy.engine import create_database_engine
from adapters.sqlalchemy.rows import RowBase, is_declared


def run_on(connection: Connection) -> None:
    """Run the pending migrations inside ``connection``'s transaction."""
    context.configure(
        connection=connection,
        target_metadata=RowBase.metadata,
        # SQLite alters most things only by rebuilding the table.
        render_as_batch=connection.dialect.name == "sqlite",
        compare_type=True,
        include_name=is_declared,
    )
    with context.begin_transaction():
        context.run_migrations()


def run_offline(url: str) -> None:
    """Print the migrations' SQL for ``url``'s dialect instead of running it."""
    context.configure(
        url=url,
        target_metadata=RowBase.metadata,
        render_as_batch=url.startswith("sqlite"),
        literal_binds=True,
    )
    with context.begin_transaction():
        context.run_migrations()


def run() -> None:
    """Run the migrations the way this Alembic command asked for."""
    connection = context.config.attributes.get("connection")
    if connection is not None:
        run_on(connection)
        return
    url = context.config.get_main_option("sqlalchemy.url")
    if url is None:
        msg = "give Alembic a connection (see adapters.sqlalchemy.migrate) or sqlalchemy.url"
        raise RuntimeError(msg)
    if context.is_offline_mode():
        run_offline(url)
        return
    engine = create_database_engine(url, pool_size=1, max_overflow=0, enforce_foreign_keys=False)
    try:
        with engine.begin() as own_connection:
            run_on(own_connection)
    finally:
        engine.dispose()


run()
