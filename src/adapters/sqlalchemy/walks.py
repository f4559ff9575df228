"""Troubleshooting sessions in SQL, one row per walk."""

from __future__ import annotations

from datetime import datetime
from uuid import UUID

from sqlalchemy import ColumnElement, and_, func, insert, or_, select

from adapters.sqlalchemy.hot_statements import (
    SAVE_WALK,
    WALK_BY_ID,
    WALK_BY_ID_FOR_UPDATE,
    parameters,
)
from adapters.sqlalchemy.rows import TroubleshootingSessionRow
from adapters.sqlalchemy.transaction import InTransaction
from adapters.sqlalchemy.tree_mapping import session_columns, session_from_row
from decision_core.ports.trees import TroubleshootingSessionRepository
from decision_core.trees.walk_listing import SessionPage, SessionQuery
from decision_core.trees.walks import TroubleshootingSession, WalkStatus

# The id breaks ties between walks started at the same instant, so pages are stable.
_NEWEST_FIRST = (TroubleshootingSessionRow.started_at.desc(), TroubleshootingSessionRow.id.desc())


class SqlAlchemyTroubleshootingSessions(InTransaction, TroubleshootingSessionRepository):
    """The ``troubleshooting_sessions`` table."""

    def add(self, session: TroubleshootingSession) -> None:
        """Insert a new walk."""
        self._session.execute(insert(TroubleshootingSessionRow).values(session_columns(session)))

    def get(self, session_id: UUID, *, for_update: bool = False) -> TroubleshootingSession | None:
        """The walk, or ``None``; ``for_update`` locks its row until the transaction ends.

        A walk is read, changed and saved whole, so two operations at once (a
        double click, two tabs) must not both start from the same state: on
        PostgreSQL the second waits here and then reads the first one's result.
        SQLite ignores FOR UPDATE; its write transactions are serial anyway.
        """
        query = WALK_BY_ID_FOR_UPDATE if for_update else WALK_BY_ID
        row = self._transaction.first(query, {"p_id": session_id})
        return None if row is None else session_from_row(row)

    def save(self, session: TroubleshootingSession) -> None:
        """Replace the stored walk."""
        self._transaction.write(SAVE_WALK, parameters(session_columns(session)))

    def matching(
        self,
        account_id: UUID,
        *,
        user_id: UUID | None = None,
        tree_id: UUID | None = None,
        status: WalkStatus | None = None,
    ) -> list[TroubleshootingSession]:
        """Every walk of the account matching every filter given, newest first."""
        filters = SessionQuery(user_id=user_id, tree_id=tree_id, status=status)
        query = select(TroubleshootingSessionRow).where(*_criteria(account_id, filters))
        rows = self._session.scalars(query.order_by(*_NEWEST_FIRST))
        return [session_from_row(found) for found in rows]

    def page(self, account_id: UUID, query: SessionQuery) -> SessionPage:
        """One page of the matching walks and their count, both from the database."""
        criteria = _criteria(account_id, query)
        row = TroubleshootingSessionRow
        total = self._session.scalar(select(func.count()).select_from(row).where(*criteria))
        rows = self._session.scalars(
            select(row)
            .where(*criteria)
            .order_by(*_NEWEST_FIRST)
            .limit(query.limit)
            .offset(query.offset)
        )
        return SessionPage(items=tuple(session_from_row(found) for found in rows), total=total or 0)

    def count_started_since(self, account_id: UUID, since: datetime | None) -> int:
        """One COUNT over the account's walks started at or after ``since``."""
        query = select(func.count()).select_from(TroubleshootingSessionRow)
        return self._session.scalars(query.where(*_started_since(account_id, since))).one()

    def oldest_first_after(
        self,
        account_id: UUID,
        *,
        since: datetime | None,
        after: tuple[datetime, UUID] | None,
        limit: int,
    ) -> list[TroubleshootingSession]:
        """One keyset page in ``(started_at, id)`` order, served by the account index."""
        row = TroubleshootingSessionRow
        query = select(row).where(*_started_since(account_id, since))
        if after is not None:
            started_at, walk_id = after
            query = query.where(
                or_(
                    row.started_at > started_at,
                    and_(row.started_at == started_at, row.id > walk_id),
                )
            )
        query = query.order_by(row.started_at, row.id).limit(limit)
        return [session_from_row(found) for found in self._session.scalars(query)]


def _started_since(account_id: UUID, since: datetime | None) -> list[ColumnElement[bool]]:
    criteria = [TroubleshootingSessionRow.account_id == account_id]
    if since is not None:
        criteria.append(TroubleshootingSessionRow.started_at >= since)
    return criteria


def _criteria(account_id: UUID, query: SessionQuery) -> list[ColumnElement[bool]]:
    row = TroubleshootingSessionRow
    criteria = [row.account_id == account_id]
    if query.user_id is not None:
        criteria.append(row.user_id == query.user_id)
    if query.tree_id is not None:
        criteria.append(row.tree_id == query.tree_id)
    if query.status is not None:
        criteria.append(row.status == query.status.value)
    return criteria
