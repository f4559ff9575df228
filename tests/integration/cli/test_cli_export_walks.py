"""``decision-tree export-walks``, and its old name ``export-sessions``, on both databases."""

from __future__ import annotations

import json
from datetime import datetime, timedelta
from pathlib import Path
from typing import Final
from uuid import UUID, uuid4

import pytest
from sqlalchemy import Engine

from adapters.sqlalchemy import SqlAlchemyUnitOfWork
from decision_core.identity import Account
from decision_core.usecases import account_walk_export
from decision_core.usecases.context import Operator, Services
from entrypoints.cli import maintenance
from entrypoints.cli.runtime import INTERRUPTED
from tests.integration.cli.conftest import UNREACHABLE_DATABASE_URL, RunCli
from tests.integration.examples import NOW, an_account
from tests.integration.test_walks_repository import a_walk
from tests.integration.tree_examples import a_tree, given_trees

WALKS: Final = 7


@pytest.fixture
def account(engine: Engine) -> Account:
    """An account with WALKS walks a minute apart (the newest started at NOW) and a stranger's."""

    def factory() -> SqlAlchemyUnitOfWork:
        return SqlAlchemyUnitOfWork(engine)

    account, stranger = an_account(), an_account()
    tree, foreign = a_tree(account), a_tree(stranger)
    given_trees(factory, account, tree)
    given_trees(factory, stranger, foreign)
    with factory() as uow:
        for minutes_ago in range(WALKS):
            uow.walks.add(a_walk(account, tree, minutes_ago=minutes_ago))
        uow.walks.add(a_walk(stranger, foreign))
        uow.commit()
    return account


def ids(stdout: str) -> list[str]:
    """The walk id of each JSON line."""
    return [json.loads(line)["id"] for line in stdout.splitlines()]


def started(lines: list[str]) -> list[str]:
    """The ``started_at`` of each JSON line."""
    return [json.loads(line)["started_at"] for line in lines]


def test_every_walk_of_the_account_goes_to_stdout_oldest_first(
    run_cli: RunCli, account: Account
) -> None:
    """One GET body per line, across pages; progress and the summary go to stderr."""
    result = run_cli("export-walks", "--account", str(account.id), "--batch-size", "3")
    assert result.exit_code == 0, result.stderr
    lines = result.stdout.splitlines()
    assert len(lines) == WALKS
    assert started(lines) == sorted(started(lines))
    first = json.loads(lines[0])
    assert datetime.fromisoformat(first["started_at"]) == NOW - timedelta(minutes=WALKS - 1)
    assert first["current_node"] == {"id": "s0", "kind": "solution", "text": "Plug it in."}
    assert {"id", "tree_title", "path", "history", "status", "duration_seconds"} <= set(first)
    assert "walks: batch 3, 7 of 7" in result.stderr
    assert f"exported {WALKS} walks to standard output" in result.stderr


def test_the_old_name_export_sessions_still_exports_but_is_not_offered(
    run_cli: RunCli, account: Account
) -> None:
    """Scripts written for ``export-sessions`` get the same lines; ``--help`` names only walks."""
    old = run_cli("export-sessions", "--account", str(account.id))
    assert old.exit_code == 0, old.stderr
    new = run_cli("export-walks", "--account", str(account.id))
    assert ids(old.stdout) == ids(new.stdout)  # the durations of active walks run on
    assert len(ids(old.stdout)) == WALKS
    offered = run_cli("--help").stdout
    assert "export-walks" in offered
    assert "export-sessions" not in offered


def test_since_and_output_write_a_complete_file_and_no_partial(
    run_cli: RunCli, account: Account, tmp_path: Path
) -> None:
    """``--since`` is inclusive; the file appears only once complete."""
    target = tmp_path / "walks.jsonl"
    since = (NOW - timedelta(minutes=2)).isoformat()
    result = run_cli(
        "export-walks", "--account", str(account.id), "--since", since, "--output", str(target)
    )
    assert result.exit_code == 0, result.stderr
    assert result.stdout == ""
    lines = target.read_text(encoding="utf-8").splitlines()
    assert len(lines) == 3
    assert not maintenance.partial_path(target).exists()


def test_an_interrupted_export_leaves_only_whole_batches_in_the_partial_file(
    run_cli: RunCli, account: Account, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Ctrl-C while reading the third page: two pages of whole lines, no finished file."""
    real_page = account_walk_export.export_account_walks
    pages = 0

    def interrupted_page(
        services: Services,
        operator: Operator,
        *,
        since: datetime | None,
        after: account_walk_export.PageKey | None,
        limit: int,
    ) -> account_walk_export.WalkExportPage:
        nonlocal pages
        pages += 1
        if pages == 3:
            raise KeyboardInterrupt
        return real_page(services, operator, since=since, after=after, limit=limit)

    monkeypatch.setattr(maintenance, "export_account_walks", interrupted_page)
    target = tmp_path / "walks.jsonl"
    result = run_cli(
        "export-walks",
        "--account",
        str(account.id),
        "--output",
        str(target),
        "--batch-size",
        "2",
    )
    assert result.exit_code == INTERRUPTED
    assert not target.exists()
    text = maintenance.partial_path(target).read_text(encoding="utf-8")
    assert text.endswith("\n")
    assert len([json.loads(line) for line in text.splitlines()]) == 4


def test_an_unknown_account_is_one_line_and_writes_no_file(
    run_cli: RunCli, engine: Engine, tmp_path: Path
) -> None:
    """Checked before any output is opened."""
    del engine
    target = tmp_path / "walks.jsonl"
    unknown = uuid4()
    result = run_cli("export-walks", "--account", str(unknown), "--output", str(target))
    assert (result.exit_code, result.stdout) == (1, "")
    assert result.stderr == f"decision-tree: error: no account with id {unknown}\n"
    assert not target.exists()
    assert not maintenance.partial_path(target).exists()


@pytest.mark.parametrize(
    ("args", "complaint"),
    [
        (["--account", "acme"], "--account must be an account id (a UUID), not 'acme'"),
        (["--account", str(UUID(int=1)), "--since", "yesterday"], "--since must be a date"),
    ],
)
def test_bad_arguments_are_one_line_before_the_database_is_opened(
    run_cli: RunCli, cli_environment: pytest.MonkeyPatch, args: list[str], complaint: str
) -> None:
    """An unreachable database is never noticed."""
    cli_environment.setenv("DATABASE_URL", UNREACHABLE_DATABASE_URL)
    result = run_cli("export-walks", *args)
    assert result.exit_code == 1
    assert result.stderr.count("\n") == 1
    assert complaint in result.stderr


def test_an_unwritable_output_is_one_line(
    run_cli: RunCli, account: Account, tmp_path: Path
) -> None:
    """A directory that does not exist: named, no traceback."""
    target = tmp_path / "missing" / "walks.jsonl"
    result = run_cli("export-walks", "--account", str(account.id), "--output", str(target))
    assert result.exit_code == 1
    assert result.stderr.startswith(f"decision-tree: error: cannot write {target}: ")
    assert result.stderr.count("\n") == 1
