"""The composition root, ``decision-tree serve`` before it hands over to uvicorn, ``--version``."""

from __future__ import annotations

import tomllib
from importlib import metadata
from pathlib import Path

import pytest

from adapters.passwords_argon2 import Argon2Hasher, Argon2Parameters
from adapters.system_clock import SystemClock
from adapters.tokens_jwt import CompactHs256Codec
from entrypoints.bootstrap import build_runtime
from entrypoints.cli import app, serve
from entrypoints.settings import ServerSettings

SECRET = "k" * 40
ROOT = Path(__file__).resolve().parents[3]


def test_the_production_runtime_is_sql_jwt_argon2_and_the_wall_clock(tmp_path: Path) -> None:
    """Built without touching the database: the pool connects on first use."""
    settings = ServerSettings(
        database_url=f"sqlite:///{tmp_path}/app.db",
        secret_key=SECRET,
        argon2=Argon2Parameters.cheapest(),
    )
    runtime = build_runtime(settings)
    try:
        assert isinstance(runtime.services.codec, CompactHs256Codec)
        assert isinstance(runtime.services.hasher, Argon2Hasher)
        assert isinstance(runtime.services.clock, SystemClock)
        assert runtime.services.settings == settings.core
        assert runtime.unavailable_errors
        assert not (tmp_path / "app.db").exists()
    finally:
        runtime.close()


@pytest.fixture
def empty_environment(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Path:
    """A working directory without ``.env`` and an environment without our variables."""
    monkeypatch.chdir(tmp_path)
    for name in ("DATABASE_URL", "SECRET_KEY", "ACCESS_TOKEN_MINUTES"):
        monkeypatch.delenv(name, raising=False)
    return tmp_path


def test_serve_refuses_invalid_settings_with_one_line(
    empty_environment: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """Exit status 1 and a single line on stderr, before anything starts."""
    monkeypatch.setenv("ACCESS_TOKEN_MINUTES", "soon")
    assert serve() == 1
    error = capsys.readouterr().err
    assert error == "decision-tree: ACCESS_TOKEN_MINUTES must be a whole number, got 'soon'\n"
    assert not (empty_environment / "decision-tree.sqlite3").exists()


def test_serve_requires_secret_key_with_postgresql(
    empty_environment: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """No development secret for a shared database."""
    del empty_environment
    monkeypatch.setenv("DATABASE_URL", "postgresql+psycopg://app@127.0.0.1:1/decisions")
    assert serve() == 1
    assert "SECRET_KEY is required with PostgreSQL" in capsys.readouterr().err


def test_serve_reports_an_unreachable_database_in_one_line(
    empty_environment: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """The migration at start fails plainly, naming no secret."""
    del empty_environment
    monkeypatch.setenv("DATABASE_URL", "postgresql+psycopg://app:pw-123@127.0.0.1:1/decisions")
    monkeypatch.setenv("SECRET_KEY", SECRET)
    assert serve() == 1
    error = capsys.readouterr().err
    assert error.startswith("decision-tree: cannot migrate the database: ")
    assert error.count("\n") == 1
    assert "pw-123" not in error
    assert SECRET not in error


def test_version_prints_the_installed_package_version(capsys: pytest.CaptureFixture[str]) -> None:
    """`decision-tree --version` says the version pyproject.toml gave the installed package."""
    app(["--version"], result_action="return_value")
    assert capsys.readouterr().out == f"{metadata.version('decision-tree')}\n"
    pyproject = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    assert metadata.version("decision-tree") == pyproject["project"]["version"]
