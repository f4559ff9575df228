"""``decision-tree migrate`` on SQLite and PostgreSQL, and the installed console script."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from typing import Final

import pytest

from adapters.sqlalchemy.migrate import current_revision, head_revision, known_revisions
from tests.integration.cli.conftest import (
    SECRET,
    UNREACHABLE_DATABASE_URL,
    RunCli,
    one_line_error,
)

HEAD: Final = head_revision()
BEFORE_HEAD: Final = known_revisions()[-2]


def test_migrate_goes_up_down_and_says_where_it_is(run_cli: RunCli, cli_database: str) -> None:
    """current, upgrade, downgrade to a revision and to base, upgrade again."""
    assert run_cli("migrate", "current").stdout == f"base (head is {HEAD})\n"
    assert current_revision(cli_database) is None  # current only looks
    assert run_cli("migrate", "upgrade").stdout == f"{HEAD} (head)\n"
    assert run_cli("migrate", "upgrade").stdout == f"{HEAD} (head)\n"
    down = run_cli("migrate", "downgrade", "--to", BEFORE_HEAD)
    assert (down.exit_code, down.stdout) == (0, f"{BEFORE_HEAD} (head is {HEAD})\n")
    assert current_revision(cli_database) == BEFORE_HEAD
    assert run_cli("migrate", "downgrade", "--to", "base").stdout == f"base (head is {HEAD})\n"
    assert run_cli("migrate", "current").stdout == f"base (head is {HEAD})\n"
    again = run_cli("migrate", "upgrade")
    assert (again.exit_code, again.stdout, again.stderr) == (0, f"{HEAD} (head)\n", "")


def test_downgrade_needs_an_explicit_target(run_cli: RunCli, cli_database: str) -> None:
    """Nothing asks for confirmation, so without --to nothing happens."""
    run_cli("migrate", "upgrade")
    result = run_cli("migrate", "downgrade")
    assert result.exit_code != 0
    assert "--to" in result.stderr + result.stdout
    assert current_revision(cli_database) == HEAD


def test_downgrade_to_an_unknown_revision_is_one_line(run_cli: RunCli, cli_database: str) -> None:
    """The known revisions are listed; the database is not touched."""
    run_cli("migrate", "upgrade")
    one_line_error(run_cli("migrate", "downgrade", "--to", "0000"), "base", HEAD, "'0000'")
    assert current_revision(cli_database) == HEAD


def test_downgrade_to_a_revision_above_the_database_is_one_line(
    run_cli: RunCli, cli_database: str
) -> None:
    """Alembic's refusal, in one line."""
    del cli_database
    run_cli("migrate", "downgrade", "--to", "base")
    one_line_error(run_cli("migrate", "downgrade", "--to", HEAD))


@pytest.mark.parametrize("command", ["current", "upgrade", "downgrade"])
def test_an_unreachable_database_is_one_line(
    run_cli: RunCli, cli_environment: pytest.MonkeyPatch, command: str
) -> None:
    """Exit status 1, no traceback, the URL's password not shown."""
    cli_environment.setenv("DATABASE_URL", UNREACHABLE_DATABASE_URL)
    arguments = ("--to", "base") if command == "downgrade" else ()
    result = run_cli("migrate", command, *arguments)
    one_line_error(result, "database")
    assert "pw-123" not in result.stderr


def test_invalid_settings_are_one_line(
    run_cli: RunCli, cli_environment: pytest.MonkeyPatch
) -> None:
    """The same settings loader as the server, with its messages."""
    cli_environment.setenv("DATABASE_URL", "mysql://somewhere/db")
    one_line_error(run_cli("migrate", "current"), "DATABASE_URL must be SQLite or PostgreSQL")


def test_the_console_script_runs_a_command_end_to_end(tmp_path: Path) -> None:
    """``decision-tree`` as installed: --help, then a migration of a fresh SQLite file."""
    environment = {
        "PATH": os.environ.get("PATH", ""),
        "DATABASE_URL": f"sqlite:///{tmp_path / 'cli.sqlite3'}",
        "SECRET_KEY": SECRET,
    }

    def decision_tree(*arguments: str) -> subprocess.CompletedProcess[str]:
        script = Path(sys.executable).with_name("decision-tree")
        return subprocess.run(  # noqa: S603 - our own console script, fixed arguments
            [script, *arguments],
            cwd=tmp_path,
            env=environment,
            capture_output=True,
            text=True,
            check=False,
            timeout=60,
        )

    shown = decision_tree("--help")
    assert shown.returncode == 0
    for command in ("create-account", "import-tree", "export-tree", "migrate", "seed-demo"):
        assert command in shown.stdout
    migrated = decision_tree("migrate", "upgrade")
    assert (migrated.returncode, migrated.stdout) == (0, f"{HEAD} (head)\n")
    assert "Traceback" not in migrated.stderr
