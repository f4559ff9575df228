"""Where handlers run their use cases: decided once, when the app's routes are built.

Handlers are plain synchronous code: the use cases block on the database
and on password hashing. With PostgreSQL a handler belongs on a worker
thread: a request waits on the network for most of its time, and other
requests' Python runs meanwhile.

With SQLite it does not. A unit of work there is tens of microseconds of CPU
under the database's one write lock, which this process's units of work
already take in turn (``unit_of_work_factory``), so threads buy no
concurrency; yet each hop to a thread and back costs more than the work.
So on SQLite those handlers run on the event loop, in the order their
requests arrive. Every route builder takes a :class:`HandlerThreads` and
declares such a handler with ``sync_to_thread=threads.database_work``;
docs/benchmarks.md ("What each fast path buys") has what this is worth.

Handlers whose work is mostly CPU beyond the database (a tree document to
validate or render) say ``sync_to_thread=True`` and keep their thread on
every database, so one of them never stalls the other requests.

Handlers that hash a password (tens of milliseconds) are async and run their
use case with :meth:`HandlerThreads.hashing`: on the password hasher's own
threads when the runtime has them, so the request crosses threads once each
way, and a burst of sign-ins queues for the hasher without holding the
server's threads meanwhile.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from concurrent.futures import Executor
from typing import TypeVar

import attrs
from litestar.concurrency import sync_to_thread

T = TypeVar("T")


@attrs.frozen
class HandlerThreads:
    """Where the handlers of one app run their use cases."""

    # The database runs units of work one at a time (SQLite): run them on the event loop.
    database_on_the_loop: bool = False
    # The password hasher's own threads, where a use case that hashes runs whole.
    password_hashing: Executor | None = None

    def __deepcopy__(self, memo: dict[int, object]) -> HandlerThreads:
        """Itself: Litestar deep-copies routers and middleware, and the threads are the app's."""
        return self

    @property
    def database_work(self) -> bool:
        """``sync_to_thread`` for a handler whose use case waits on the database only."""
        return not self.database_on_the_loop

    async def database(self, work: Callable[[], T]) -> T:
        """The result of ``work``, a use case that waits on the database only.

        For code that is async already (a middleware): ``work`` runs where
        :attr:`database_work` puts such a handler, inline or on a worker thread.
        """
        if self.database_on_the_loop:
            return work()
        return await sync_to_thread(work)

    async def hashing(self, work: Callable[[], T]) -> T:
        """The result of ``work``, a use case that hashes a password, run off the event loop.

        Once started, ``work`` runs to its end even if the request is
        abandoned meanwhile: a failed sign-in is always counted. A queued one
        that never started is dropped with its request, having checked nothing.
        """
        if self.password_hashing is None:
            return await sync_to_thread(work)
        return await asyncio.wrap_future(self.password_hashing.submit(work))
