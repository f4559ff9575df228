"""Login sessions in SQL; revocation is one set-based UPDATE over live rows."""

from __future__ import annotations

from datetime import datetime
from uuid import UUID

from sqlalchemy import ColumnElement, func, select, update

from adapters.sqlalchemy.fast_path.statements import (
    INSERT_SESSION,
    SAVE_SESSION,
    SESSION_BY_ID,
    parameters,
)
from adapters.sqlalchemy.in_transaction import InTransaction
from adapters.sqlalchemy.pruning import prune_login_sessions
from adapters.sqlalchemy.row_mapping import login_session_columns, login_session_from_row
from adapters.sqlalchemy.rows import LoginSessionRow, UserRow
from adapters.sqlalchemy.statement_results import affected_rows
from decision_core.login.retention import PrunedSessions, Retention
from decision_core.login.revocation import SessionSelector
from decision_core.login.sessions import ActiveUser, LoginSession, RevokeReason
from decision_core.ports.login import LoginSessionRepository


def live_at(now: datetime) -> list[ColumnElement[bool]]:
    """``LoginSession.is_live(now)`` as SQL over the stored deadline columns."""
    return [
        LoginSessionRow.revoked_at.is_(None),
        LoginSessionRow.absolute_expires_at > now,
        LoginSessionRow.idle_expires_at > now,
    ]


def selected_by(selector: SessionSelector, now: datetime) -> list[ColumnElement[bool]]:
    """``SessionSelector.matches(session, now)`` as SQL: the same fields, the same rule."""
    criteria = [LoginSessionRow.account_id == selector.account_id, *live_at(now)]
    if selector.sid is not None:
        criteria.append(LoginSessionRow.id == selector.sid)
    if selector.user_id is not None:
        criteria.append(LoginSessionRow.user_id == selector.user_id)
    if selector.except_user_id is not None:
        criteria.append(LoginSessionRow.user_id != selector.except_user_id)
    if selector.except_sid is not None:
        criteria.append(LoginSessionRow.id != selector.except_sid)
    return criteria


class SqlAlchemyLoginSessions(InTransaction, LoginSessionRepository):
    """The ``login_sessions`` table."""

    def add(self, session: LoginSession) -> None:
        """Insert a new login session with its derived deadlines."""
        self._transaction.write(INSERT_SESSION, login_session_columns(session))

    def get(self, sid: UUID) -> LoginSession | None:
        """The session, or ``None``."""
        row = self._transaction.first(SESSION_BY_ID, {"p_id": sid})
        return None if row is None else login_session_from_row(row)

    def save(self, session: LoginSession) -> None:
        """Replace the stored session, except that a revocation is never undone.

        A rotation saves the session it read before a concurrent bulk
        revocation committed; writing its ``revoked_at = NULL`` back would
        resurrect the session. So the stored revocation, if any, wins.
        """
        columns = parameters(login_session_columns(session))
        self._transaction.write(SAVE_SESSION, columns)

    def mark_reauthenticated(self, sid: UUID, at: datetime) -> None:
        """One UPDATE of the unindexed ``reauthenticated_at`` (a HOT update on PostgreSQL)."""
        self._session.execute(
            update(LoginSessionRow).where(LoginSessionRow.id == sid).values(reauthenticated_at=at)
        )

    def live_for_user(self, user_id: UUID, now: datetime) -> list[LoginSession]:
        """The user's live sessions, most recently used first."""
        query = (
            select(LoginSessionRow)
            .where(LoginSessionRow.user_id == user_id, *live_at(now))
            .order_by(LoginSessionRow.last_used_at.desc(), LoginSessionRow.id.desc())
        )
        return [login_session_from_row(row) for row in self._session.scalars(query)]

    def active_users(self, account_id: UUID, now: datetime) -> list[ActiveUser]:
        """Users of the account with a live session, latest sign-in first."""
        holders = select(LoginSessionRow.user_id).where(
            LoginSessionRow.account_id == account_id, *live_at(now)
        )
        query = (
            select(UserRow)
            .where(UserRow.id.in_(holders))
            .order_by(UserRow.last_login_at.desc().nulls_last(), UserRow.id)
        )
        return [
            ActiveUser(row.id, row.name, row.email, row.last_login_at)
            for row in self._session.scalars(query)
        ]

    def count_live(self, selector: SessionSelector, now: datetime) -> int:
        """One COUNT over the rows ``revoke_live`` would update."""
        query = select(func.count()).select_from(LoginSessionRow).where(*selected_by(selector, now))
        return self._session.execute(query).scalar_one()

    def revoke_live(
        self,
        selector: SessionSelector,
        now: datetime,
        reason: RevokeReason,
        *,
        limit: int | None = None,
    ) -> int:
        """One UPDATE over the live sessions ``selector`` picks; a repeat matches none.

        With ``limit``, a batch: the UPDATE takes the ids of at most ``limit``
        selected sessions from a subquery (``UPDATE ... WHERE id IN (SELECT id
        ... LIMIT n)``, which SQLite and PostgreSQL both accept) and checks
        ``revoked_at IS NULL`` again, so a session that a concurrent revocation
        ended meanwhile is neither counted nor given a second reason.
        """
        criteria = selected_by(selector, now)
        if limit is not None:
            batch = select(LoginSessionRow.id).where(*criteria).limit(limit)
            # A selected session can leave the selection only by being revoked: its account and
            # user never change, and a refresh only moves its deadlines later.
            criteria = [
                LoginSessionRow.id.in_(batch.scalar_subquery()),
                LoginSessionRow.revoked_at.is_(None),
            ]
        result = self._session.execute(
            update(LoginSessionRow)
            .where(*criteria)
            .values(revoked_at=now, revoke_reason=reason.value)
        )
        return affected_rows(result)

    def prune(self, retention: Retention, limit: int) -> PrunedSessions:
        """A few bounded DELETEs (see :func:`.pruning.prune_login_sessions`)."""
        return prune_login_sessions(self._session, retention, limit)
