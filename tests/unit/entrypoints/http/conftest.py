"""The HTTP app over the in-memory adapters: real JWTs, argon2 at its cheapest, a fixed clock."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from litestar import Litestar
from litestar.testing import TestClient

from adapters.memory import FixedClock, MemoryStore, MemoryUnitOfWork
from adapters.passwords_argon2 import Argon2Parameters
from decision_core.settings import CoreSettings
from decision_core.usecases.context import Services
from entrypoints.bootstrap import build_runtime
from entrypoints.http import create_app
from entrypoints.settings import ServerSettings
from tests.unit.entrypoints.http.wire import SECRET, Api, Tokens


@pytest.fixture
def services(store: MemoryStore, clock: FixedClock, core_settings: CoreSettings) -> Services:
    """The composition root's services, with the database and clock passed in by keyword."""
    settings = ServerSettings(
        secret_key=SECRET, core=core_settings, argon2=Argon2Parameters.cheapest()
    )
    # Only the database and the clock are stand-ins: JWTs and argon2 are the real adapters.
    runtime = build_runtime(settings, uow=lambda: MemoryUnitOfWork(store), clock=clock)
    return runtime.services


@pytest.fixture
def app(services: Services) -> Litestar:
    """The HTTP app over ``services``."""
    return create_app(services)


@pytest.fixture
def client(app: Litestar) -> Iterator[TestClient[Litestar]]:
    """A test client: no network, no database."""
    with TestClient(app=app) as test_client:
        yield test_client


@pytest.fixture
def api(client: TestClient[Litestar]) -> Api:
    """The endpoints as test steps."""
    return Api(client)


@pytest.fixture
def owner_tokens(api: Api) -> Tokens:
    """The signed-in owner of a new account."""
    return api.owner()
