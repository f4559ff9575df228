"""Backends of the contract suite, and the PostgreSQL reachability policy.

Every contract test takes ``uow_factory`` and so runs three times: on the
in-memory adapters, on a migrated SQLite file, and on a migrated scratch
schema of PostgreSQL. Without a reachable PostgreSQL the PostgreSQL runs
are skipped (and counted at the end), unless ``CI`` is set: then they fail.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import Engine

from adapters.memory import MemoryStore, MemoryUnitOfWork
from adapters.sqlalchemy import create_database_engine, unit_of_work_factory, upgrade_to_head
from decision_core.ports.unit_of_work import UnitOfWorkFactory

from .databases import (
    POSTGRES_UNREACHABLE,
    postgres_server_url,
    postgres_unreachable_reason,
    scratch_schema,
    sqlite_url,
    wipe,
)

ALL_BACKENDS = ["memory", "sqlite", pytest.param("postgres", marks=pytest.mark.postgres)]
SQL_BACKENDS = ["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)]


def pytest_configure(config: pytest.Config) -> None:
    """Register the ``postgres`` marker in case pyproject.toml does not."""
    config.addinivalue_line("markers", "postgres: needs PostgreSQL")


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    """Say loudly that PostgreSQL went untested, so a green run is not mistaken for one."""
    skipped = [
        report
        for report in terminalreporter.stats.get("skipped", [])
        if "postgres" in report.keywords and POSTGRES_UNREACHABLE in str(report.longrepr)
    ]
    if skipped:
        terminalreporter.write_sep(
            "=", f"{POSTGRES_UNREACHABLE}: {len(skipped)} PostgreSQL tests skipped", yellow=True
        )


@pytest.fixture(scope="session")
def postgres_url() -> str:
    """The PostgreSQL server's URL; skips, or fails under CI, when it cannot be reached."""
    url = postgres_server_url()
    reason = postgres_unreachable_reason(url)
    if reason is not None:
        if os.environ.get("CI"):
            pytest.fail(f"{reason}; CI is set, so the PostgreSQL tests must run", pytrace=False)
        pytest.skip(reason)
    return url


@pytest.fixture(scope="session")
def sqlite_engine(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Engine]:
    """A migrated SQLite file shared by the session; tests wipe it after themselves."""
    url = sqlite_url(tmp_path_factory.mktemp("sqlite"))
    upgrade_to_head(url)
    engine = create_database_engine(url)
    yield engine
    engine.dispose()


@pytest.fixture(scope="session")
def postgres_engine(postgres_url: str) -> Iterator[Engine]:
    """A migrated scratch schema shared by the session, dropped at its end."""
    with scratch_schema(postgres_url) as url:
        upgrade_to_head(url)
        engine = create_database_engine(url)
        yield engine
        engine.dispose()


@pytest.fixture
def clean_sqlite_engine(sqlite_engine: Engine) -> Iterator[Engine]:
    """The shared SQLite database, wiped after the test."""
    yield sqlite_engine
    wipe(sqlite_engine)


@pytest.fixture
def clean_postgres_engine(postgres_engine: Engine) -> Iterator[Engine]:
    """The shared PostgreSQL schema, wiped after the test."""
    yield postgres_engine
    wipe(postgres_engine)


@pytest.fixture(params=SQL_BACKENDS)
def sql_engine(request: pytest.FixtureRequest) -> Engine:
    """A migrated, empty database of each SQL kind."""
    engine: Engine = request.getfixturevalue(f"clean_{request.param}_engine")
    return engine


@pytest.fixture(params=ALL_BACKENDS)
def uow_factory(request: pytest.FixtureRequest) -> UnitOfWorkFactory:
    """A fresh, empty store of each kind, as a factory of units of work."""
    if request.param == "memory":
        store = MemoryStore()
        return lambda: MemoryUnitOfWork(store)
    engine: Engine = request.getfixturevalue(f"clean_{request.param}_engine")
    return unit_of_work_factory(engine)


@pytest.fixture
def sql_uow_factory(sql_engine: Engine) -> UnitOfWorkFactory:
    """Units of work on each SQL database only, for behaviour the memory store cannot show."""
    return unit_of_work_factory(sql_engine)


@pytest.fixture(params=SQL_BACKENDS)
def empty_database_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """The URL of a database of each SQL kind without any table."""
    if request.param == "sqlite":
        yield sqlite_url(tmp_path)
        return
    with scratch_schema(request.getfixturevalue("postgres_url")) as url:
        yield url
