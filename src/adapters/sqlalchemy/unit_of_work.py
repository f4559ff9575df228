"""A unit of work over one database transaction: one per ``with``."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from types import TracebackType
from typing import Final, Self

from sqlalchemy import Engine

from adapters.sqlalchemy.audit import SqlAlchemyAuditLog, SqlAlchemyLoginFailures
from adapters.sqlalchemy.fast_path.transaction import Transaction
from adapters.sqlalchemy.fast_path.turns import ConnectionSource, FromThePool, TakingTurns
from adapters.sqlalchemy.identity import SqlAlchemyAccounts, SqlAlchemyUsers
from adapters.sqlalchemy.invites import SqlAlchemyInvites
from adapters.sqlalchemy.login_sessions import SqlAlchemyLoginSessions
from adapters.sqlalchemy.mail_outbox import SqlAlchemyOutbox
from adapters.sqlalchemy.password_resets import SqlAlchemyPasswordResetTokens
from adapters.sqlalchemy.refresh_tokens import SqlAlchemyRefreshTokens
from adapters.sqlalchemy.trees import SqlAlchemyTrees
from adapters.sqlalchemy.two_factor import SqlAlchemySignInChallenges, SqlAlchemyTwoFactor
from adapters.sqlalchemy.walks import SqlAlchemyWalks
from decision_core.ports.unit_of_work import READ_ONLY_COMMIT, UnitOfWork

# Each repository under the name the UnitOfWork port gives it.
_REPOSITORIES: Final[Mapping[str, Callable[[Transaction], object]]] = {
    "accounts": SqlAlchemyAccounts,
    "users": SqlAlchemyUsers,
    "invites": SqlAlchemyInvites,
    "login_sessions": SqlAlchemyLoginSessions,
    "refresh_tokens": SqlAlchemyRefreshTokens,
    "login_failures": SqlAlchemyLoginFailures,
    "audit": SqlAlchemyAuditLog,
    "trees": SqlAlchemyTrees,
    "walks": SqlAlchemyWalks,
    "outbox": SqlAlchemyOutbox,
    "password_reset_tokens": SqlAlchemyPasswordResetTokens,
    "two_factor": SqlAlchemyTwoFactor,
    "sign_in_challenges": SqlAlchemySignInChallenges,
}


class SqlAlchemyUnitOfWork(UnitOfWork):
    """One database transaction: rolled back on exit unless :meth:`commit` ran.

    Cheap to create: use one per use-case call and per thread, as
    :func:`unit_of_work_factory` makes them. ``connections`` lends each its
    connection (the engine's pool by default) and may let in one unit of
    work at a time, from entering to leaving (see :mod:`.fast_path.turns`).
    """

    # Made on first use in each transaction (see __getattr__).
    accounts: SqlAlchemyAccounts
    users: SqlAlchemyUsers
    invites: SqlAlchemyInvites
    login_sessions: SqlAlchemyLoginSessions
    refresh_tokens: SqlAlchemyRefreshTokens
    login_failures: SqlAlchemyLoginFailures
    audit: SqlAlchemyAuditLog
    trees: SqlAlchemyTrees
    walks: SqlAlchemyWalks
    outbox: SqlAlchemyOutbox
    password_reset_tokens: SqlAlchemyPasswordResetTokens
    two_factor: SqlAlchemyTwoFactor
    sign_in_challenges: SqlAlchemySignInChallenges

    def __init__(self, engine: Engine, *, connections: ConnectionSource | None = None) -> None:
        """A unit of work on ``engine``; enter it to begin a transaction."""
        self._engine = engine
        self._connections = connections if connections is not None else FromThePool(engine)
        self._transaction: Transaction | None = None
        self._made: list[str] = []  # the repositories made in the open transaction
        self._reads_only = False
        self.committed = False

    def __enter__(self) -> Self:
        """Begin a transaction; the connection is checked out at the first statement."""
        self._connections.begin_turn()
        self._transaction = Transaction(
            self._engine, self._connections, reads_only=self._reads_only
        )
        self.committed = False
        return self

    def __getattr__(self, name: str) -> object:
        """A repository the use case reads, made on its first use in this transaction.

        A use case touches two or three of the eleven, so the others are never
        made (docs/benchmarks.md, "What each fast path buys").
        """
        make = _REPOSITORIES.get(name)
        if make is None:
            msg = f"{type(self).__name__!r} object has no attribute {name!r}"
            raise AttributeError(msg)
        repository = make(self._open_transaction())
        setattr(self, name, repository)
        self._made.append(name)
        return repository

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        """Roll back whatever was not committed and give the connection back."""
        transaction, self._transaction = self._open_transaction(), None
        for name in self._made:
            delattr(self, name)  # bound to this transaction: the next one makes its own
        self._made.clear()
        try:
            transaction.close()
        finally:
            self._connections.end_turn()

    def read_only(self) -> Self:
        """Only read from here on (the port's promise): no write lock, and no commit."""
        self._reads_only = True
        return self

    def commit(self) -> None:
        """Commit the transaction; later statements in this ``with`` start a new one."""
        if self._reads_only:
            raise RuntimeError(READ_ONLY_COMMIT)
        self._open_transaction().commit()
        self.committed = True

    def _open_transaction(self) -> Transaction:
        if self._transaction is None:
            msg = "enter the unit of work (`with uow:`) before using it"
            raise RuntimeError(msg)
        return self._transaction


class UnitsOfWork:
    """Units of work on one engine, as a server should use them; call it for a new one.

    Every SQLite transaction here holds the database's write lock from its
    first statement (see ``begin_immediately``), so this process's threads
    would queue in SQLite's busy handler, which polls with sleeps of up to
    100 ms: a request waited for milliseconds after the lock was free. The
    threads take turns on a lock of this process instead, which hands over at
    once, and keep one connection between turns (see :mod:`.fast_path.turns`);
    other processes on the same file still queue in the busy handler.
    PostgreSQL locks rows, not the database, so its units of work run side by
    side, each on a connection from the pool.
    """

    def __init__(self, engine: Engine) -> None:
        """Units of work on ``engine``."""
        self._engine = engine
        self._connections: TakingTurns | FromThePool = (
            TakingTurns(engine) if units_of_work_take_turns(engine) else FromThePool(engine)
        )

    def __call__(self) -> SqlAlchemyUnitOfWork:
        """A new unit of work; enter it to begin its transaction."""
        return SqlAlchemyUnitOfWork(self._engine, connections=self._connections)

    def close(self) -> None:
        """Give back the connection kept between turns, if any (before disposing the engine)."""
        self._connections.close()


def unit_of_work_factory(engine: Engine) -> UnitsOfWork:
    """Units of work on ``engine``, as a server should use them (see :class:`UnitsOfWork`)."""
    return UnitsOfWork(engine)


def units_of_work_take_turns(engine: Engine) -> bool:
    """Whether this process's units of work on ``engine`` run one at a time (SQLite's do)."""
    return engine.dialect.name == "sqlite"
