"""A unit of work over one SQLAlchemy Session: one transaction per ``with``."""

from __future__ import annotations

from types import TracebackType
from typing import Self

from sqlalchemy import Engine, event
from sqlalchemy.orm import ORMExecuteState, Session

from adapters.sqlalchemy.audit import SqlAlchemyAuditLog, SqlAlchemyLoginFailures
from adapters.sqlalchemy.batch_jobs import SqlAlchemyBatchJobs
from adapters.sqlalchemy.identity import SqlAlchemyAccounts, SqlAlchemyInvites, SqlAlchemyUsers
from adapters.sqlalchemy.login_sessions import SqlAlchemyLoginSessions
from adapters.sqlalchemy.refresh_tokens import SqlAlchemyRefreshTokens
from adapters.sqlalchemy.trees import SqlAlchemyTrees
from adapters.sqlalchemy.troubleshooting import SqlAlchemyTroubleshootingSessions
from decision_core.ports import UnitOfWork


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


class SqlAlchemyUnitOfWork(UnitOfWork):
    """One database transaction: rolled back on exit unless :meth:`commit` ran.

    Cheap to create: use one per use-case call and per thread, e.g.
    ``lambda: SqlAlchemyUnitOfWork(engine)``. The engine's pool is shared.
    """

    def __init__(self, engine: Engine) -> None:
        """A unit of work on ``engine``; enter it to begin a transaction."""
        self._engine = engine
        self._session: Session | None = None
        self.committed = False

    def __enter__(self) -> Self:
        """Open a fresh Session; its transaction begins with the first statement."""
        session = RowReadingSession(bind=self._engine, autoflush=False, expire_on_commit=False)
        self._session = session
        self.committed = False
        self.accounts = SqlAlchemyAccounts(session)
        self.users = SqlAlchemyUsers(session)
        self.invites = SqlAlchemyInvites(session)
        self.login_sessions = SqlAlchemyLoginSessions(session)
        self.refresh_tokens = SqlAlchemyRefreshTokens(session)
        self.login_failures = SqlAlchemyLoginFailures(session)
        self.audit = SqlAlchemyAuditLog(session)
        self.trees = SqlAlchemyTrees(session)
        self.troubleshooting_sessions = SqlAlchemyTroubleshootingSessions(session)
        self.batch_jobs = SqlAlchemyBatchJobs(session)
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        """Roll back whatever was not committed and return the connection to the pool."""
        session, self._session = self._open_session(), None
        try:
            session.rollback()
        finally:
            session.close()

    def commit(self) -> None:
        """Commit the transaction; later statements in this ``with`` start a new one."""
        self._open_session().commit()
        self.committed = True

    def _open_session(self) -> Session:
        if self._session is None:
            msg = "enter the unit of work (`with uow:`) before using it"
            raise RuntimeError(msg)
        return self._session
