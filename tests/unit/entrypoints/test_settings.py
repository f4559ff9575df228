"""The settings loader: environment over ``.env``, one clear line for anything wrong."""

from __future__ import annotations

from pathlib import Path

import pytest

from adapters.passwords_argon2 import Argon2Parameters
from decision_core.settings import AuthSettings, CoreSettings, InvalidSettings, SessionSettings
from entrypoints.env_file import parse_env_lines
from entrypoints.settings import DEFAULT_DATABASE_URL, load_settings

SECRET = "s" * 32
POSTGRES = "postgresql+psycopg://app@db.internal/decisions"


def test_nothing_set_means_sqlite_in_the_working_directory_and_the_spec_defaults() -> None:
    """The embedded default: no server, no secret yet, OWASP argon2."""
    settings = load_settings({}, env_file=None)
    assert settings.database_url == DEFAULT_DATABASE_URL == "sqlite:///./decision-tree.sqlite3"
    assert settings.sqlite_path == Path("decision-tree.sqlite3")
    assert settings.secret_key is None
    assert settings.core == CoreSettings()
    assert settings.argon2 == Argon2Parameters()
    assert settings.database_pool_size == 10


def test_every_variable_is_read() -> None:
    """SESSION_*, the auth settings, ARGON2_* and the pool size."""
    environ = {
        "SESSION_IDLE_MINUTES_DEFAULT": "60",
        "SESSION_ABSOLUTE_MINUTES_DEFAULT": "600",
        "SESSION_IDLE_MINUTES_MIN": "30",
        "SESSION_IDLE_MINUTES_MAX": "90",
        "SESSION_ABSOLUTE_MINUTES_MIN": "120",
        "SESSION_ABSOLUTE_MINUTES_MAX": "900",
        "ACCESS_TOKEN_MINUTES": "2",
        "REFRESH_REUSE_GRACE_SECONDS": "15",
        "LOGIN_FAILURE_LIMIT": "3",
        "LOGIN_FAILURE_WINDOW_MINUTES": "10",
        "INVITE_DAYS": "2",
        "ARGON2_MEMORY_KIB": "65536",
        "ARGON2_TIME_COST": "3",
        "ARGON2_PARALLELISM": "2",
        "DATABASE_POOL_SIZE": "4",
        "SECRET_KEY": SECRET,
    }
    settings = load_settings(environ, env_file=None)
    assert settings.core == CoreSettings(
        sessions=SessionSettings(60, 600, 30, 90, 120, 900),
        auth=AuthSettings(2, 15, 3, 10, 2),
    )
    assert settings.argon2 == Argon2Parameters(memory_kib=65536, time_cost=3, parallelism=2)
    assert settings.database_pool_size == 4
    assert settings.secret_key == SECRET


def test_the_environment_wins_over_the_env_file(tmp_path: Path) -> None:
    """``.env`` fills in what the environment leaves out; an empty value counts as unset."""
    env_file = tmp_path / ".env"
    env_file.write_text(
        "# local development\n"
        "export ACCESS_TOKEN_MINUTES=7\n"
        "LOGIN_FAILURE_LIMIT = '9'\n"
        f'SECRET_KEY="{SECRET}"  \n'
        "INVITE_DAYS=3 # a comment\n",
        encoding="utf-8",
    )
    settings = load_settings({"ACCESS_TOKEN_MINUTES": "4", "SECRET_KEY": ""}, env_file=env_file)
    assert settings.core.auth.access_token_minutes == 4
    assert settings.core.auth.login_failure_limit == 9
    assert settings.core.auth.invite_days == 3
    assert settings.secret_key == SECRET


def test_a_missing_env_file_is_no_error(tmp_path: Path) -> None:
    """The file is optional."""
    assert load_settings({}, env_file=tmp_path / "absent.env").secret_key is None


@pytest.mark.parametrize(
    ("environ", "message"),
    [
        ({"ACCESS_TOKEN_MINUTES": "five"}, "ACCESS_TOKEN_MINUTES must be a whole number"),
        ({"ACCESS_TOKEN_MINUTES": "0"}, "access_token_minutes must be positive"),
        ({"REFRESH_REUSE_GRACE_SECONDS": "-1"}, "must not be negative"),
        ({"SESSION_IDLE_MINUTES_DEFAULT": "5"}, "lies outside its bounds"),
        ({"SESSION_IDLE_MINUTES_DEFAULT": "30000"}, "exceeds the absolute default"),
        ({"SESSION_ABSOLUTE_MINUTES_MAX": "5256001"}, "exceeds the longest session any server"),
        ({"DATABASE_POOL_SIZE": "0"}, "DATABASE_POOL_SIZE must be at least 1"),
        ({"ARGON2_MEMORY_KIB": "4"}, "ARGON2_"),
        ({"DATABASE_URL": POSTGRES}, "SECRET_KEY is required with PostgreSQL"),
        ({"SECRET_KEY": "short"}, "SECRET_KEY must be at least 32 bytes"),
        ({"DATABASE_URL": "mysql://db/x"}, "SQLite or PostgreSQL"),
        ({"DATABASE_URL": "sqlite://"}, "must name a SQLite file"),
        ({"DATABASE_URL": "not a url"}, "DATABASE_URL is not a database URL"),
    ],
)
def test_invalid_settings_are_one_clear_line(environ: dict[str, str], message: str) -> None:
    """The service refuses to start, saying why in one line."""
    with pytest.raises(InvalidSettings, match=message) as refused:
        load_settings(environ, env_file=None)
    assert "\n" not in str(refused.value)


def test_postgresql_with_a_secret_is_accepted() -> None:
    """And there is no SQLite file to keep a development secret beside."""
    settings = load_settings({"DATABASE_URL": POSTGRES, "SECRET_KEY": SECRET}, env_file=None)
    assert settings.sqlite_path is None


def test_a_malformed_env_line_names_its_number_but_not_its_content() -> None:
    """The line may hold a secret."""
    with pytest.raises(InvalidSettings, match=r"^\.env line 2 is not KEY=value$"):
        parse_env_lines(["A=1", "hunter2-the-secret", "B=2"], source=".env")
