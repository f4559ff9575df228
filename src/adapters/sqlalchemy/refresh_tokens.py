"""Refresh tokens in SQL, with the one-statement atomic consume.

The rotation path runs prebuilt statements on the fast path
(:mod:`adapters.sqlalchemy.fast_path`).
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import select

from adapters.sqlalchemy.fast_path.statements import (
    CONSUME_PLANNED,
    CONSUME_TOKEN,
    INSERT_TOKEN,
    MARK_SESSION_USED,
    ROTATE_IN_ONE_STATEMENT,
    SESSION_BY_ID,
    USER_BY_ID,
)
from adapters.sqlalchemy.in_transaction import InTransaction
from adapters.sqlalchemy.pruning import prune_refresh_tokens
from adapters.sqlalchemy.row_mapping import (
    login_session_from_row,
    refresh_token_columns,
    refresh_token_from_row,
    user_from_row,
)
from adapters.sqlalchemy.rows import LoginSessionRow, RefreshTokenRow
from decision_core.identity import User
from decision_core.login.refresh import RotationPlan
from decision_core.login.retention import Retention
from decision_core.login.sessions import (
    ConsumeOutcome,
    LoginSession,
    RefreshTokenRecord,
    TokenConsumed,
    TokenNotLive,
)
from decision_core.ports.login import RefreshTokenRepository


class SqlAlchemyRefreshTokens(InTransaction, RefreshTokenRepository):
    """The ``refresh_tokens`` table."""

    def add(self, token: RefreshTokenRecord) -> None:
        """Insert a newly minted token."""
        self._transaction.write(INSERT_TOKEN, refresh_token_columns(token))

    def consume_if_live(self, jti: str, now: datetime) -> ConsumeOutcome:
        """Consume ``jti`` with one conditional UPDATE ... RETURNING.

        Its WHERE is ``RefreshTokenRecord.is_consumable_in`` in SQL
        (``CONSUME_TOKEN``). The database decides the race: of concurrent
        UPDATEs of one row only the first finds ``consumed_at IS NULL``
        (PostgreSQL re-checks the condition after waiting for the row lock;
        SQLite runs one writer at a time).
        """
        consumed = self._transaction.first(CONSUME_TOKEN, {"p_jti": jti, "p_now": now})
        if consumed is not None:
            token = refresh_token_from_row(consumed)
            # The UPDATE just saw this session, so it exists.
            session_row = self._transaction.first(SESSION_BY_ID, {"p_id": token.sid})
            return TokenConsumed(token=token, session=login_session_from_row(session_row))
        return self._why_not_live(jti)

    def rotate_if_live(self, plan: RotationPlan) -> User | None:
        """Carry out ``plan`` if it holds: one statement on PostgreSQL, four on SQLite.

        The statements write only while ``RotationPlan.holds_for`` the stored
        token, session and user (``CONSUME_PLANNED``'s WHERE). SQLite has no
        data-modifying CTEs, so there the steps run one after another; either
        way in the unit of work's transaction, which its commit makes durable.
        """
        values = _plan_values(plan)
        transaction = self._transaction
        if transaction.dialect_name == "postgresql":
            row = transaction.first(ROTATE_IN_ONE_STATEMENT, values)
            return None if row is None else user_from_row(row)
        if transaction.first(CONSUME_PLANNED, values) is None:
            return None
        transaction.write(INSERT_TOKEN, refresh_token_columns(plan.successor))
        transaction.write(MARK_SESSION_USED, values)
        # The consume just saw this active user.
        return user_from_row(transaction.first(USER_BY_ID, {"p_id": plan.user_id}))

    def _login_session(self, token: RefreshTokenRecord) -> LoginSession | None:
        query = select(LoginSessionRow).where(LoginSessionRow.id == token.sid)
        row = self._session.scalars(query).first()
        return None if row is None else login_session_from_row(row)

    def _why_not_live(self, jti: str) -> TokenNotLive:
        # Only the losing path reads more: the token, its session, its successor.
        row = self._session.scalars(
            select(RefreshTokenRow).where(RefreshTokenRow.jti == jti)
        ).first()
        if row is None:
            return TokenNotLive(token=None, session=None)
        token = refresh_token_from_row(row)
        session = self._login_session(token)
        if session is None:
            return TokenNotLive(token=token, session=None)
        successor = self._session.scalars(
            select(RefreshTokenRow)
            .where(RefreshTokenRow.parent_jti == jti)
            .order_by(RefreshTokenRow.issued_at, RefreshTokenRow.jti)
            .limit(1)
        ).first()
        return TokenNotLive(
            token=token,
            session=session,
            successor=None if successor is None else refresh_token_from_row(successor),
        )

    def prune(self, retention: Retention, limit: int) -> int:
        """One bounded DELETE (see :func:`.pruning.prune_refresh_tokens`)."""
        return prune_refresh_tokens(self._session, retention, limit)


def _plan_values(plan: RotationPlan) -> dict[str, Any]:
    """The parameters of the rotation statements (each takes the ones it names)."""
    return {
        "p_jti": plan.jti,
        "p_now": plan.now,
        "p_sid": plan.sid,
        "p_user_id": plan.user_id,
        "p_idle_max": plan.snapshot.idle_max,
        "p_successor_jti": plan.successor.jti,
        "p_last_used_at": plan.last_used_at,
        "p_idle_expires_at": plan.idle_expires_at,
        "p_user_agent": plan.user_agent,
        "p_ip": plan.ip,
    }
