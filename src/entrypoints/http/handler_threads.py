"""Which handlers leave the event loop for a worker thread, and why it depends on the database.

Every handler is plain synchronous code declared ``sync_to_thread=True``:
the use cases block on the database and on password hashing. With
PostgreSQL that is the right place for them: a request waits on the network
for most of its time, and other requests' Python runs meanwhile.

With SQLite it is not. A unit of work there is tens of microseconds of CPU
under the database's one write lock, which this process's units of work
already take in turn (``unit_of_work_factory``), so threads buy no
concurrency; yet each hop to a thread and back costs more than the work
(about 250 µs measured here: the hand-off, and the GIL passing back and
forth each time sqlite3 releases it). So on SQLite those handlers run on the
event loop, in the order their requests arrive.

Handlers whose work is mostly CPU beyond the database — a tree document to
validate or render — carry :data:`ALWAYS_IN_A_THREAD` and keep their thread
on every database, so one of them never stalls the other requests.

Handlers that hash a password (tens of milliseconds) are async and run their
use case on the hasher's own threads (:func:`on_the_hashers_threads`):
straight from the loop, the request crosses threads once each way instead of
twice (loop, server thread, hasher thread), and a burst of sign-ins queues
for the hasher without holding the server's threads meanwhile.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from typing import Any, Final, TypeVar

from litestar import Litestar
from litestar.handlers import HTTPRouteHandler
from litestar.routes import HTTPRoute
from litestar.utils.sync import AsyncCallable

from decision_core.usecases.context import Services

T = TypeVar("T")
_OFF_THE_LOOP: Final = "always_in_a_thread"
ALWAYS_IN_A_THREAD: Final = {_OFF_THE_LOOP: True}


async def on_the_hashers_threads(services: Services, work: Callable[[], T]) -> T:
    """The result of ``work``, a use case that hashes a password, run on the hasher's threads.

    Once started, ``work`` runs to its end even if the request is abandoned
    meanwhile: a failed sign-in is always counted. A queued one that never
    started is dropped with its request, having checked nothing.
    """
    return await asyncio.wrap_future(services.hasher.in_background(work))


def run_database_work_on_the_loop(app: Litestar) -> None:
    """Call ``app``'s handlers on the event loop, but those marked ALWAYS_IN_A_THREAD."""
    for route in app.routes:
        if not isinstance(route, HTTPRoute):
            continue
        for handler in route.route_handlers:
            if not handler.opt.get(_OFF_THE_LOOP):
                _call_inline(handler)


def _call_inline(handler: HTTPRouteHandler) -> None:
    # Litestar wrapped the function for the thread pool when it registered the handler
    # (sync_to_thread=True); give the route the function itself, which it then calls
    # directly. Each app holds its own copies of the handlers, so other apps keep theirs.
    wrapped = handler.fn
    if isinstance(wrapped, AsyncCallable):
        function: Any = wrapped.func  # the route calls it as a plain function, see above
        handler._fn = function  # noqa: SLF001 - Litestar has no public setter
        handler.has_sync_callable = True
