"""The server's background drainer: woken after a commit, polling otherwise, never stopping."""

from __future__ import annotations

import logging
import time
from collections.abc import Callable

import attrs
import pytest
from litestar.di import Provide
from litestar.testing import TestClient

from adapters.memory import MemoryStore, MemoryUnitOfWork
from adapters.memory.mail import RecordingMailer
from decision_core.json_value import JsonValue
from decision_core.mail import new_mail
from decision_core.ports.unit_of_work import UnitOfWork
from decision_core.usecases.context import Services
from entrypoints.http import create_app
from entrypoints.http.mail_drainer import OutboxDrainer

WAIT_SECONDS = 5.0


def owe(services: Services, count: int = 1) -> None:
    """Commit ``count`` messages to the outbox, as a use case would."""
    values: dict[str, JsonValue] = {"name": "Ada", "token": "t", "minutes": 30}
    with services.uow() as uow:
        for n in range(count):
            uow.outbox.add(
                new_mail(f"u{n}@example.com", "password_reset", values, services.clock.now())
            )
        uow.commit()


def eventually(condition: Callable[[], bool]) -> bool:
    """Whether ``condition`` holds within a few seconds."""
    deadline = time.monotonic() + WAIT_SECONDS
    while not condition():
        if time.monotonic() > deadline:
            return False
        time.sleep(0.01)
    return True


def test_a_wake_delivers_at_once_without_waiting_for_the_poll(services: Services) -> None:
    """Polling every minute, mail still leaves as soon as the drainer is woken."""
    mailer = RecordingMailer()
    drainer = OutboxDrainer(mailer, poll_seconds=60)
    owe(services)
    with TestClient(app=create_app(services, mail_drainer=drainer)):
        # The drain on starting; the next poll is a minute away.
        assert eventually(lambda: len(mailer.delivered) == 1)
        owe(services)
        drainer.wake()
        assert eventually(lambda: len(mailer.delivered) == 2)


def test_the_app_wires_the_wake_into_the_services_it_serves(services: Services) -> None:
    """What a handler's use case calls after committing mail is this drainer's wake."""
    drainer = OutboxDrainer(RecordingMailer())
    app = create_app(services, mail_drainer=drainer)
    provider = app.dependencies["services"]
    assert isinstance(provider, Provide)
    served = provider.dependency()
    assert served.mail_added == drainer.wake
    assert services.mail_added != drainer.wake  # the caller's services are left alone


def test_without_a_wake_the_poll_delivers(services: Services) -> None:
    """Mail committed by another process arrives within a poll, in batches until none is due."""
    mailer = RecordingMailer()
    drainer = OutboxDrainer(mailer, poll_seconds=0.05, batch_size=2)
    with TestClient(app=create_app(services, mail_drainer=drainer)):
        owe(services, count=5)
        assert eventually(lambda: len(mailer.delivered) == 5)


def test_a_failing_drain_is_logged_and_the_next_poll_tries_again(
    services: Services, store: MemoryStore, caplog: pytest.LogCaptureFixture
) -> None:
    """A database outage does not end the drainer."""
    failures = [RuntimeError("database down")]

    def flaky() -> UnitOfWork:
        if failures:
            raise failures.pop()
        return MemoryUnitOfWork(store)

    owe(services)
    mailer = RecordingMailer()
    drainer = OutboxDrainer(mailer, poll_seconds=0.05)
    app = create_app(attrs.evolve(services, uow=flaky), mail_drainer=drainer)
    with caplog.at_level(logging.INFO, logger="entrypoints.http.mail_drainer"), TestClient(app=app):
        assert eventually(lambda: len(mailer.delivered) == 1)
    assert "the outbox could not be drained" in caplog.text
    assert "sent 1 mail; 0 still owed" in caplog.text


def test_a_wake_outside_a_running_app_does_nothing(services: Services) -> None:
    """Before the app starts and after it stops, waking is harmless."""
    drainer = OutboxDrainer(RecordingMailer())
    drainer.wake()
    with TestClient(app=create_app(services, mail_drainer=drainer)):
        pass
    drainer.wake()
