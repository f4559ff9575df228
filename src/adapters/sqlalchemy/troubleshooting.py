"""Troubleshooting sessions in SQL, one row per walk."""

from __future__ import annotations

from uuid import UUID

from sqlalchemy import insert, select, update
from sqlalchemy.orm import Session

from adapters.sqlalchemy.rows import TroubleshootingSessionRow
from adapters.sqlalchemy.tree_mapping import session_columns, session_from_row
from decision_core.ports import TroubleshootingSessionRepository
from decision_core.trees.walks import TroubleshootingSession, WalkStatus


class SqlAlchemyTroubleshootingSessions(TroubleshootingSessionRepository):
    """The ``troubleshooting_sessions`` table."""

    def __init__(self, session: Session) -> None:
        """Work inside ``session``'s transaction."""
        self._session = session

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
        query = select(TroubleshootingSessionRow).where(TroubleshootingSessionRow.id == session_id)
        if for_update:
            query = query.with_for_update()
        row = self._session.scalars(query).first()
        return None if row is None else session_from_row(row)

    def save(self, session: TroubleshootingSession) -> None:
        """Replace the stored walk."""
        columns = session_columns(session)
        del columns["id"]
        self._session.execute(
            update(TroubleshootingSessionRow)
            .where(TroubleshootingSessionRow.id == session.id)
            .values(columns)
        )

    def matching(
        self,
        account_id: UUID,
        *,
        user_id: UUID | None = None,
        tree_id: UUID | None = None,
        status: WalkStatus | None = None,
    ) -> list[TroubleshootingSession]:
        """The account's walks matching every filter given, newest first."""
        row = TroubleshootingSessionRow
        query = select(row).where(row.account_id == account_id)
        if user_id is not None:
            query = query.where(row.user_id == user_id)
        if tree_id is not None:
            query = query.where(row.tree_id == tree_id)
        if status is not None:
            query = query.where(row.status == status.value)
        query = query.order_by(row.started_at.desc(), row.id.desc())
        return [session_from_row(found) for found in self._session.scalars(query)]
