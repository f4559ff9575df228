"""``decision-tree migrate upgrade|downgrade|current``: the database schema by hand.

Every other command upgrades first on its own; these exist to inspect the
schema and to go back down. They connect with the same settings loader as
the server and report any failure in one line on stderr.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from typing import Annotated

from cyclopts import App, Parameter

from adapters.sqlalchemy.database_errors import (
    DatabaseError,
    MigrationRefused,
    cannot_reach,
    first_line,
)
from adapters.sqlalchemy.migrate import (
    BASE,
    current_revision,
    downgrade_to,
    head_revision,
    known_revisions,
)
from decision_core.settings import InvalidSettings
from entrypoints.bootstrap import DatabaseNotReady, prepare_database
from entrypoints.cli.app import app
from entrypoints.cli.runtime import FAILED, say
from entrypoints.settings import ServerSettings, load_settings

migrate = App(name="migrate", help="Show or change the database schema's revision.")
app.command(migrate)


@migrate.command
def upgrade() -> int:
    """Migrate the database to the newest schema; print the revision it is at.

    Safe to run again, and while servers run: migrations take a lock.
    """
    return _with_settings(_upgrade)


@migrate.command
def downgrade(*, to: Annotated[str, Parameter(name="--to")]) -> int:
    """Undo the migrations after a revision; print the revision the database is left at.

    Nothing asks for confirmation, so the target is required: a revision id
    (see ``migrate current``) or ``base`` to drop every table of the service,
    data included.

    Parameters
    ----------
    to
        The revision to go down to, or ``base``.

    """
    revisions = known_revisions()
    if to not in {BASE, *revisions}:
        say(f"error: --to must be one of {', '.join([BASE, *revisions])}; got {to!r}")
        return FAILED
    return _with_settings(lambda settings: _downgrade(settings, to))


@migrate.command
def current() -> int:
    """Print the revision the database is at, and whether it is the newest."""
    return _with_settings(_current)


def _upgrade(settings: ServerSettings) -> int:
    prepare_database(settings)
    _show_revision(settings)
    return 0


def _downgrade(settings: ServerSettings, target: str) -> int:
    downgrade_to(settings.database_url, target)
    _show_revision(settings)
    return 0


def _current(settings: ServerSettings) -> int:
    _show_revision(settings)
    return 0


def _show_revision(settings: ServerSettings) -> None:
    """One line on stdout: ``0003 (head)``, or ``0002 (head is 0003)``, or ``base (...)``."""
    revision = current_revision(settings.database_url)
    head = head_revision()
    shown = f"{revision} (head)" if revision == head else f"{revision or BASE} (head is {head})"
    sys.stdout.write(f"{shown}\n")


def _with_settings(action: Callable[[ServerSettings], int]) -> int:
    """Run ``action`` on the loaded settings; any expected failure becomes one line."""
    try:
        return action(load_settings())
    except (InvalidSettings, DatabaseNotReady) as exc:
        say(f"error: {exc}")
    except MigrationRefused as exc:
        say(f"error: {exc}")
    except DatabaseError as exc:
        problem = "the database cannot be reached" if cannot_reach(exc) else "the database refused"
        say(f"error: {problem}: {first_line(exc)}")
    return FAILED
