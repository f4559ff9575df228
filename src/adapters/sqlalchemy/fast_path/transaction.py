"""One unit of work's transaction: one pooled connection, reached two ways.

The hot paths' statements (:mod:`.statements`) run straight on the DB-API
connection, compiled once per dialect (:mod:`.compiled`); everything else
uses an ORM ``Session`` bound to the same connection, made on first use.
Both share one database transaction, which only :meth:`Transaction.commit`
makes durable, so a unit of work stays one atomic unit whichever route each
repository call takes. What the driver route buys is measured in
docs/benchmarks.md ("What each fast path buys").

A dead pooled connection (the server restarted) is replaced before it is
used, as ``pool_pre_ping`` would, but without the round trip a ping costs
on every checkout: the unit of work's first statement is retried on a fresh
connection when it failed because its connection was gone, which is safe
because nothing had run on that connection yet.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Final

from sqlalchemy import Connection, Engine, event, literal_column, select
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import ORMExecuteState, Session
from sqlalchemy.pool import PoolProxiedConnection

from adapters.sqlalchemy.engine import driver_connection
from adapters.sqlalchemy.fast_path.compiled import COMPILED, DriverStatement, HotStatement
from adapters.sqlalchemy.fast_path.turns import ConnectionSource

_PING: Final[HotStatement] = select(literal_column("1").label("alive"))
READ_ONLY_WRITE: Final = "a read-only unit of work cannot write"


class RowReadingSession(Session):
    """A Session whose identity map never answers for the database.

    Repositories turn rows into domain values at once and never change a
    loaded row, so the identity map has nothing to offer but stale copies.
    """


@event.listens_for(RowReadingSession, "do_orm_execute")
def _read_through(state: ORMExecuteState) -> None:
    # Reload every row a query returns, even one the identity map still holds,
    # and skip reconciling loaded rows with UPDATE/DELETE (there are none to
    # reconcile; for a bulk revocation it would mean fetching every matched id).
    state.update_execution_options(populate_existing=True, synchronize_session=False)


class Transaction:
    """The database side of one unit of work; used by one thread at a time."""

    def __init__(
        self, engine: Engine, connections: ConnectionSource, *, reads_only: bool = False
    ) -> None:
        """A transaction on ``engine`` over a connection lent by ``connections``.

        Nothing is checked out until the first statement. ``reads_only``: a
        write raises, and on SQLite each read runs on its own, outside any
        transaction, so it takes no write lock (``UnitOfWork.read_only``).
        """
        self._engine = engine
        self._connections = connections
        self._dialect = engine.dialect
        self._driver_error: type[Exception] = engine.dialect.loaded_dbapi.Error
        self._reads_only = reads_only
        # SQLite's write lock from the first statement on (see engine.begin_immediately).
        self._begin_immediately = engine.dialect.name == "sqlite" and not reads_only
        # The pool's connection, checked out at the first statement; the ORM's Connection
        # around it is made only for the ORM route (SQLAlchemy's Connection and its
        # checkout cost more than the hot statements themselves).
        self._pooled: PoolProxiedConnection | None = None
        self._connection: Connection | None = None
        self._session: Session | None = None
        self._fresh = True  # nothing has run on this checkout yet

    # -- the driver route ---------------------------------------------------

    def rows(self, statement: HotStatement, values: Mapping[str, Any]) -> list[Any]:
        """Every row ``statement`` returns, as named tuples converted by the column types."""
        compiled, cursor = self._run(statement, values)
        try:
            return compiled.records(cursor.fetchall())
        finally:
            cursor.close()

    def first(self, statement: HotStatement, values: Mapping[str, Any]) -> Any | None:  # noqa: ANN401 - a named tuple of the statement's columns
        """The first row ``statement`` returns, or ``None``."""
        return _first(self.rows(statement, values))

    def write(self, statement: HotStatement, values: Mapping[str, Any]) -> int:
        """Run an INSERT or UPDATE without RETURNING; how many rows it touched."""
        _, cursor = self._run(statement, values)
        try:
            return int(cursor.rowcount)
        finally:
            cursor.close()

    def _run(
        self, statement: HotStatement, values: Mapping[str, Any]
    ) -> tuple[DriverStatement, Any]:
        pooled = self._checked_out()
        # Compiled after the checkout: a dialect knows its server only once it has connected.
        compiled = COMPILED.get(statement, self._dialect)
        if self._reads_only and compiled.writes:
            raise RuntimeError(READ_ONLY_WRITE)
        parameters = compiled.parameters(values)
        attempt = 1
        while True:
            driver = driver_connection(pooled)
            try:
                cursor = self._execute(driver, compiled.sql, parameters)
            except self._driver_error as exc:
                gone = self._invalidate_if_gone(pooled, exc)
                if not (gone and self._fresh and attempt < self._attempts()):
                    raise self._wrapped(exc, compiled.sql, gone=gone) from exc
                # Nothing ran on the dead connection: run the statement on a live one.
                attempt += 1
                pooled = self._replaced(pooled)
                continue
            self._fresh = False
            return compiled, cursor

    def _execute(self, driver: Any, sql: str, parameters: Any) -> Any:  # noqa: ANN401 - DB-API objects
        if self._begin_immediately and not driver.in_transaction:
            driver.execute("BEGIN IMMEDIATE")  # why: see engine.begin_immediately
        cursor = driver.cursor()
        cursor.execute(sql, parameters)
        return cursor

    def _attempts(self) -> int:
        # After a server restart every pooled connection may be dead, and one more is new.
        return int(getattr(self._engine.pool, "size", lambda: 0)()) + 1

    def _invalidate_if_gone(self, pooled: PoolProxiedConnection, exc: Exception) -> bool:
        """Whether ``exc`` says the connection is dead; if so it leaves the pool."""
        gone = isinstance(exc, self._dialect.loaded_dbapi.Error) and self._dialect.is_disconnect(
            exc, pooled.dbapi_connection, None
        )
        if gone:
            pooled.invalidate(exc)
        return gone

    def _replaced(self, dead: PoolProxiedConnection) -> PoolProxiedConnection:
        dead.close()
        self._pooled = None
        return self._checked_out()

    def _wrapped(self, exc: Exception, sql: str | None, *, gone: bool) -> Exception:
        """``exc`` as SQLAlchemy raises it (``OperationalError``, ``IntegrityError``, ...).

        Bound values stay hidden, and callers handle database errors alike
        whichever route raised them.
        """
        return DBAPIError.instance(
            sql,
            None,
            exc,
            self._driver_error,
            hide_parameters=True,
            connection_invalidated=gone,
            dialect=self._dialect,
        )

    @property
    def dialect_name(self) -> str:
        """The database's kind, as SQLAlchemy names it ("sqlite", "postgresql")."""
        return str(self._dialect.name)

    # -- the ORM route ------------------------------------------------------

    @property
    def session(self) -> Session:
        """An ORM Session on this transaction's connection, made on first use."""
        if self._session is None:
            if self._fresh:
                # What pool_pre_ping did: the Session must not meet a dead connection.
                self.first(_PING, {})
            self._connection = Connection(self._engine, connection=self._checked_out())
            self._session = RowReadingSession(
                bind=self._connection, autoflush=False, expire_on_commit=False
            )
        return self._session

    # -- the transaction ----------------------------------------------------

    def commit(self) -> None:
        """Commit whatever either route wrote; later statements begin a new transaction."""
        if self._session is not None:
            self._session.commit()
        pooled = self._pooled
        if pooled is None:
            return
        try:
            driver_connection(pooled).commit()
        except self._driver_error as exc:
            gone = self._invalidate_if_gone(pooled, exc)
            raise self._wrapped(exc, "COMMIT", gone=gone) from exc

    def close(self) -> None:
        """Roll back what was not committed and return the connection to the pool."""
        pooled, self._pooled = self._pooled, None
        connection, self._connection = self._connection, None
        session, self._session = self._session, None
        try:
            if session is not None:
                session.close()
        finally:
            if pooled is not None:
                self._release(pooled, connection)

    def _release(self, pooled: PoolProxiedConnection, connection: Connection | None) -> None:
        if pooled.is_valid:
            # The pool rolls back on return too; this also ends a transaction that only
            # the driver route began, however the pool is configured.
            try:
                driver_connection(pooled).rollback()
            except self._driver_error as exc:
                pooled.invalidate(exc)
        if connection is None:
            self._connections.give_back(pooled)
        else:
            # The ORM's Connection owns the checkout: closing it returns it to the pool.
            connection.close()

    def _checked_out(self) -> PoolProxiedConnection:
        if self._pooled is None:
            try:
                self._pooled = self._connections.check_out()
            except self._driver_error as exc:
                # As Connection would raise it: an OperationalError when the server is down.
                raise self._wrapped(exc, None, gone=False) from exc
            self._fresh = True
        return self._pooled


def _first(rows: list[Any]) -> Any | None:  # noqa: ANN401 - a named tuple of the statement's columns
    return rows[0] if rows else None
