"""The ``decision-tree`` command line, run in-process against scratch databases.

``database_url`` is an empty SQLite file or an empty PostgreSQL schema (each
command migrates it first, as in production); ``cli_environment`` points the
settings loader at it from a working directory without ``.env``; ``run_cli``
runs the command line as ``main`` does (``entrypoints.cli.run``) and captures
its exit status, stdout and stderr, with the production runtime unless the test
passes another ``open_runtime``;
``services`` are the use cases on the command's database, as the server
would build them, for arranging a test and reading what a command wrote.
"""

from __future__ import annotations

import io
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Final, Protocol

import attrs
import pytest
from sqlalchemy import Engine

from adapters.passwords_argon2 import MINIMUM_MEMORY_KIB_PER_LANE
from adapters.sqlalchemy import create_database_engine, upgrade_to_head
from decision_core.usecases.context import Services
from entrypoints.bootstrap import build_runtime, prepare_database
from entrypoints.cli import run
from entrypoints.cli.runtime import OpenRuntime, runtime_from_settings
from entrypoints.settings import load_settings
from tests.integration.databases import scratch_schema, sqlite_url

SQL_BACKENDS: Final = ["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)]
SECRET: Final = "cli-test-secret-" + "k" * 32
# A PostgreSQL URL nothing listens on: the "database cannot be reached" case.
UNREACHABLE_DATABASE_URL: Final = "postgresql+psycopg://app:pw-123@127.0.0.1:1/decisions"
# Every variable the settings loader reads that a developer's shell might set.
SETTINGS_VARIABLES: Final = (
    "DATABASE_URL",
    "SECRET_KEY",
    "DATABASE_POOL_SIZE",
    "ACCESS_TOKEN_MINUTES",
    "REFRESH_REUSE_GRACE_SECONDS",
    "INVITE_DAYS",
    "PUBLIC_URL",
    "MAIL_FROM",
    "SMTP_URL",
    "MAIL_DIR",
)


@attrs.frozen
class CliResult:
    """What one command did: its exit status and what it printed."""

    exit_code: int
    stdout: str
    stderr: str


class RunCli(Protocol):
    """Runs ``decision-tree ARGS...`` in-process, optionally with text on stdin."""

    def __call__(
        self, *args: str, stdin: str = "", open_runtime: OpenRuntime = runtime_from_settings
    ) -> CliResult:
        """The command's result; never raises for a failing command."""
        ...


@pytest.fixture(params=SQL_BACKENDS)
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """An empty database of each SQL kind (no tables: the command migrates it)."""
    if request.param == "sqlite":
        yield sqlite_url(tmp_path)
        return
    with scratch_schema(request.getfixturevalue("postgres_url")) as url:
        yield url


@pytest.fixture
def cli_environment(
    monkeypatch: pytest.MonkeyPatch, tmp_path_factory: pytest.TempPathFactory
) -> pytest.MonkeyPatch:
    """A working directory without ``.env``, no settings inherited, cheap password hashing.

    Tests set ``DATABASE_URL`` (or use ``cli_database``); the monkeypatch is
    returned so they can set more variables.
    """
    monkeypatch.chdir(tmp_path_factory.mktemp("cwd"))
    for name in SETTINGS_VARIABLES:
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("SECRET_KEY", SECRET)
    monkeypatch.setenv("ARGON2_MEMORY_KIB", str(MINIMUM_MEMORY_KIB_PER_LANE))
    monkeypatch.setenv("ARGON2_TIME_COST", "1")
    monkeypatch.setenv("ARGON2_PARALLELISM", "1")
    monkeypatch.setenv("DATABASE_POOL_SIZE", "2")
    return monkeypatch


@pytest.fixture
def cli_database(cli_environment: pytest.MonkeyPatch, database_url: str) -> str:
    """``DATABASE_URL`` set to a scratch database of each SQL kind; returns its URL."""
    cli_environment.setenv("DATABASE_URL", database_url)
    return database_url


@pytest.fixture
def run_cli(cli_environment: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> RunCli:
    """Run the command line as ``main`` does, but return instead of exiting."""

    def run_command(
        *args: str, stdin: str = "", open_runtime: OpenRuntime = runtime_from_settings
    ) -> CliResult:
        capsys.readouterr()  # forget what earlier steps printed
        cli_environment.setattr(sys, "stdin", io.StringIO(stdin))
        try:
            exit_code = run(list(args), open_runtime=open_runtime)
        except SystemExit as exc:  # argument errors exit through cyclopts
            exit_code = exc.code if isinstance(exc.code, int) else 1
        captured = capsys.readouterr()
        return CliResult(exit_code, captured.out, captured.err)

    return run_command


@pytest.fixture
def services(cli_database: str) -> Iterator[Services]:
    """The services on the command's database (migrated now), built from the same settings."""
    del cli_database  # in the environment, where load_settings finds it
    settings = load_settings()
    prepare_database(settings)
    runtime = build_runtime(settings)
    yield runtime.services
    runtime.close()


@pytest.fixture
def engine(cli_database: str) -> Iterator[Engine]:
    """The command's database, migrated so the test can fill it first."""
    upgrade_to_head(cli_database)
    engine = create_database_engine(cli_database)
    yield engine
    engine.dispose()


def one_line_error(result: CliResult, *parts: str) -> None:
    """Exit status 1, and exactly one line on stderr that says each of ``parts``, no traceback."""
    assert result.exit_code == 1
    assert "Traceback" not in result.stderr
    assert result.stderr.count("\n") == 1, result.stderr
    assert result.stderr.startswith("decision-tree: error: ")
    for part in parts:
        assert part in result.stderr
