"""The HTTP app over migrated SQLite and PostgreSQL databases (the integration fixtures)."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import UTC, datetime

import pytest
from litestar import Litestar
from litestar.testing import TestClient
from sqlalchemy import Engine

from adapters.memory import FixedClock
from adapters.passwords_argon2 import Argon2Parameters
from adapters.sqlalchemy import unit_of_work_factory, units_of_work_take_turns
from decision_core.settings import CoreSettings
from decision_core.usecases.context import Services
from entrypoints.bootstrap import Runtime, build_runtime
from entrypoints.http import create_app, threads_of
from entrypoints.settings import ServerSettings
from tests.unit.entrypoints.http.wire import SECRET, Api, Tokens

START = datetime(2026, 11, 22, 9, 0, 0, tzinfo=UTC)

AppFactory = Callable[[], Litestar]


@pytest.fixture
def clock() -> FixedClock:
    """A clock fixed at a whole second, shared by every app of a test."""
    return FixedClock(START)


@pytest.fixture
def core_settings() -> CoreSettings:
    """The system defaults; a test parametrizes this fixture to change them."""
    return CoreSettings()


@pytest.fixture
def runtime(sql_engine: Engine, clock: FixedClock, core_settings: CoreSettings) -> Runtime:
    """The production wiring on a test database, but for the clock (and the engine's URL)."""
    settings = ServerSettings(
        secret_key=SECRET, core=core_settings, argon2=Argon2Parameters.cheapest()
    )
    production = build_runtime(settings, uow=unit_of_work_factory(sql_engine), clock=clock)
    # The SQL errors that mean "unreachable", as the production runtime would report them.
    reference = build_runtime(ServerSettings(secret_key=SECRET), clock=clock)
    reference.close()
    return Runtime(
        production.services,
        reference.unavailable_errors,
        database_work_on_the_loop=units_of_work_take_turns(sql_engine),
        password_hashing=production.password_hashing,
    )


@pytest.fixture
def services(runtime: Runtime) -> Services:
    """The services every app of a test shares, like workers sharing one database."""
    return runtime.services


@pytest.fixture
def make_app(runtime: Runtime) -> AppFactory:
    """A new app (a "worker") over the same database."""
    return lambda: create_app(
        runtime.services,
        unavailable_errors=runtime.unavailable_errors,
        threads=threads_of(runtime),
    )


@pytest.fixture
def api(make_app: AppFactory) -> Iterator[Api]:
    """The endpoints of one worker, as test steps."""
    with TestClient(app=make_app()) as client:
        yield Api(client)


@pytest.fixture
def owner_tokens(api: Api) -> Tokens:
    """The signed-in owner of a new account."""
    return api.owner()
