"""Server settings from environment variables and an optional ``.env`` file.

The one loader both the HTTP app and the CLI use. A variable set in the
environment wins over the same name in ``.env``; an empty value counts as
unset. Anything wrong raises :class:`~decision_core.settings.InvalidSettings`
with a message that fits on one line, so the process can refuse to start.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path
from typing import Final

import attrs

from adapters.passwords_argon2 import Argon2Parameters
from adapters.sqlalchemy.database_urls import NotADatabaseUrl, read_database_url
from adapters.tokens_jwt import MINIMUM_SECRET_BYTES
from decision_core.settings import AuthSettings, CoreSettings, InvalidSettings, SessionSettings
from entrypoints.env_file import read_env_file
from entrypoints.mail_settings import MailSettings, read_mail_settings

DEFAULT_DATABASE_URL: Final = "sqlite:///./decision-tree.sqlite3"
DEFAULT_ENV_FILE: Final = Path(".env")

SESSION_VARIABLES: Final = {
    "SESSION_IDLE_MINUTES_DEFAULT": "idle_minutes_default",
    "SESSION_ABSOLUTE_MINUTES_DEFAULT": "absolute_minutes_default",
    "SESSION_IDLE_MINUTES_MIN": "idle_minutes_min",
    "SESSION_IDLE_MINUTES_MAX": "idle_minutes_max",
    "SESSION_ABSOLUTE_MINUTES_MIN": "absolute_minutes_min",
    "SESSION_ABSOLUTE_MINUTES_MAX": "absolute_minutes_max",
}
AUTH_VARIABLES: Final = {
    "ACCESS_TOKEN_MINUTES": "access_token_minutes",
    "REFRESH_REUSE_GRACE_SECONDS": "refresh_reuse_grace_seconds",
    "LOGIN_FAILURE_LIMIT": "login_failure_limit",
    "LOGIN_FAILURE_WINDOW_MINUTES": "login_failure_window_minutes",
    "INVITE_DAYS": "invite_days",
    "STEP_UP_MINUTES": "step_up_minutes",
}
ARGON2_VARIABLES: Final = {
    "ARGON2_MEMORY_KIB": "memory_kib",
    "ARGON2_TIME_COST": "time_cost",
    "ARGON2_PARALLELISM": "parallelism",
}


@attrs.frozen
class ServerSettings:
    """Everything a server process needs to know before it builds its services."""

    database_url: str = DEFAULT_DATABASE_URL
    secret_key: str | None = attrs.field(default=None, repr=False)
    database_pool_size: int = 10
    # The web app's cookies carry ``Secure`` even over plain HTTP (behind a TLS proxy).
    secure_cookies: bool = False
    core: CoreSettings = attrs.field(factory=CoreSettings)
    argon2: Argon2Parameters = attrs.field(factory=Argon2Parameters)
    mail: MailSettings = attrs.field(factory=MailSettings)

    @property
    def sqlite_path(self) -> Path | None:
        """The SQLite database file, or ``None`` for PostgreSQL."""
        url = read_database_url(self.database_url)
        if url.backend != "sqlite" or url.database is None:
            return None
        return Path(url.database)


def load_settings(
    environ: Mapping[str, str] | None = None, *, env_file: Path | None = DEFAULT_ENV_FILE
) -> ServerSettings:
    """Read the settings from ``environ`` (default: the process's) over ``env_file``."""
    file_values = read_env_file(env_file) if env_file is not None else {}
    process_values = os.environ if environ is None else environ
    values = {**_set_only(file_values), **_set_only(process_values)}
    database_url = values.get("DATABASE_URL", DEFAULT_DATABASE_URL)
    secret_key = values.get("SECRET_KEY")
    _check_database_url(database_url, secret_key)
    _check_secret_key(secret_key)
    return ServerSettings(
        database_url=database_url,
        secret_key=secret_key,
        database_pool_size=_integer(values, "DATABASE_POOL_SIZE", default=10, minimum=1),
        secure_cookies=_boolean(values, "COOKIE_SECURE"),
        core=CoreSettings(
            sessions=SessionSettings(**_integers(values, SESSION_VARIABLES)),
            auth=AuthSettings(**_integers(values, AUTH_VARIABLES)),
        ),
        argon2=_argon2_parameters(values),
        mail=read_mail_settings(values),
    )


def _set_only(values: Mapping[str, str]) -> dict[str, str]:
    """The variables with a value: ``NAME=`` is as good as not set at all."""
    return {name: value for name, value in values.items() if value.strip()}


def _check_database_url(url: str, secret_key: str | None) -> None:
    try:
        parsed = read_database_url(url)
    except NotADatabaseUrl:
        msg = "DATABASE_URL is not a database URL (sqlite:///path or postgresql+psycopg://...)"
        raise InvalidSettings(msg) from None
    backend = parsed.backend
    if backend == "sqlite":
        if parsed.database in (None, "", ":memory:"):
            msg = "DATABASE_URL must name a SQLite file; an in-memory database cannot be served"
            raise InvalidSettings(msg)
    elif backend == "postgresql":
        if secret_key is None:
            msg = "SECRET_KEY is required with PostgreSQL (a random string of 32+ characters)"
            raise InvalidSettings(msg)
    else:
        msg = f"DATABASE_URL must be SQLite or PostgreSQL, not {backend}"
        raise InvalidSettings(msg)


def _check_secret_key(secret_key: str | None) -> None:
    if secret_key is not None and len(secret_key.encode()) < MINIMUM_SECRET_BYTES:
        msg = f"SECRET_KEY must be at least {MINIMUM_SECRET_BYTES} bytes long"
        raise InvalidSettings(msg)


def _integers(values: Mapping[str, str], variables: Mapping[str, str]) -> dict[str, int]:
    """The variables that are set, as keyword arguments for a settings class."""
    return {
        field: _integer(values, variable)
        for variable, field in variables.items()
        if variable in values
    }


def _integer(
    values: Mapping[str, str], name: str, *, default: int = 0, minimum: int | None = None
) -> int:
    raw = values.get(name)
    if raw is None:
        return default
    try:
        number = int(raw.strip())
    except ValueError:
        msg = f"{name} must be a whole number, got {raw!r}"
        raise InvalidSettings(msg) from None
    if minimum is not None and number < minimum:
        msg = f"{name} must be at least {minimum}, got {number}"
        raise InvalidSettings(msg)
    return number


_TRUE: Final = frozenset({"1", "true", "yes", "on"})
_FALSE: Final = frozenset({"0", "false", "no", "off"})


def _boolean(values: Mapping[str, str], name: str) -> bool:
    raw = values.get(name)
    if raw is None:
        return False
    word = raw.strip().lower()
    if word not in _TRUE | _FALSE:
        msg = f"{name} must be true or false, got {raw!r}"
        raise InvalidSettings(msg)
    return word in _TRUE


def _argon2_parameters(values: Mapping[str, str]) -> Argon2Parameters:
    try:
        return Argon2Parameters(**_integers(values, ARGON2_VARIABLES))
    except ValueError as exc:
        msg = f"ARGON2_* settings: {exc}"
        raise InvalidSettings(msg) from exc
