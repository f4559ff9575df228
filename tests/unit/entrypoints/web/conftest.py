"""The web app over the in-memory adapters: real JWTs and cookies, a fixed clock, no browser."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Final, TypeAlias

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
from entrypoints.web import WebConfig
from tests.unit.entrypoints.http.wire import PASSWORD, SECRET

OWNER_EMAIL: Final = "owner@example.com"
# A test client of the whole app (HTTP API and web pages), as the tests type their browsers.
Client: TypeAlias = TestClient[Litestar]
_CSRF_FIELD: Final = re.compile(r'name="_csrf_token" value="(?P<token>[0-9a-f]+)"')


@pytest.fixture
def web_config() -> WebConfig:
    """Cookies without a forced Secure flag; a test overrides this fixture to change it."""
    return WebConfig.from_signing_secret(SECRET, secure_cookies=False)


@pytest.fixture
def services(store: MemoryStore, clock: FixedClock) -> Services:
    """The production services but for the database and the clock."""
    settings = ServerSettings(
        secret_key=SECRET, core=CoreSettings(), argon2=Argon2Parameters.cheapest()
    )
    return build_runtime(settings, uow=lambda: MemoryUnitOfWork(store), clock=clock).services


@pytest.fixture
def browser(services: Services, web_config: WebConfig) -> Iterator[TestClient[Litestar]]:
    """A client that keeps cookies between requests, as a browser does; follows no redirect."""
    with TestClient(app=create_app(services, web=web_config)) as client:
        client.follow_redirects = False
        yield client


def csrf_token(client: TestClient[Litestar], path: str = "/login") -> str:
    """The CSRF token a page's forms carry (getting it also sets the CSRF cookie)."""
    found = _CSRF_FIELD.search(client.get(path).text)
    assert found is not None
    return found["token"]


def sign_in(client: TestClient[Litestar]) -> None:
    """Sign the owner in through /login; the client then holds the token cookies."""
    form = {"_csrf_token": csrf_token(client), "email": OWNER_EMAIL, "password": PASSWORD}
    assert client.post("/login", data=form).status_code == 303


def register_and_sign_in(client: TestClient[Litestar]) -> None:
    """Create the owner's account through /register; the client then holds the token cookies."""
    form = {
        "_csrf_token": csrf_token(client, "/register"),
        "name": "Olive Owner",
        "email": OWNER_EMAIL,
        "password": PASSWORD,
    }
    answer = client.post("/register", data=form)
    assert answer.status_code == 303
