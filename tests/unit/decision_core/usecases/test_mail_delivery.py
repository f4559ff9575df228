"""Draining the outbox: at least once, the same message each time, and never forever."""

from __future__ import annotations

from datetime import datetime, timedelta
from uuid import UUID

import pytest

from adapters.mail.rendering import MailRenderer
from adapters.memory import FixedClock, MemoryStore, MemoryUnitOfWork
from adapters.memory.mail import MemoryOutbox, RecordingMailer
from adapters.memory.store import Tables
from decision_core.json_value import JsonValue
from decision_core.mail import (
    CLAIM_LEASE,
    MAX_ATTEMPTS,
    MailDeliveryFailed,
    OutgoingMail,
    new_mail,
    retry_delay,
)
from decision_core.usecases.context import Services
from decision_core.usecases.mail_delivery import ABANDONED, drain_outbox
from tests.fakes import FastHasher
from tests.unit.conftest import services_with

RENDERER = MailRenderer(sender="dt <noreply@example.com>", public_url="https://dt.example.com")


class FailingMailer(RecordingMailer):
    """Records every attempt, and fails those to the addresses in ``refused``."""

    def __init__(self, *refused: str, error: Exception | None = None) -> None:
        """Fail deliveries to ``refused`` with ``error`` (a refusal by default)."""
        super().__init__()
        self.refused = set(refused)
        self.error = error or MailDeliveryFailed("550 mailbox unavailable")

    def deliver(self, mail: OutgoingMail) -> None:
        """Record the attempt; fail it for a refused address."""
        super().deliver(mail)
        if mail.to in self.refused:
            raise self.error


class Crash(Exception):
    """The process died here."""


class OutboxThatCrashesWhenMarking(MemoryOutbox):
    """An outbox whose drainer dies after delivering, before recording the delivery."""

    def mark_sent(self, mail_id: UUID, at: datetime) -> None:
        """Die."""
        del mail_id, at
        raise Crash


class CrashingUnitOfWork(MemoryUnitOfWork):
    """A unit of work with that outbox."""

    def _bind(self, tables: Tables) -> None:
        super()._bind(tables)
        self.outbox = OutboxThatCrashesWhenMarking(tables)


def owe(services: Services, *recipients: str) -> list[OutgoingMail]:
    """Add one password-reset message per recipient, committed."""
    now = services.clock.now()
    values: dict[str, JsonValue] = {"name": "Ada", "minutes": 30}
    mails = [
        new_mail(to, "password_reset", {**values, "token": f"t-{to}"}, now) for to in recipients
    ]
    with services.uow() as uow:
        for mail in mails:
            uow.outbox.add(mail)
        uow.commit()
    return mails


def test_due_mail_is_delivered_once_and_its_values_erased(
    services: Services, store: MemoryStore
) -> None:
    """Each message goes out once; afterwards the outbox no longer holds its token."""
    mails = owe(services, "a@example.com", "b@example.com")
    mailer = RecordingMailer()
    report = drain_outbox(services, mailer, limit=10)
    assert (report.sent, report.failures, report.remaining) == (2, (), 0)
    assert sorted(mailer.delivered, key=lambda m: m.to) == mails
    assert drain_outbox(services, mailer, limit=10).sent == 0
    assert len(mailer.delivered) == 2
    assert all(record.mail.values == {} for record in store.tables.outbox.values())
    assert all(record.sent_at == services.clock.now() for record in store.tables.outbox.values())


def test_mail_of_a_transaction_that_did_not_commit_is_never_sent(services: Services) -> None:
    """The outbox is written with the change: no commit, no mail."""
    with services.uow() as uow:
        uow.outbox.add(new_mail("a@example.com", "password_reset", {}, services.clock.now()))
    assert drain_outbox(services, RecordingMailer(), limit=10).sent == 0


def test_a_drain_takes_at_most_its_limit_oldest_first(
    services: Services, clock: FixedClock
) -> None:
    """The rest stay owed, and the report says how many."""
    first = owe(services, "a@example.com")
    clock.advance(timedelta(seconds=1))
    owe(services, "b@example.com", "c@example.com")
    mailer = RecordingMailer()
    report = drain_outbox(services, mailer, limit=1)
    assert (report.sent, report.remaining) == (1, 2)
    assert mailer.delivered == first


def test_a_failed_delivery_is_retried_after_its_delay_and_not_before(
    services: Services, clock: FixedClock
) -> None:
    """The first failure waits one minute; then the same message goes out."""
    (mail,) = owe(services, "a@example.com")
    report = drain_outbox(services, FailingMailer("a@example.com"), limit=10)
    (failed,) = report.failures
    assert failed.failure.retry_at == clock.now() + retry_delay(1)
    assert (failed.mail_id, failed.to, failed.failure.error) == (
        mail.id,
        "a@example.com",
        "550 mailbox unavailable",
    )
    assert report.remaining == 1
    mailer = RecordingMailer()
    clock.advance(retry_delay(1) - timedelta(seconds=1))
    assert drain_outbox(services, mailer, limit=10).sent == 0
    clock.advance(timedelta(seconds=1))
    assert drain_outbox(services, mailer, limit=10).sent == 1
    assert mailer.delivered == [mail]


def test_the_outbox_gives_up_after_the_last_attempt(
    services: Services, store: MemoryStore, clock: FixedClock
) -> None:
    """Eight failures, each after its delay; then the message is settled, its values erased."""
    (mail,) = owe(services, "a@example.com")
    mailer = FailingMailer("a@example.com")
    for attempt in range(1, MAX_ATTEMPTS + 1):
        (failed,) = drain_outbox(services, mailer, limit=10).failures
        assert failed.failure.gave_up is (attempt == MAX_ATTEMPTS)
        clock.advance(retry_delay(attempt))
    clock.advance(timedelta(days=1))
    report = drain_outbox(services, mailer, limit=10)
    assert (report.sent, report.failures, report.remaining) == (0, (), 0)
    assert len(mailer.delivered) == MAX_ATTEMPTS
    record = store.tables.outbox[mail.id]
    assert (record.gave_up_at, record.sent_at, record.mail.values) == (
        clock.now() - timedelta(days=1) - retry_delay(MAX_ATTEMPTS),
        None,
        {},
    )


def test_one_failing_message_does_not_hold_up_the_others(services: Services) -> None:
    """Whatever a mailer raises for one message, the rest of the batch is delivered."""
    owe(services, "broken@example.com", "fine@example.com")
    mailer = FailingMailer("broken@example.com", error=KeyError("token"))
    report = drain_outbox(services, mailer, limit=10)
    assert report.sent == 1
    (failed,) = report.failures
    assert (failed.to, failed.failure.error) == ("broken@example.com", "KeyError")


def test_a_crash_between_delivering_and_recording_delivers_the_same_message_again(
    store: MemoryStore, clock: FixedClock, hasher: FastHasher, services: Services
) -> None:
    """At least once: after the claim runs out the message goes again, with its Message-ID."""
    (mail,) = owe(services, "a@example.com")
    crashing = services_with(
        store, clock, hasher, services.settings, uow=lambda: CrashingUnitOfWork(store)
    )
    first = RecordingMailer()
    with pytest.raises(Crash):
        drain_outbox(crashing, first, limit=10)
    again = RecordingMailer()
    clock.advance(CLAIM_LEASE - timedelta(seconds=1))
    assert drain_outbox(services, again, limit=10).sent == 0  # still claimed
    clock.advance(timedelta(seconds=1))
    assert drain_outbox(services, again, limit=10).sent == 1
    assert first.delivered == again.delivered == [mail]
    (before,), (after,) = first.delivered, again.delivered
    assert RENDERER.render(before)["Message-ID"] == RENDERER.render(after)["Message-ID"]
    assert drain_outbox(services, again, limit=10).remaining == 0


def test_a_message_whose_drainer_died_on_its_last_attempt_is_given_up_unsent(
    store: MemoryStore, clock: FixedClock, hasher: FastHasher, services: Services
) -> None:
    """A claim counts as an attempt, so a message that crashes its drainers ends too."""
    owe(services, "a@example.com")
    mailer = FailingMailer("a@example.com")
    for attempt in range(1, MAX_ATTEMPTS):
        drain_outbox(services, mailer, limit=10)
        clock.advance(retry_delay(attempt))
    crashing = services_with(
        store, clock, hasher, services.settings, uow=lambda: CrashingUnitOfWork(store)
    )
    with pytest.raises(Crash):
        drain_outbox(crashing, RecordingMailer(), limit=10)  # the last attempt, delivered
    clock.advance(CLAIM_LEASE)
    last = RecordingMailer()
    report = drain_outbox(services, last, limit=10)
    assert last.delivered == []
    (failed,) = report.failures
    assert (failed.failure.gave_up, failed.failure.error) == (True, ABANDONED)
