"""The batch commands from arguments to use case to exit status, on in-memory services.

The launcher (``entrypoints.cli.run``) hands each command the runtime a test
opens: the unit tests' memory services, or them wrapped to fail on cue. No
database, no settings, no monkeypatched adapter.
"""

from __future__ import annotations

import io
import json
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Final, NoReturn
from uuid import UUID, uuid4

import attrs
import pytest

from decision_core.json_value import JsonValue
from decision_core.settings import InvalidSettings
from decision_core.trees.catalogue import TreeQuery
from decision_core.usecases.context import Operator, Services
from decision_core.usecases.tree_catalogue import list_trees
from entrypoints.bootstrap import DatabaseNotReady, Runtime
from entrypoints.cli import run
from entrypoints.cli.runtime import FAILED, INTERRUPTED, OpenRuntime
from entrypoints.demo import DEMO_EMAIL, demo_tree_data
from tests.fakes import CommitInterrupter

PASSWORD: Final = "correct horse battery"  # noqa: S105 - a test user's password


@attrs.frozen
class CliOutcome:
    """A command's exit status and what it printed."""

    status: int
    stdout: str
    stderr: str

    def json_lines(self) -> list[dict[str, JsonValue]]:
        """Each stdout line as a JSON object."""
        return [json.loads(line) for line in self.stdout.splitlines()]


Cli = Callable[..., CliOutcome]


@pytest.fixture
def cli(
    services: Services, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> Cli:
    """Run ``decision-tree ARGS`` on the memory services (or another ``open_runtime``)."""

    def run_command(
        *args: str, stdin: str = PASSWORD, open_runtime: OpenRuntime | None = None
    ) -> CliOutcome:
        capsys.readouterr()
        monkeypatch.setattr(sys, "stdin", io.StringIO(stdin))
        status = run(list(args), open_runtime=open_runtime or (lambda: Runtime(services)))
        captured = capsys.readouterr()
        return CliOutcome(status, captured.out, captured.err)

    return run_command


def one_line_error(outcome: CliOutcome, *parts: str) -> None:
    """Exit status 1 and one line on stderr saying each of ``parts``."""
    assert outcome.status == FAILED
    assert outcome.stderr.count("\n") == 1, outcome.stderr
    assert outcome.stderr.startswith("decision-tree: error: ")
    for part in parts:
        assert part in outcome.stderr


def never_opened() -> NoReturn:
    """A runtime a command must not open: its arguments were refused first."""
    pytest.fail("the command opened its runtime")


def create_account(cli: Cli, email: str = "owner@example.com") -> UUID:
    """A new account through ``create-account``; its id."""
    created = cli("create-account", "--email", email, "--name", "Olive", "--password-stdin")
    assert created.status == 0, created.stderr
    [line] = created.json_lines()
    assert line["role"] == "owner"
    return UUID(str(line["account_id"]))


def test_create_account_then_add_user_print_the_users(cli: Cli) -> None:
    """Both commands print the user as one JSON object and exit 0."""
    account = create_account(cli)
    added = cli(
        "add-user",
        *("--account", str(account), "--email", "eve@example.com"),
        *("--name", "Eve", "--role", "engineer", "--password-stdin"),
    )
    assert added.status == 0, added.stderr
    [line] = added.json_lines()
    assert (line["account_id"], line["email"], line["role"]) == (
        str(account),
        "eve@example.com",
        "engineer",
    )


def test_a_taken_email_is_one_line_naming_it(cli: Cli) -> None:
    """The core refuses; the command names the email and exits 1."""
    account = create_account(cli)
    again = cli(
        "add-user",
        *("--account", str(account), "--email", "owner@example.com"),
        *("--name", "Twin", "--role", "viewer", "--password-stdin"),
    )
    one_line_error(again, "owner@example.com is already registered")


def test_a_malformed_account_is_refused_before_the_runtime_opens(cli: Cli) -> None:
    """Arguments are checked first: a typo costs one line and no database."""
    commands = [
        ("add-user", "--email", "a@example.com", "--name", "A", "--role", "viewer"),
        ("revoke-sessions", "--scope", "all"),
        ("export-tree", str(uuid4())),
        ("import-tree", "tree.json"),
        ("export-sessions",),
    ]
    for command in commands:
        outcome = cli(*command, "--account", "42", open_runtime=never_opened)
        one_line_error(outcome, "account")


def test_an_unknown_account_is_one_line(cli: Cli) -> None:
    """The operator of an account that does not exist gets ``no account <id>``."""
    missing = uuid4()
    outcome = cli("revoke-sessions", "--account", str(missing), "--scope", "all")
    one_line_error(outcome, f"no account {missing}")


def test_revoke_sessions_prints_how_many_ended(cli: Cli) -> None:
    """An account with no sessions: 0 revoked, exit 0."""
    account = create_account(cli)
    outcome = cli("revoke-sessions", "--account", str(account), "--scope", "all")
    assert outcome.status == 0, outcome.stderr
    assert outcome.json_lines() == [
        {"account_id": str(account), "scope": "all", "revoked_count": 0}
    ]


def tree_files(tmp_path: Path, count: int) -> list[str]:
    """The first ``count`` demo trees as export files."""
    paths = []
    for name, data in sorted(demo_tree_data().items())[:count]:
        path = tmp_path / name
        path.write_text(json.dumps(data), encoding="utf-8")
        paths.append(str(path))
    return paths


def titles(services: Services, account: UUID) -> list[str]:
    """The titles of the account's trees."""
    page = list_trees(services, Operator(account), TreeQuery())
    return [tree.title for tree in page.items]


def test_import_tree_imports_each_file_and_a_rerun_skips_them(
    cli: Cli, services: Services, tmp_path: Path
) -> None:
    """One JSON line per file; a bad file fails alone and makes the exit status 1."""
    account = create_account(cli)
    files = tree_files(tmp_path, 2)
    bad = tmp_path / "bad.json"
    bad.write_text("{not json", encoding="utf-8")
    first = cli("import-tree", *files, str(bad), "--account", str(account))
    assert first.status == FAILED
    assert [line["result"] for line in first.json_lines()] == ["imported", "imported"]
    assert f"{bad}: not JSON" in first.stderr
    rerun = cli("import-tree", *files, "--account", str(account))
    assert rerun.status == 0, rerun.stderr
    assert [line["result"] for line in rerun.json_lines()] == ["skipped", "skipped"]
    assert len(titles(services, account)) == len(files)


def test_an_interrupted_import_exits_130_keeping_the_files_before(
    cli: Cli, services: Services, tmp_path: Path
) -> None:
    """Ctrl-C inside the second file's commit: the first tree stays, the second left nothing."""
    account = create_account(cli)
    files = tree_files(tmp_path, 3)
    interrupter = CommitInterrupter(on_call=2)
    outcome = cli(
        "import-tree",
        *files,
        "--account",
        str(account),
        open_runtime=interrupter.around(lambda: Runtime(services)),
    )
    assert (outcome.status, interrupter.commits) == (INTERRUPTED, 2)
    assert "running the command again is safe" in outcome.stderr
    assert len(titles(services, account)) == 1


def test_export_tree_of_an_unknown_tree_is_one_line(cli: Cli) -> None:
    """The account exists, the tree does not."""
    account = create_account(cli)
    tree = uuid4()
    outcome = cli("export-tree", str(tree), "--account", str(account))
    one_line_error(outcome, f"no tree {tree} in account {account}")


def test_seed_demo_makes_a_demo_account_only_on_an_empty_database(cli: Cli) -> None:
    """The first run creates the owner and the trees; the second refuses, naming --account."""
    first = cli("seed-demo")
    assert first.status == 0, first.stderr
    owner, *trees = first.json_lines()
    assert owner["email"] == DEMO_EMAIL
    assert "password" in owner
    assert len(trees) == len(demo_tree_data())
    one_line_error(cli("seed-demo"), "--account")


def test_prune_tokens_and_export_walks_run_on_an_empty_store(cli: Cli) -> None:
    """Nothing to prune, no walk to export: both finish with status 0."""
    account = create_account(cli)
    pruned = cli("prune-tokens", "--older-than", "30d")
    assert pruned.status == 0, pruned.stderr
    assert pruned.stdout.startswith("deleted 0 login sessions")
    exported = cli("export-walks", "--account", str(account))
    assert (exported.status, exported.stdout) == (0, "")
    assert "exported 0 walks to standard output" in exported.stderr


@pytest.mark.parametrize(
    "failure",
    [InvalidSettings("SECRET_KEY is too short"), DatabaseNotReady("no such host")],
    ids=["settings", "database"],
)
def test_a_runtime_that_cannot_open_is_one_line(cli: Cli, failure: Exception) -> None:
    """Bad settings or an unready database: the reason in one line, exit 1."""

    def cannot_open() -> Runtime:
        raise failure

    outcome = cli("prune-tokens", "--older-than", "1d", open_runtime=cannot_open)
    one_line_error(outcome, str(failure))


def test_an_unreachable_database_mid_job_is_one_line(cli: Cli, services: Services) -> None:
    """The runtime's own "unavailable" errors become a line saying so, with their first line."""

    def unreachable() -> NoReturn:
        msg = "connection refused\nSELECT secret FROM ..."
        raise ConnectionError(msg)

    runtime = Runtime(
        attrs.evolve(services, uow=unreachable), unavailable_errors=(ConnectionError,)
    )
    outcome = cli("prune-tokens", "--older-than", "1d", open_runtime=lambda: runtime)
    one_line_error(outcome, "the database cannot be reached: connection refused")
    assert "SELECT" not in outcome.stderr


def test_the_runtime_is_closed_after_the_job(cli: Cli, services: Services) -> None:
    """Whatever the outcome, the command releases what its runtime holds."""
    closed: list[bool] = []
    runtime = Runtime(services, close=lambda: closed.append(True))
    cli("prune-tokens", "--older-than", "1d", open_runtime=lambda: runtime)
    unknown = ("--account", str(uuid4()), "--scope", "all")
    cli("revoke-sessions", *unknown, open_runtime=lambda: runtime)
    assert closed == [True, True]
