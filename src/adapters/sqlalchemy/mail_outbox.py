"""The mail outbox in SQL: a queue that several drainers share without taking turns.

Its row is declared here rather than in ``rows`` (on the same ``RowBase``):
the outbox is read and written only by this repository.
"""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

from sqlalchemy import Index, String, func, insert, select, update
from sqlalchemy.orm import Mapped, mapped_column

from adapters.sqlalchemy.in_transaction import InTransaction
from adapters.sqlalchemy.rows import RowBase
from decision_core.identity import EMAIL_MAX_LENGTH
from decision_core.mail import ClaimedMail, DeliveryFailure, OutgoingMail
from decision_core.ports.mail import Outbox


class OutboxRow(RowBase):
    """A message owed; ``due_at`` is when it may be claimed next, ``NULL`` once settled.

    Settled (sent or given up) rows keep ``NULL`` in ``due_at``, so the claim's
    range scan of ``ix_mail_outbox_due_at`` never reads them, however many pile up.
    """

    __tablename__ = "mail_outbox"
    __table_args__ = (Index("ix_mail_outbox_due_at", "due_at"),)

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True)
    recipient: Mapped[str] = mapped_column(String(EMAIL_MAX_LENGTH))
    template: Mapped[str] = mapped_column(String(64))
    template_values: Mapped[dict[str, Any]]
    created_at: Mapped[datetime]
    due_at: Mapped[datetime | None]
    attempts: Mapped[int]
    sent_at: Mapped[datetime | None]
    gave_up_at: Mapped[datetime | None]
    last_error: Mapped[str | None] = mapped_column(String())


def _unsettled(mail_id: uuid.UUID) -> Any:  # noqa: ANN401 - a SQL condition
    return (OutboxRow.id == mail_id) & OutboxRow.due_at.is_not(None)


class SqlAlchemyOutbox(InTransaction, Outbox):
    """The ``mail_outbox`` table."""

    def add(self, mail: OutgoingMail) -> None:
        """Insert ``mail``, due at its creation."""
        self._session.execute(
            insert(OutboxRow).values(
                id=mail.id,
                recipient=mail.to,
                template=mail.template,
                template_values=dict(mail.values),
                created_at=mail.created_at,
                due_at=mail.created_at,
                attempts=0,
            )
        )

    def claim_due(self, now: datetime, *, lease_until: datetime, limit: int) -> list[ClaimedMail]:
        """One UPDATE of the oldest due rows ... RETURNING them.

        On PostgreSQL the rows are picked ``FOR UPDATE SKIP LOCKED``: a
        concurrent claim takes the next rows instead of waiting for these and
        then finding them leased. SQLite has no such clause and needs none:
        its transactions write one at a time.
        """
        due = (
            select(OutboxRow.id)
            .where(OutboxRow.due_at <= now)
            .order_by(OutboxRow.due_at, OutboxRow.id)
            .limit(limit)
            .with_for_update(skip_locked=True)
        )
        claim = (
            update(OutboxRow)
            .where(OutboxRow.id.in_(due.scalar_subquery()))
            .values(due_at=lease_until, attempts=OutboxRow.attempts + 1)
            .returning(
                OutboxRow.id,
                OutboxRow.recipient,
                OutboxRow.template,
                OutboxRow.template_values,
                OutboxRow.created_at,
                OutboxRow.attempts,
            )
        )
        rows = self._session.execute(claim).all()
        claimed = [
            ClaimedMail(
                mail=OutgoingMail(
                    id=row.id,
                    to=row.recipient,
                    template=row.template,
                    values=row.template_values,
                    created_at=row.created_at,
                ),
                attempt=row.attempts,
            )
            for row in rows
        ]
        # RETURNING keeps no order: oldest first, as claimed.
        return sorted(claimed, key=lambda c: (c.mail.created_at, str(c.mail.id)))

    def mark_sent(self, mail_id: uuid.UUID, at: datetime) -> None:
        """Settle the row as sent and erase its values, unless it is settled already."""
        self._session.execute(
            update(OutboxRow)
            .where(_unsettled(mail_id))
            .values(due_at=None, sent_at=at, template_values={})
        )

    def record_failure(self, mail_id: uuid.UUID, failure: DeliveryFailure) -> None:
        """Due again at the failure's retry time, or settled as given up, values erased."""
        values: dict[str, Any] = {"due_at": failure.retry_at, "last_error": failure.error}
        if failure.gave_up:
            values |= {"gave_up_at": failure.at, "template_values": {}}
        self._session.execute(update(OutboxRow).where(_unsettled(mail_id)).values(values))

    def count_unsent(self) -> int:
        """Rows not yet settled."""
        query = select(func.count()).select_from(OutboxRow).where(OutboxRow.due_at.is_not(None))
        return int(self._session.execute(query).scalar_one())
