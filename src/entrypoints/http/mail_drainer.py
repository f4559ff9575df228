"""The server's outbox drainer: a background task in each worker process.

It drains every few seconds, and at once when a request's use case has
committed mail (``Services.mail_added``), so a reset link arrives while the
person still looks at the page that promised it. Claims keep several workers
(and a ``send-mail`` run) from delivering one message twice in a round; the
work itself runs on a thread, as it waits on the database and the mail server.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import AsyncIterator, Callable
from contextlib import AbstractAsyncContextManager, asynccontextmanager
from functools import partial
from typing import Final

from litestar import Litestar

from decision_core.ports.mail import Mailer
from decision_core.usecases.context import Services
from decision_core.usecases.mail_delivery import DrainReport, drain_outbox

logger = logging.getLogger(__name__)

POLL_SECONDS: Final = 5.0
BATCH_SIZE: Final = 20


class OutboxDrainer:
    """Drains the outbox into ``mailer`` while an app is running."""

    def __init__(
        self, mailer: Mailer, *, poll_seconds: float = POLL_SECONDS, batch_size: int = BATCH_SIZE
    ) -> None:
        """Deliver through ``mailer``, ``batch_size`` messages a drain, every ``poll_seconds``."""
        self._mailer = mailer
        self._poll_seconds = poll_seconds
        self._batch_size = batch_size
        self._loop: asyncio.AbstractEventLoop | None = None
        self._woken: asyncio.Event | None = None

    def wake(self) -> None:
        """Drain soon; any thread may call it, and before the app starts it does nothing."""
        loop, woken = self._loop, self._woken
        if loop is not None and woken is not None and not loop.is_closed():
            loop.call_soon_threadsafe(woken.set)

    def lifespan(
        self, services: Services
    ) -> Callable[[Litestar], AbstractAsyncContextManager[None]]:
        """A Litestar lifespan that drains the outbox of ``services`` while the app runs."""

        @asynccontextmanager
        async def draining(_app: Litestar) -> AsyncIterator[None]:
            self._loop = asyncio.get_running_loop()
            self._woken = asyncio.Event()
            task = asyncio.create_task(self._run(services, self._woken), name="outbox-drainer")
            try:
                yield
            finally:
                self._loop = None
                task.cancel()
                with contextlib.suppress(asyncio.CancelledError):
                    await task

        return draining

    async def _run(self, services: Services, woken: asyncio.Event) -> None:
        while True:
            woken.clear()  # before draining: a wake during the drain leads to one more
            await self._drain_what_is_due(services)
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(woken.wait(), self._poll_seconds)

    async def _drain_what_is_due(self, services: Services) -> None:
        drain = partial(drain_outbox, services, self._mailer, limit=self._batch_size)
        while True:
            try:
                report = await asyncio.to_thread(drain)
            except Exception:
                # The database may be unreachable for a while: the next poll tries again.
                logger.exception("the outbox could not be drained")
                return
            log_report(report)
            if report.sent + len(report.failures) < self._batch_size:
                return  # nothing more is due now


def log_report(report: DrainReport) -> None:
    """One line per failed message, one for what was sent."""
    for failed in report.failures:
        failure = failed.failure
        if failure.gave_up:
            logger.error(
                "gave up on mail %s (%s to %s): %s",
                failed.mail_id,
                failed.template,
                failed.to,
                failure.error,
            )
        else:
            logger.warning(
                "mail %s (%s to %s) failed, retried at %s: %s",
                failed.mail_id,
                failed.template,
                failed.to,
                failure.retry_at,
                failure.error,
            )
    if report.sent:
        logger.info("sent %d mail; %d still owed", report.sent, report.remaining)
