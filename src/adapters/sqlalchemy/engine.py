"""One engine factory that configures each supported database properly for a server."""

from __future__ import annotations

import sqlite3
import weakref
from typing import Any, Final

import msgspec
from sqlalchemy import Connection, Engine, create_engine, event, make_url
from sqlalchemy.engine import URL
from sqlalchemy.pool import ConnectionPoolEntry, PoolProxiedConnection

from adapters.sqlalchemy.wal_checkpoints import WalCheckpointer

# Writers queue for the database lock this long before SQLite answers "database is
# locked". Transactions here are a few statements long, so a wait this long means trouble.
SQLITE_BUSY_TIMEOUT_MS: Final = 30_000

# psycopg 3 is the only PostgreSQL driver the project ships; a bare scheme would
# make SQLAlchemy reach for psycopg2.
POSTGRES_SCHEMES: Final = frozenset({"postgres", "postgresql"})

# JSON columns (walk histories, tree documents, audit details) are read and written
# through msgspec, several times faster than the standard library's json at the same
# JSON; a walk step encodes and decodes its whole history.
_JSON_TEXT: Final = msgspec.json.Encoder()
_JSON_CODECS: Final[dict[str, Any]] = {
    "json_serializer": lambda value: _JSON_TEXT.encode(value).decode(),
    "json_deserializer": msgspec.json.decode,
}

# A host that drops packets must not hang a request (or /health) for the OS's TCP timeout.
POSTGRES_CONNECT_TIMEOUT_SECONDS: Final = 5


def create_database_engine(
    url: str, *, pool_size: int = 10, max_overflow: int = 10, enforce_foreign_keys: bool = True
) -> Engine:
    """An engine for ``url``: a SQLite file or PostgreSQL through psycopg 3.

    Bound parameters are kept out of SQLAlchemy's error messages, which can
    reach logs: they may hold a password hash.

    ``pool_size`` connections stay open, ``max_overflow`` more may open under
    load. ``enforce_foreign_keys=False`` is for schema migrations only: SQLite
    rebuilds a table to alter it, which means dropping a table others refer to
    (the migration checks the keys itself afterwards). PostgreSQL always
    enforces them.
    """
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        return _sqlite_engine(
            parsed,
            pool_size=pool_size,
            max_overflow=max_overflow,
            enforce_foreign_keys=enforce_foreign_keys,
        )
    if parsed.drivername in POSTGRES_SCHEMES:
        parsed = parsed.set(drivername="postgresql+psycopg")
    return create_engine(
        parsed,
        pool_size=pool_size,
        max_overflow=max_overflow,
        # No ping per checkout (a round trip on every request): a unit of work replaces a
        # connection found dead at its first statement instead (see fast_path.transaction).
        hide_parameters=True,
        connect_args={"connect_timeout": POSTGRES_CONNECT_TIMEOUT_SECONDS},
        **_JSON_CODECS,
    )


def _sqlite_engine(
    url: URL, *, pool_size: int, max_overflow: int, enforce_foreign_keys: bool
) -> Engine:
    if url.database in (None, "", ":memory:") or url.query.get("mode") == "memory":
        # Every pooled connection would open its own empty database.
        msg = "an in-memory SQLite database cannot serve several connections; use a file"
        raise ValueError(msg)
    engine = create_engine(
        url, pool_size=pool_size, max_overflow=max_overflow, hide_parameters=True, **_JSON_CODECS
    )
    pragmas = [
        f"PRAGMA busy_timeout = {SQLITE_BUSY_TIMEOUT_MS}",  # first: WAL may need to wait
        "PRAGMA journal_mode = WAL",  # readers never block the writer, nor it them
        "PRAGMA synchronous = NORMAL",  # durable at checkpoints; safe with WAL
        "PRAGMA wal_autocheckpoint = 0",  # a thread of their own checkpoints instead
        f"PRAGMA foreign_keys = {'ON' if enforce_foreign_keys else 'OFF'}",
    ]

    def configure_connection(
        dbapi_connection: sqlite3.Connection, connection_record: ConnectionPoolEntry
    ) -> None:
        del connection_record
        # The driver's own transaction handling issues BEGIN late (not before a
        # SELECT, a SAVEPOINT or DDL). Take it away and let `begin_immediately` do it.
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        try:
            for pragma in pragmas:
                cursor.execute(pragma)
        finally:
            cursor.close()

    event.listen(engine, "connect", configure_connection)
    event.listen(engine, "begin", begin_immediately)
    checkpointer = WalCheckpointer(str(url.database))
    checkpointer.start()
    # For as long as the engine lives (a disposed engine may still open new connections),
    # and a last checkpoint when it goes or the interpreter exits.
    weakref.finalize(engine, checkpointer.stop)
    return engine


def begin_immediately(connection: Connection) -> None:
    """Start every SQLite transaction holding the write lock.

    A transaction cannot know in advance whether it will write, and a deferred
    one that reads and then writes fails at once with SQLITE_BUSY when another
    writer got in between (busy_timeout cannot help: its snapshot is stale).
    BEGIN IMMEDIATE queues writers on busy_timeout instead, which also makes
    every transaction serializable. WAL still lets other readers (a backup, the
    sqlite3 shell) read meanwhile.
    """
    if not driver_connection(connection).in_transaction:
        # A unit of work's fast path may have begun it already (see fast_path.transaction).
        connection.exec_driver_sql("BEGIN IMMEDIATE")


def driver_connection(connection: Connection | PoolProxiedConnection) -> Any:  # noqa: ANN401 - sqlite3 or psycopg
    """The DB-API connection under ``connection`` (sqlite3's or psycopg's)."""
    pooled = connection.connection if isinstance(connection, Connection) else connection
    driver = pooled.driver_connection
    if driver is None:  # pragma: no cover - only a closed pool entry has none
        msg = "the pooled connection is closed"
        raise RuntimeError(msg)
    return driver
