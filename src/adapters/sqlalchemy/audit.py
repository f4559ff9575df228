"""The audit trail and sign-in failures in SQL."""

from __future__ import annotations

import hashlib
from datetime import datetime
from typing import Final
from uuid import UUID

from sqlalchemy import or_, select

from adapters.sqlalchemy.fast_path.statements import (
    CLEAR_FAILURES,
    HOLD_FAILURE_PAIR,
    INSERT_AUDIT_EVENT,
    RECENT_FAILURES,
    RECORD_FAILURE,
)
from adapters.sqlalchemy.in_transaction import InTransaction
from adapters.sqlalchemy.row_mapping import audit_event_columns, audit_event_from_row
from adapters.sqlalchemy.rows import AuditEventRow
from decision_core.audit import AuditCursor, AuditEvent
from decision_core.ports.audit import AuditLog
from decision_core.ports.login import LoginFailureRepository

# The first key of every throttle lock (pg_advisory_xact_lock's two-key form); the
# second is the pair's hash. Any fixed number would do: this one spells "thrt".
THROTTLE_LOCK_NAMESPACE: Final = 0x74687274


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
    """The ``login_failures`` table; its ids number each pair's failures in order."""

    def hold(self, email_key: str, address: str) -> None:
        """On PostgreSQL, a transaction-scoped advisory lock on the pair.

        There is no row to lock before a pair's first failure. SQLite needs
        nothing: its write transactions run one at a time (BEGIN IMMEDIATE).
        """
        if self._transaction.dialect_name != "postgresql":
            return
        values = {
            "p_namespace": THROTTLE_LOCK_NAMESPACE,
            "p_pair": _pair_lock_key(email_key, address),
        }
        self._transaction.first(HOLD_FAILURE_PAIR, values)

    def recent(self, email_key: str, address: str, since: datetime) -> list[datetime]:
        """When this pair's failures after ``since`` happened, oldest first."""
        values = {"p_email_key": email_key, "p_address": address, "p_since": since}
        return [row.at for row in self._transaction.rows(RECENT_FAILURES, values)]

    def record(self, email_key: str, address: str, at: datetime) -> int:
        """Insert one failure; its id.

        Held pairs make a pair's ids grow in commit order on PostgreSQL; SQLite
        gives a new row the greatest id so far plus one.
        """
        values = {"p_email_key": email_key, "p_address": address, "p_at": at}
        (row,) = self._transaction.rows(RECORD_FAILURE, values)
        return int(row.id)

    def clear(self, email_key: str, address: str, *, through: int) -> None:
        """Delete this pair's failures with ids up to ``through``."""
        values = {"p_email_key": email_key, "p_address": address, "p_through": through}
        self._transaction.write(CLEAR_FAILURES, values)


def _pair_lock_key(email_key: str, address: str) -> int:
    """The pair as a signed 32-bit advisory-lock key; a rare clash only makes two pairs wait."""
    digest = hashlib.blake2b(f"{email_key}\0{address}".encode(), digest_size=4).digest()
    return int.from_bytes(digest, "big", signed=True)
