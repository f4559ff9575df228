"""The mail ports: the outbox in the database, and the mailer that delivers from it."""

from __future__ import annotations

from datetime import datetime
from typing import Protocol
from uuid import UUID

from decision_core.mail import ClaimedMail, DeliveryFailure, OutgoingMail


class Outbox(Protocol):
    """Messages owed, each delivered at least once by whichever drainer claims it."""

    def add(self, mail: OutgoingMail) -> None:
        """Owe ``mail``, due at once, if the current transaction commits."""
        ...

    def claim_due(self, now: datetime, *, lease_until: datetime, limit: int) -> list[ClaimedMail]:
        """Take up to ``limit`` messages due at ``now`` until ``lease_until``, oldest first.

        The messages due longest are taken first; they are returned in the
        order they were added (``created_at``, then id). Each claim counts
        one attempt. Claimed messages are not due again
        before ``lease_until``, so of concurrent drainers, in any process,
        no two take the same message (a claim skips messages another
        transaction holds rather than wait for them).
        """
        ...

    def mark_sent(self, mail_id: UUID, at: datetime) -> None:
        """The message was delivered: never due again, and its values are erased.

        A message already marked (by a drainer whose lease ran out) stays as it is.
        """
        ...

    def record_failure(self, mail_id: UUID, failure: DeliveryFailure) -> None:
        """A delivery failed: due again at ``failure.retry_at``, or never (values erased).

        A message marked sent meanwhile stays sent.
        """
        ...

    def count_unsent(self) -> int:
        """Messages still to deliver, due now or later (not sent, not given up)."""
        ...


class Mailer(Protocol):
    """Renders and delivers one message."""

    def deliver(self, mail: OutgoingMail) -> None:
        """Hand ``mail`` over for delivery, or raise ``MailDeliveryFailed``.

        Delivering the same message twice gives it the same Message-ID, so a
        repeat after a crash is recognisably the same message.
        """
        ...
