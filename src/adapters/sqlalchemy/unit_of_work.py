"""A unit of work over one database transaction: one per ``with``."""

from __future__ import annotations

import threading
from collections.abc import Callable
from types import TracebackType
from typing import Self

from sqlalchemy import Engine

from adapters.sqlalchemy.audit import SqlAlchemyAuditLog, SqlAlchemyLoginFailures
from adapters.sqlalchemy.batch_jobs import SqlAlchemyBatchJobs
from adapters.sqlalchemy.identity import SqlAlchemyAccounts, SqlAlchemyInvites, SqlAlchemyUsers
from adapters.sqlalchemy.login_sessions import SqlAlchemyLoginSessions
from adapters.sqlalchemy.refresh_tokens import SqlAlchemyRefreshTokens
from adapters.sqlalchemy.transaction import Transaction
from adapters.sqlalchemy.trees import SqlAlchemyTrees
from adapters.sqlalchemy.troubleshooting import SqlAlchemyTroubleshootingSessions
from decision_core.ports import UnitOfWork


class SqlAlchemyUnitOfWork(UnitOfWork):
    """One database transaction: rolled back on exit unless :meth:`commit` ran.

    Cheap to create: use one per use-case call and per thread, as
    :func:`unit_of_work_factory` makes them. The engine's pool is shared.
    ``turn``, when given, is held from entering to leaving, so that units of
    work sharing it run one at a time.
    """

    def __init__(self, engine: Engine, *, turn: threading.Lock | None = None) -> None:
        """A unit of work on ``engine``; enter it to begin a transaction."""
        self._engine = engine
        self._turn = turn
        self._transaction: Transaction | None = None
        self.committed = False

    def __enter__(self) -> Self:
        """Begin a transaction; the connection is checked out at the first statement."""
        if self._turn is not None:
            self._turn.acquire()
        transaction = Transaction(self._engine)
        self._transaction = transaction
        self.committed = False
        self.accounts = SqlAlchemyAccounts(transaction)
        self.users = SqlAlchemyUsers(transaction)
        self.invites = SqlAlchemyInvites(transaction)
        self.login_sessions = SqlAlchemyLoginSessions(transaction)
        self.refresh_tokens = SqlAlchemyRefreshTokens(transaction)
        self.login_failures = SqlAlchemyLoginFailures(transaction)
        self.audit = SqlAlchemyAuditLog(transaction)
        self.trees = SqlAlchemyTrees(transaction)
        self.troubleshooting_sessions = SqlAlchemyTroubleshootingSessions(transaction)
        self.batch_jobs = SqlAlchemyBatchJobs(transaction)
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        """Roll back whatever was not committed and return the connection to the pool."""
        transaction, self._transaction = self._open_transaction(), None
        try:
            transaction.close()
        finally:
            if self._turn is not None:
                self._turn.release()

    def commit(self) -> None:
        """Commit the transaction; later statements in this ``with`` start a new one."""
        self._open_transaction().commit()
        self.committed = True

    def _open_transaction(self) -> Transaction:
        if self._transaction is None:
            msg = "enter the unit of work (`with uow:`) before using it"
            raise RuntimeError(msg)
        return self._transaction


def unit_of_work_factory(engine: Engine) -> Callable[[], SqlAlchemyUnitOfWork]:
    """Units of work on ``engine``, as a server should use them.

    Every SQLite transaction here holds the database's write lock from its
    first statement (see ``begin_immediately``), so this process's threads
    would queue in SQLite's busy handler, which polls with sleeps of up to
    100 ms: a request waited for milliseconds after the lock was free. The
    threads take turns on a lock of this process instead, which hands over at
    once; other processes on the same file still queue in the busy handler.
    PostgreSQL locks rows, not the database, so its units of work run side by side.
    """
    if not units_of_work_take_turns(engine):
        return lambda: SqlAlchemyUnitOfWork(engine)
    turn = threading.Lock()
    return lambda: SqlAlchemyUnitOfWork(engine, turn=turn)


def units_of_work_take_turns(engine: Engine) -> bool:
    """Whether this process's units of work on ``engine`` run one at a time (SQLite's do)."""
    return engine.dialect.name == "sqlite"
