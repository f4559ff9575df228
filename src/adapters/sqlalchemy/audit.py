"""The audit trail and sign-in failures in SQL."""

from __future__ import annotations

from datetime import datetime
from uuid import UUID

from sqlalchemy import insert, or_, select

from adapters.sqlalchemy.hot_statements import CLEAR_FAILURES, INSERT_AUDIT_EVENT, RECENT_FAILURES
from adapters.sqlalchemy.row_mapping import audit_event_columns, audit_event_from_row
from adapters.sqlalchemy.rows import AuditEventRow, LoginFailureRow
from adapters.sqlalchemy.transaction import InTransaction
from decision_core.audit import AuditCursor, AuditEvent
from decision_core.ports import AuditLog, LoginFailureRepository


class SqlAlchemyAuditLog(InTransaction, AuditLog):
    """The append-only ``audit_events`` table."""

    def append(self, event: AuditEvent) -> None:
        """Insert one event."""
        self._transaction.write(INSERT_AUDIT_EVENT, audit_event_columns(event))

    def page(
        self, account_id: UUID, *, action: str | None, before: AuditCursor | None, limit: int
    ) -> list[AuditEvent]:
        """Newest first by (at, id), strictly before ``before``: keyset paging.

        UUIDs order the same as their text on both databases (bytes on
        PostgreSQL, lowercase hex on SQLite), which is how the core's cursor
        breaks ties between events of the same instant.
        """
        query = select(AuditEventRow).where(AuditEventRow.account_id == account_id)
        if action is not None:
            query = query.where(AuditEventRow.action == action)
        if before is not None:
            query = query.where(
                or_(
                    AuditEventRow.at < before.at,
                    (AuditEventRow.at == before.at) & (AuditEventRow.id < before.id),
                )
            )
        query = query.order_by(AuditEventRow.at.desc(), AuditEventRow.id.desc()).limit(limit)
        return [audit_event_from_row(row) for row in self._session.scalars(query)]


class SqlAlchemyLoginFailures(InTransaction, LoginFailureRepository):
    """The ``login_failures`` table."""

    def recent(self, email_key: str, address: str, since: datetime) -> list[datetime]:
        """When this pair's failures after ``since`` happened, oldest first."""
        values = {"p_email_key": email_key, "p_address": address, "p_since": since}
        return [row.at for row in self._transaction.rows(RECENT_FAILURES, values)]

    def record(self, email_key: str, address: str, at: datetime) -> None:
        """Insert one failure."""
        self._session.execute(
            insert(LoginFailureRow).values(email_key=email_key, address=address, at=at)
        )

    def clear(self, email_key: str, address: str) -> None:
        """Delete this pair's failures."""
        self._transaction.write(CLEAR_FAILURES, {"p_email_key": email_key, "p_address": address})
