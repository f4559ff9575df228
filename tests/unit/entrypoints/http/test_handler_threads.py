"""Where handlers run: the thread pool by default, the event loop for database-only work on request.

Each handler's units of work record whether they were entered on the event
loop's thread (one with a running loop) or on a worker thread (without one).
"""

from __future__ import annotations

import asyncio
import copy
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor

import attrs
import pytest
from litestar.testing import TestClient

from adapters.memory import MemoryStore, MemoryUnitOfWork
from decision_core.usecases.context import Services
from entrypoints.http import HandlerThreads, create_app
from tests.unit.entrypoints.http.wire import Api, Tokens, bearer

ON_THE_LOOP = "event loop"
IN_A_THREAD = "worker thread"


@attrs.define
class ThreadLog:
    """Where each unit of work was entered, in order."""

    places: list[str] = attrs.field(factory=list)

    def record(self) -> None:
        """Note where the caller runs."""
        try:
            asyncio.get_running_loop()
        except RuntimeError:
            self.places.append(IN_A_THREAD)
        else:
            self.places.append(ON_THE_LOOP)

    def clear(self) -> None:
        """Forget what was recorded so far."""
        self.places.clear()


@pytest.fixture
def log() -> ThreadLog:
    """An empty log."""
    return ThreadLog()


@pytest.fixture
def recording(services: Services, store: MemoryStore, log: ThreadLog) -> Services:
    """``services`` whose units of work note the thread they run on."""

    def unit_of_work() -> MemoryUnitOfWork:
        log.record()
        return MemoryUnitOfWork(store)

    return attrs.evolve(services, uow=unit_of_work)


def _api(services: Services, *, on_the_loop: bool) -> Iterator[Api]:
    app = create_app(services, threads=HandlerThreads(database_on_the_loop=on_the_loop))
    with TestClient(app=app) as client:
        yield Api(client)


@pytest.fixture
def loop_api(recording: Services) -> Iterator[Api]:
    """The app as a SQLite server builds it."""
    yield from _api(recording, on_the_loop=True)


@pytest.fixture
def threaded_api(recording: Services) -> Iterator[Api]:
    """The app as a PostgreSQL server builds it."""
    yield from _api(recording, on_the_loop=False)


def where_me_runs(api: Api, caller: Tokens, log: ThreadLog) -> set[str]:
    """Where a GET /auth/me of ``caller`` entered its units of work."""
    log.clear()
    response = api.client.get("/api/v1/auth/me", headers=bearer(caller.access))
    assert response.status_code == 200
    return set(log.places)


def test_database_work_runs_on_the_event_loop_when_asked(loop_api: Api, log: ThreadLog) -> None:
    """/me reads the database only: no thread hop; signing in hashes: a worker thread."""
    owner = loop_api.owner()
    assert set(log.places) == {IN_A_THREAD}  # register, login
    assert where_me_runs(loop_api, owner, log) == {ON_THE_LOOP}


def test_by_default_every_handler_gets_a_worker_thread(threaded_api: Api, log: ThreadLog) -> None:
    """A PostgreSQL request waits on the network: other requests run meanwhile."""
    owner = threaded_api.owner()
    assert where_me_runs(threaded_api, owner, log) == {IN_A_THREAD}


def test_one_apps_choice_leaves_other_apps_alone(recording: Services, log: ThreadLog) -> None:
    """Handlers are per app: a SQLite app in the process does not change a PostgreSQL one."""
    for _ in _api(recording, on_the_loop=True):
        pass
    for threaded in _api(recording, on_the_loop=False):
        assert where_me_runs(threaded, threaded.owner(), log) == {IN_A_THREAD}


@pytest.mark.parametrize(
    ("threads", "place"),
    [(HandlerThreads(database_on_the_loop=True), ON_THE_LOOP), (HandlerThreads(), IN_A_THREAD)],
)
def test_async_code_runs_database_work_where_handlers_do(
    threads: HandlerThreads, place: str
) -> None:
    """The web app's session middleware refreshes on the loop or a thread, as handlers run."""
    log = ThreadLog()
    asyncio.run(threads.database(log.record))
    assert log.places == [place]


def test_the_threads_are_shared_by_every_copy_litestar_makes() -> None:
    """Routers and middleware are deep-copied; the hasher's threads must stay the app's own."""
    with ThreadPoolExecutor(max_workers=1) as hashing:
        threads = HandlerThreads(password_hashing=hashing)
        assert copy.deepcopy(threads) is threads
