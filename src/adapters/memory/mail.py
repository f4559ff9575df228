"""The outbox in memory, and a mailer that keeps what it is given."""

from __future__ import annotations

from datetime import datetime
from uuid import UUID

import attrs

from adapters.memory.store import OutboxRecord, Tables
from decision_core.mail import ClaimedMail, DeliveryFailure, OutgoingMail
from decision_core.ports.mail import Mailer, Outbox


class MemoryOutbox(Outbox):
    """Outbox records in a dict; the unit of work's lock makes claims exclusive."""

    def __init__(self, tables: Tables) -> None:
        """Work on ``tables``."""
        self._tables = tables

    def add(self, mail: OutgoingMail) -> None:
        """Owe ``mail``, due at once."""
        self._tables.outbox[mail.id] = OutboxRecord(mail=mail, due_at=mail.created_at)

    def claim_due(self, now: datetime, *, lease_until: datetime, limit: int) -> list[ClaimedMail]:
        """The longest due records, each pushed to ``lease_until`` and counted as an attempt."""
        due = sorted(
            (r for r in self._tables.outbox.values() if r.due_at is not None and r.due_at <= now),
            key=lambda r: (r.due_at, str(r.mail.id)),
        )
        claimed: list[ClaimedMail] = []
        for record in due[:limit]:
            held = attrs.evolve(record, due_at=lease_until, attempts=record.attempts + 1)
            self._tables.outbox[record.mail.id] = held
            claimed.append(ClaimedMail(mail=record.mail, attempt=held.attempts))
        return sorted(claimed, key=lambda c: (c.mail.created_at, str(c.mail.id)))

    def mark_sent(self, mail_id: UUID, at: datetime) -> None:
        """Sent: no longer due, values erased; a record already settled stays."""
        record = self._unsettled(mail_id)
        if record is not None:
            erased = attrs.evolve(record.mail, values={})
            self._tables.outbox[mail_id] = attrs.evolve(
                record, mail=erased, due_at=None, sent_at=at
            )

    def record_failure(self, mail_id: UUID, failure: DeliveryFailure) -> None:
        """Due again at ``failure.retry_at``, or given up with its values erased."""
        record = self._unsettled(mail_id)
        if record is None:
            return
        settled = record.mail if not failure.gave_up else attrs.evolve(record.mail, values={})
        self._tables.outbox[mail_id] = attrs.evolve(
            record,
            mail=settled,
            due_at=failure.retry_at,
            gave_up_at=failure.at if failure.gave_up else None,
            last_error=failure.error,
        )

    def count_unsent(self) -> int:
        """Records neither sent nor given up."""
        return sum(1 for r in self._tables.outbox.values() if r.due_at is not None)

    def _unsettled(self, mail_id: UUID) -> OutboxRecord | None:
        record = self._tables.outbox.get(mail_id)
        return None if record is None or record.due_at is None else record


class RecordingMailer(Mailer):
    """Keeps every message it is asked to deliver, in order, and delivers none.

    For a process that embeds the library and reads its mail itself, and for tests.
    """

    def __init__(self) -> None:
        """Nothing delivered yet."""
        self.delivered: list[OutgoingMail] = []

    def deliver(self, mail: OutgoingMail) -> None:
        """Keep ``mail``."""
        self.delivered.append(mail)
