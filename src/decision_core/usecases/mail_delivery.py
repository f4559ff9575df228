"""Delivering the outbox: at least once, each message under one lasting identity.

A drain claims a batch of due messages in one short transaction, delivers
each outside any transaction, and records each outcome in a transaction of
its own. A drainer that dies between delivering and recording leaves its
claim to run out (``CLAIM_LEASE``); the message is then delivered again,
with the same Message-ID (the mailers derive it from the outbox id), so a
mail system or reader can tell it is the same message. Claims skip what
another drainer holds, so several drainers (server workers, ``send-mail``)
never take one message in the same round.
"""

from __future__ import annotations

from typing import Final
from uuid import UUID

import attrs

from decision_core.mail import (
    CLAIM_LEASE,
    MAX_ATTEMPTS,
    ClaimedMail,
    DeliveryFailure,
    MailDeliveryFailed,
    failure_of,
)
from decision_core.ports.mail import Mailer
from decision_core.usecases.context import Services

# What a message is recorded with when its drainer stopped on its last attempt.
ABANDONED: Final = "the drainer stopped while delivering it, on its last attempt"


@attrs.frozen
class FailedDelivery:
    """A message this drain could not deliver, and whether the outbox gave up on it."""

    mail_id: UUID
    to: str
    template: str
    failure: DeliveryFailure


@attrs.frozen
class DrainReport:
    """What one drain did, and how many messages are still owed after it."""

    sent: int
    failures: tuple[FailedDelivery, ...]
    remaining: int


def drain_outbox(services: Services, mailer: Mailer, *, limit: int) -> DrainReport:
    """Deliver up to ``limit`` due messages; record each success or failure.

    Rules: a failed delivery is due again after ``retry_delay`` of its
    attempt, and after ``MAX_ATTEMPTS`` attempts the outbox gives up on it.
    Whatever a mailer raises fails that message only: the others of the
    batch are still delivered.
    """
    now = services.clock.now()
    with services.uow() as uow:
        claimed = uow.outbox.claim_due(now, lease_until=now + CLAIM_LEASE, limit=limit)
        uow.commit()
    sent = 0
    failures: list[FailedDelivery] = []
    for item in claimed:
        failure = _delivered(services, mailer, item)
        if failure is None:
            sent += 1
        else:
            failures.append(FailedDelivery(item.mail.id, item.mail.to, item.mail.template, failure))
    with services.uow() as uow:
        remaining = uow.outbox.count_unsent()
    return DrainReport(sent=sent, failures=tuple(failures), remaining=remaining)


def _delivered(services: Services, mailer: Mailer, item: ClaimedMail) -> DeliveryFailure | None:
    """Deliver one claimed message and record the outcome; its failure, if it failed."""
    if item.attempt > MAX_ATTEMPTS:
        # Claimed again after its drainer died on the last attempt: no more tries.
        failure = DeliveryFailure(at=services.clock.now(), error=ABANDONED, retry_at=None)
        _record_failure(services, item, failure)
        return failure
    try:
        mailer.deliver(item.mail)
    except Exception as exc:  # noqa: BLE001 - any mailer error fails this message, not the batch
        error = str(exc) if isinstance(exc, MailDeliveryFailed) else type(exc).__name__
        failure = failure_of(item, error, services.clock.now())
        _record_failure(services, item, failure)
        return failure
    with services.uow() as uow:
        uow.outbox.mark_sent(item.mail.id, services.clock.now())
        uow.commit()
    return None


def _record_failure(services: Services, item: ClaimedMail, failure: DeliveryFailure) -> None:
    with services.uow() as uow:
        uow.outbox.record_failure(item.mail.id, failure)
        uow.commit()
