"""Schema migrations from code: Alembic without an ``alembic.ini``.

The scripts live in the ``adapters.migrations`` package, so they ship in the
wheel and ``decision-tree migrate`` works from an installed copy.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Final

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Connection, text

from adapters.sqlalchemy.engine import create_database_engine

SCRIPT_LOCATION: Final = "adapters:migrations"
# Alembic's name for "before the first migration".
BASE: Final = "base"

# Any constant works; it only has to be the same in every process that migrates.
POSTGRES_MIGRATION_LOCK: Final = 0x6474_6D69_6772_6174  # "dtmigrat"


def alembic_config(connection: Connection | None = None) -> Config:
    """Alembic's configuration; with ``connection``, migrations run on it.

    Also what a developer passes to ``alembic.command.revision`` to write a
    new migration (give it ``rev_id``: the next four-digit number).
    """
    config = Config()
    config.set_main_option("script_location", SCRIPT_LOCATION)
    # Module names must not start with a digit, or mypy and ruff refuse the files.
    config.set_main_option("file_template", "v%%(rev)s_%%(slug)s")
    if connection is not None:
        config.attributes["connection"] = connection
    return config


def upgrade_to_head(url: str) -> None:
    """Bring the database at ``url`` to the newest schema, in one transaction."""
    _migrate(url, lambda config: command.upgrade(config, "head"))


def downgrade_to_base(url: str) -> None:
    """Undo every migration: the database at ``url`` ends up without our tables."""
    downgrade_to(url, BASE)


def downgrade_to(url: str, revision: str) -> None:
    """Undo the migrations after ``revision`` (a revision id, or ``base`` for all)."""
    _migrate(url, lambda config: command.downgrade(config, revision))


def head_revision() -> str:
    """The newest revision the migration scripts know."""
    head = ScriptDirectory.from_config(alembic_config()).get_current_head()
    if head is None:
        msg = "no migration scripts found"
        raise RuntimeError(msg)
    return head


def known_revisions() -> list[str]:
    """Every revision of the scripts, oldest first."""
    scripts = ScriptDirectory.from_config(alembic_config())
    return [script.revision for script in reversed(list(scripts.walk_revisions()))]


def current_revision(url: str) -> str | None:
    """The revision the database at ``url`` is at; ``None`` before the first migration.

    Only reads: a database without Alembic's table is not given one.
    """
    engine = create_database_engine(url, pool_size=1, max_overflow=0)
    try:
        with engine.connect() as connection:
            return MigrationContext.configure(connection).get_current_revision()
    finally:
        engine.dispose()


def _migrate(url: str, step: Callable[[Config], None]) -> None:
    engine = create_database_engine(url, pool_size=1, max_overflow=0, enforce_foreign_keys=False)
    try:
        with engine.begin() as connection:
            _serialise_migrators(connection)
            step(alembic_config(connection))
            _check_foreign_keys(connection)
    finally:
        engine.dispose()


def _serialise_migrators(connection: Connection) -> None:
    # Several workers may start at once. On SQLite the transaction already holds
    # the write lock (BEGIN IMMEDIATE); PostgreSQL needs an explicit lock.
    if connection.dialect.name == "postgresql":
        connection.execute(
            text("SELECT pg_advisory_xact_lock(:key)"), {"key": POSTGRES_MIGRATION_LOCK}
        )


def _check_foreign_keys(connection: Connection) -> None:
    # SQLite migrations run with foreign keys off (see create_database_engine), so
    # check them before committing; a violation rolls the whole migration back.
    if connection.dialect.name != "sqlite":
        return
    violations = connection.exec_driver_sql("PRAGMA foreign_key_check").fetchall()
    if violations:
        msg = f"the migration left rows breaking foreign keys: {violations[:5]}"
        raise RuntimeError(msg)
