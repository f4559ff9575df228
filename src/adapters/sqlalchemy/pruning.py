"""Pruning of login sessions and refresh tokens in SQL: each call is a few bounded statements.

The repositories of :mod:`.login_sessions` and :mod:`.refresh_tokens` call
these; they live apart because they are the batch jobs' SQL, not the request
path's. The conditions are :class:`decision_core.login.retention.Retention` as SQL,
the same rules over the stored columns (as ``live_at`` mirrors
``LoginSession.is_live``).
"""

from __future__ import annotations

from sqlalchemy import BigInteger, ColumnElement, and_, delete, or_, select
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.orm import Session
from sqlalchemy.sql.compiler import SQLCompiler
from sqlalchemy.sql.functions import FunctionElement

from adapters.sqlalchemy.rows import LoginSessionRow, RefreshTokenRow
from adapters.sqlalchemy.statement_results import affected_rows
from decision_core.clock import unix_seconds
from decision_core.login.retention import PrunedSessions, Retention


def finished_by(retention: Retention) -> ColumnElement[bool]:
    """``Retention.may_delete_session`` as SQL: revoked, or else idle-expired, by the cutoff."""
    row = LoginSessionRow
    return or_(
        and_(row.revoked_at.is_not(None), row.revoked_at <= retention.cutoff),
        and_(row.revoked_at.is_(None), row.idle_expires_at <= retention.cutoff),
    )


def expired_by(retention: Retention) -> ColumnElement[bool]:
    """``Retention.may_delete_token`` as SQL, over a join of tokens with their sessions."""
    expires = WholeEpochSeconds(RefreshTokenRow.issued_at) + LoginSessionRow.idle_max
    return expires <= unix_seconds(retention.cutoff)


class WholeEpochSeconds(FunctionElement[int]):
    """A timestamp column in whole Unix seconds, rounded down, as JWT times are.

    Neither database has a portable spelling: PostgreSQL's epoch keeps the
    fraction, and SQLite's ``strftime('%s')`` rounds its text to milliseconds
    first (``...:00.999999`` becomes the next second), so its fraction is cut
    off as text.
    """

    type = BigInteger()
    inherit_cache = True


@compiles(WholeEpochSeconds, "postgresql")
def _whole_epoch_seconds_postgresql(
    element: WholeEpochSeconds, compiler: SQLCompiler, **kw: object
) -> str:
    return f"FLOOR(EXTRACT(EPOCH FROM {compiler.process(element.clauses, **kw)}))"


@compiles(WholeEpochSeconds, "sqlite")
def _whole_epoch_seconds_sqlite(
    element: WholeEpochSeconds, compiler: SQLCompiler, **kw: object
) -> str:
    # SQLAlchemy stores SQLite timestamps as 'YYYY-MM-DD HH:MM:SS.ffffff'.
    return (
        f"CAST(STRFTIME('%s', SUBSTR({compiler.process(element.clauses, **kw)}, 1, 19)) AS INTEGER)"
    )


def prune_login_sessions(session: Session, retention: Retention, limit: int) -> PrunedSessions:
    """Pick up to ``limit`` finished login sessions; delete their tokens, then them.

    Both DELETEs repeat the condition, so a row that changed since the
    pick (none can come back to life, but the database is the judge) stays.
    """
    picked = list(
        session.scalars(select(LoginSessionRow.id).where(finished_by(retention)).limit(limit))
    )
    if not picked:
        return PrunedSessions(sessions=0, tokens=0)
    doomed = and_(LoginSessionRow.id.in_(picked), finished_by(retention))
    tokens = session.execute(
        delete(RefreshTokenRow).where(
            RefreshTokenRow.sid.in_(select(LoginSessionRow.id).where(doomed))
        )
    )
    sessions = session.execute(delete(LoginSessionRow).where(doomed))
    return PrunedSessions(sessions=affected_rows(sessions), tokens=affected_rows(tokens))


def prune_refresh_tokens(session: Session, retention: Retention, limit: int) -> int:
    """One DELETE of up to ``limit`` tokens whose ``exp`` is at or before the cutoff."""
    doomed = (
        select(RefreshTokenRow.jti)
        .join(LoginSessionRow, LoginSessionRow.id == RefreshTokenRow.sid)
        .where(expired_by(retention))
        .limit(limit)
    )
    result = session.execute(delete(RefreshTokenRow).where(RefreshTokenRow.jti.in_(doomed)))
    return affected_rows(result)
