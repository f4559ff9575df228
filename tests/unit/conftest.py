"""Unit-test fixtures: the use cases wired to in-memory adapters and a fixed clock."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from adapters.memory import FixedClock, MemoryStore, MemoryTokenCodec, MemoryUnitOfWork
from decision_core.settings import AuthSettings, CoreSettings
from decision_core.usecases.context import Services
from tests.fakes import FastHasher

START = datetime(2026, 11, 22, 9, 0, 0, tzinfo=UTC)


@pytest.fixture
def clock() -> FixedClock:
    """A clock fixed at a whole second."""
    return FixedClock(START)


@pytest.fixture
def store() -> MemoryStore:
    """An empty in-memory database."""
    return MemoryStore()


@pytest.fixture
def hasher() -> FastHasher:
    """A fast, insecure password hasher."""
    return FastHasher()


@pytest.fixture
def services(store: MemoryStore, clock: FixedClock, hasher: FastHasher) -> Services:
    """The use cases' ports, all in memory, with default settings."""
    return Services(
        uow=lambda: MemoryUnitOfWork(store),
        codec=MemoryTokenCodec(),
        hasher=hasher,
        clock=clock,
        settings=CoreSettings(auth=AuthSettings()),
    )
