"""The outbox contract, on the in-memory store, SQLite and PostgreSQL alike."""

from __future__ import annotations

import threading
import time
from datetime import timedelta
from typing import Final

import pytest
from sqlalchemy import Engine

from adapters.memory.mail import RecordingMailer
from adapters.sqlalchemy import unit_of_work_factory
from decision_core.json_value import JsonValue
from decision_core.mail import DeliveryFailure, OutgoingMail, new_mail
from decision_core.ports.unit_of_work import UnitOfWorkFactory
from decision_core.usecases.mail_delivery import drain_outbox
from tests.integration.examples import NOW
from tests.integration.racing import services_on

LEASE: Final = NOW + timedelta(minutes=15)
VALUES: Final[dict[str, JsonValue]] = {
    "name": "Ada",
    "token": "tok",
    "minutes": 30,
    "nested": {"list": [1, "two"]},
}


class SlowMailer(RecordingMailer):
    """Takes a couple of milliseconds per message, as a mail server would take longer."""

    def deliver(self, mail: OutgoingMail) -> None:
        """Wait, then keep ``mail``."""
        time.sleep(0.002)
        super().deliver(mail)


@pytest.fixture
def postgres_uow_factory(clean_postgres_engine: Engine) -> UnitOfWorkFactory:
    """Units of work on PostgreSQL only, for what its row locks make possible."""
    return unit_of_work_factory(clean_postgres_engine)


def owe(uow_factory: UnitOfWorkFactory, *mails: OutgoingMail) -> None:
    """Commit ``mails`` to the outbox."""
    with uow_factory() as uow:
        for mail in mails:
            uow.outbox.add(mail)
        uow.commit()


def a_mail(to: str = "ada@example.com", *, seconds: int = 0) -> OutgoingMail:
    """A message created ``seconds`` after NOW."""
    return new_mail(to, "password_reset", VALUES, NOW + timedelta(seconds=seconds))


def test_added_mail_is_claimed_whole_oldest_first_once(uow_factory: UnitOfWorkFactory) -> None:
    """A claim returns the message as added, counts the attempt, and hides it until the lease."""
    older, newer = a_mail("a@example.com"), a_mail("b@example.com", seconds=1)
    owe(uow_factory, newer, older)
    with uow_factory() as uow:
        claimed = uow.outbox.claim_due(NOW + timedelta(seconds=1), lease_until=LEASE, limit=10)
        uow.commit()
    assert [(c.mail, c.attempt) for c in claimed] == [(older, 1), (newer, 1)]
    with uow_factory() as uow:
        assert uow.outbox.claim_due(LEASE - timedelta(seconds=1), lease_until=LEASE, limit=10) == []
        assert uow.outbox.count_unsent() == 2
        again = uow.outbox.claim_due(LEASE, lease_until=LEASE + timedelta(minutes=15), limit=10)
    assert [(c.mail, c.attempt) for c in again] == [(older, 2), (newer, 2)]


def test_only_due_mail_is_claimed_up_to_the_limit(uow_factory: UnitOfWorkFactory) -> None:
    """Mail created after ``now`` waits; the limit holds."""
    owe(
        uow_factory,
        a_mail("a@example.com"),
        a_mail("b@example.com"),
        a_mail("c@example.com", seconds=60),
    )
    with uow_factory() as uow:
        assert len(uow.outbox.claim_due(NOW, lease_until=LEASE, limit=1)) == 1
        assert len(uow.outbox.claim_due(NOW, lease_until=LEASE, limit=10)) == 1
        assert uow.outbox.claim_due(NOW, lease_until=LEASE, limit=10) == []


def test_a_claim_that_is_not_committed_leaves_the_mail_due(uow_factory: UnitOfWorkFactory) -> None:
    """Rolled back with its transaction, like every write."""
    owe(uow_factory, a_mail())
    with uow_factory() as uow:
        assert len(uow.outbox.claim_due(NOW, lease_until=LEASE, limit=10)) == 1
    with uow_factory() as uow:
        (claimed,) = uow.outbox.claim_due(NOW, lease_until=LEASE, limit=10)
    assert claimed.attempt == 1


def test_sent_mail_is_never_due_again_and_a_late_failure_does_not_revive_it(
    uow_factory: UnitOfWorkFactory,
) -> None:
    """Marking twice, or failing after sending (a drainer whose lease ran out), changes nothing."""
    mail = a_mail()
    owe(uow_factory, mail)
    with uow_factory() as uow:
        uow.outbox.claim_due(NOW, lease_until=LEASE, limit=10)
        uow.outbox.mark_sent(mail.id, NOW)
        uow.outbox.mark_sent(mail.id, NOW + timedelta(minutes=1))
        uow.outbox.record_failure(mail.id, DeliveryFailure(NOW, "late", NOW))
        uow.commit()
    with uow_factory() as uow:
        assert uow.outbox.claim_due(NOW + timedelta(days=1), lease_until=LEASE, limit=10) == []
        assert uow.outbox.count_unsent() == 0


def test_a_failure_makes_mail_due_at_its_retry_time(uow_factory: UnitOfWorkFactory) -> None:
    """Not before; and the next claim is the second attempt."""
    mail = a_mail()
    owe(uow_factory, mail)
    retry_at = NOW + timedelta(minutes=1)
    with uow_factory() as uow:
        uow.outbox.claim_due(NOW, lease_until=LEASE, limit=10)
        uow.outbox.record_failure(mail.id, DeliveryFailure(NOW, "421 try later", retry_at))
        uow.commit()
    with uow_factory() as uow:
        assert (
            uow.outbox.claim_due(retry_at - timedelta(seconds=1), lease_until=LEASE, limit=10) == []
        )
        (claimed,) = uow.outbox.claim_due(retry_at, lease_until=LEASE, limit=10)
        assert uow.outbox.count_unsent() == 1
    assert (claimed.mail, claimed.attempt) == (mail, 2)


def test_giving_up_settles_the_mail(uow_factory: UnitOfWorkFactory) -> None:
    """A given-up message is no longer owed and never claimed again."""
    mail = a_mail()
    owe(uow_factory, mail)
    with uow_factory() as uow:
        uow.outbox.claim_due(NOW, lease_until=LEASE, limit=10)
        uow.outbox.record_failure(mail.id, DeliveryFailure(NOW, "550 no such user", None))
        uow.commit()
    with uow_factory() as uow:
        assert uow.outbox.claim_due(NOW + timedelta(days=1), lease_until=LEASE, limit=10) == []
        assert uow.outbox.count_unsent() == 0


@pytest.mark.postgres
def test_a_claim_skips_mail_another_transaction_holds(
    postgres_uow_factory: UnitOfWorkFactory,
) -> None:
    """PostgreSQL: a second drainer takes the next messages at once instead of waiting."""
    mails = [a_mail(f"u{n}@example.com", seconds=n) for n in range(4)]
    owe(postgres_uow_factory, *mails)
    with postgres_uow_factory() as first:
        held = first.outbox.claim_due(NOW + timedelta(minutes=1), lease_until=LEASE, limit=2)
        with postgres_uow_factory() as second:
            other = second.outbox.claim_due(NOW + timedelta(minutes=1), lease_until=LEASE, limit=10)
            second.commit()
        first.commit()
    assert [c.mail for c in held] == mails[:2]
    assert [c.mail for c in other] == mails[2:]


@pytest.mark.postgres
def test_concurrent_drainers_never_deliver_one_message_twice(
    postgres_uow_factory: UnitOfWorkFactory,
) -> None:
    """Four threads draining 60 messages in batches of 5: each message is delivered once."""
    mails = [a_mail(f"u{n}@example.com", seconds=n % 3) for n in range(60)]
    owe(postgres_uow_factory, *mails)
    services = services_on(postgres_uow_factory)
    mailers = [SlowMailer() for _ in range(4)]
    start = threading.Barrier(len(mailers))

    def drain(mailer: SlowMailer) -> None:
        start.wait()
        while drain_outbox(services, mailer, limit=5).sent:
            pass

    threads = [threading.Thread(target=drain, args=(mailer,)) for mailer in mailers]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    delivered = [mail.id for mailer in mailers for mail in mailer.delivered]
    assert sorted(delivered) == sorted(mail.id for mail in mails)
    assert sum(1 for mailer in mailers if mailer.delivered) > 1  # they did run side by side
