"""``seed-demo``, ``export-tree`` and ``import-tree`` on SQLite and PostgreSQL."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Final
from uuid import UUID, uuid4

import pytest

from decision_core import audit
from decision_core.audit import AuditEvent
from decision_core.identity import Account
from decision_core.trees.catalogue import TreeQuery, TreeStatus
from decision_core.usecases.context import ClientInfo, Operator, Services
from decision_core.usecases.signin import login
from decision_core.usecases.tree_catalogue import list_trees
from entrypoints.cli.runtime import INTERRUPTED, runtime_from_settings
from entrypoints.demo import demo_tree_data
from tests.fakes import CommitInterrupter
from tests.integration.cli.conftest import (
    UNREACHABLE_DATABASE_URL,
    RunCli,
    one_line_error,
)
from tests.integration.examples import NOW

DEMO_TITLES: Final = {
    str(data["title"]) for data in demo_tree_data().values() if isinstance(data, dict)
}


def json_lines(text: str) -> list[dict[str, str]]:
    """Each line of ``text`` as a JSON object."""
    return [json.loads(line) for line in text.splitlines()]


@pytest.fixture
def account(services: Services) -> str:
    """An account without any tree, stored directly; its id."""
    new = Account(id=uuid4(), name="Acme", created_at=NOW)
    with services.uow() as uow:
        uow.accounts.add(new)
        uow.commit()
    return str(new.id)


def tree_events(services: Services, account: str) -> list[AuditEvent]:
    """The account's tree events, newest first."""
    with services.uow() as uow:
        found = uow.audit.page(UUID(account), action=None, before=None, limit=100)
    return [event for event in found if event.resource_type == "tree"]


def titles(services: Services, account: str) -> dict[str, TreeStatus]:
    """The account's trees, title to status."""
    page = list_trees(services, Operator(UUID(account)), TreeQuery(limit=100))
    return {tree.title: tree.status for tree in page.items}


def test_seed_demo_publishes_the_demo_trees_once_as_the_cli(
    run_cli: RunCli, services: Services, account: str
) -> None:
    """A JSON line per tree; a rerun adds nothing; no author, every event names the CLI."""
    first = run_cli("seed-demo", "--account", account)
    assert first.exit_code == 0, first.stderr
    assert {line["title"] for line in json_lines(first.stdout)} == DEMO_TITLES
    assert first.stderr == f"decision-tree: seeded {len(DEMO_TITLES)} demo trees\n"
    again = run_cli("seed-demo", "--account", account)
    assert (again.exit_code, again.stdout) == (0, "")
    assert titles(services, account) == dict.fromkeys(DEMO_TITLES, TreeStatus.PUBLISHED)
    events = tree_events(services, account)
    assert len(events) == len(DEMO_TITLES)
    assert all(e.action == audit.TREE_CREATED for e in events)
    assert all(e.user_id is None and e.details["actor"] == "cli" for e in events)


def test_seed_demo_on_an_empty_database_creates_a_demo_account_to_sign_in_to(
    run_cli: RunCli, services: Services
) -> None:
    """The owner as JSON with a generated password, the trees, and how to sign in."""
    result = run_cli("seed-demo")
    assert result.exit_code == 0, result.stderr
    owner, *trees = json_lines(result.stdout)
    assert (owner["email"], owner["role"]) == ("demo@example.com", "owner")
    assert len(owner["password"]) >= 16
    assert {tree["title"] for tree in trees} == DEMO_TITLES
    assert titles(services, owner["account_id"]) == dict.fromkeys(DEMO_TITLES, TreeStatus.PUBLISHED)
    assert "http://127.0.0.1:8000/" in result.stderr
    assert "demo@example.com" in result.stderr
    assert owner["password"] not in result.stderr  # printed once, with the data
    tokens = login(services, "demo@example.com", owner["password"], ClientInfo())
    assert tokens.access_token


def test_seed_demo_takes_the_demo_password_from_stdin(run_cli: RunCli, services: Services) -> None:
    """Then no password is printed at all."""
    result = run_cli("seed-demo", "--password-stdin", stdin="a demo password\n")
    assert result.exit_code == 0, result.stderr
    owner = json_lines(result.stdout)[0]
    assert "password" not in owner
    assert "the password you gave" in result.stderr
    assert login(services, "demo@example.com", "a demo password", ClientInfo()).access_token


def test_seed_demo_without_account_on_a_database_with_accounts_names_the_option(
    run_cli: RunCli, services: Services, account: str
) -> None:
    """No demo account beside real ones: one line saying to name the account."""
    result = run_cli("seed-demo")
    one_line_error(result, "the database has accounts already", "--account")
    assert result.stdout == ""
    assert titles(services, account) == {}
    with services.uow() as uow:
        assert uow.users.get_by_email("demo@example.com") is None


@pytest.mark.parametrize(
    ("export_format", "start"), [("mermaid", "flowchart TD\n"), ("dot", "digraph ")]
)
def test_export_tree_writes_a_diagram_to_stdout(
    run_cli: RunCli, account: str, export_format: str, start: str
) -> None:
    """The same text GET /trees/{id}/export answers."""
    tree_id = json_lines(run_cli("seed-demo", "--account", account).stdout)[0]["tree_id"]
    result = run_cli("export-tree", tree_id, "--account", account, "--format", export_format)
    assert result.exit_code == 0, result.stderr
    assert result.stdout.startswith(start)
    assert result.stdout.endswith("\n")


def test_a_json_export_to_a_file_imports_again_and_a_rerun_skips_it(
    run_cli: RunCli, services: Services, account: str, tmp_path: Path
) -> None:
    """export-tree --output, then import-tree into another account, twice."""
    tree_id = json_lines(run_cli("seed-demo", "--account", account).stdout)[0]["tree_id"]
    exported = tmp_path / "tree.json"
    result = run_cli("export-tree", tree_id, "--account", account, "--output", str(exported))
    assert (result.exit_code, result.stdout) == (0, "")
    title = json.loads(exported.read_text(encoding="utf-8"))["title"]
    other = str(uuid4())
    with services.uow() as uow:
        uow.accounts.add(Account(id=UUID(other), name="Other", created_at=NOW))
        uow.commit()
    imported = run_cli("import-tree", str(exported), "--account", other, "--publish")
    assert imported.exit_code == 0, imported.stderr
    [line] = json_lines(imported.stdout)
    assert (line["result"], line["title"], line["status"]) == ("imported", title, "published")
    assert json.loads(imported.stdout)["problems"] == []
    rerun = run_cli("import-tree", str(exported), "--account", other)
    assert rerun.exit_code == 0
    assert json_lines(rerun.stdout) == [
        {"file": str(exported), "result": "skipped", "title": title, "tree_id": line["tree_id"]}
    ]
    assert titles(services, other) == {title: TreeStatus.PUBLISHED}
    [created] = tree_events(services, other)
    assert (created.action, created.user_id, created.details["actor"]) == (
        audit.TREE_CREATED,
        None,
        "cli",
    )


def test_bad_files_get_a_line_each_and_the_good_ones_still_import(
    run_cli: RunCli, services: Services, account: str, tmp_path: Path
) -> None:
    """Not JSON, not a tree, missing: each named on stderr; exit 1; the valid file is a draft."""
    good = tmp_path / "good.json"
    good.write_text(json.dumps(next(iter(demo_tree_data().values()))), encoding="utf-8")
    not_json = tmp_path / "not.json"
    not_json.write_text("{ nope", encoding="utf-8")
    not_a_tree = tmp_path / "list.json"
    not_a_tree.write_text("[1, 2]", encoding="utf-8")
    missing = tmp_path / "missing.json"
    files = [not_json, good, not_a_tree, missing]
    result = run_cli("import-tree", *map(str, files), "--account", account)
    assert result.exit_code == 1
    assert "Traceback" not in result.stderr
    errors = [line for line in result.stderr.splitlines() if ": error: " in line]
    assert errors == [
        (
            f"decision-tree: error: {not_json}: not JSON (Expecting property name enclosed in"
            " double quotes: line 1 column 3 (char 2))"
        ),
        f"decision-tree: error: {not_a_tree}: export: must be an object",
        f"decision-tree: error: {missing}: No such file or directory",
    ]
    assert result.stderr.endswith("decision-tree: 3 of 4 files failed to import\n")
    [line] = json_lines(result.stdout)
    assert (line["file"], line["result"], line["status"]) == (str(good), "imported", "draft")
    assert list(titles(services, account).values()) == [TreeStatus.DRAFT]


def test_a_tree_with_errors_is_not_published(
    run_cli: RunCli, services: Services, account: str, tmp_path: Path
) -> None:
    """--publish validates like the API: the problem is named, nothing is stored."""
    data = next(iter(demo_tree_data().values()))
    assert isinstance(data, dict)
    broken = {**data, "document": {"start": "a", "nodes": [{"id": "a", "kind": "action",
                                                                 "text": "Stuck"}]}}  # fmt: skip
    path = tmp_path / "broken.json"
    path.write_text(json.dumps(broken), encoding="utf-8")
    result = run_cli("import-tree", str(path), "--account", account, "--publish")
    assert result.exit_code == 1
    assert f"decision-tree: error: {path}: a: " in result.stderr
    assert titles(services, account) == {}


def test_an_imported_draft_lists_its_problems(
    run_cli: RunCli, account: str, tmp_path: Path
) -> None:
    """Errors and warnings, as the API's save answers them, so the author sees them now."""
    data = next(iter(demo_tree_data().values()))
    assert isinstance(data, dict)
    stuck = {"start": "a", "nodes": [{"id": "a", "kind": "action", "text": ""}]}
    path = tmp_path / "stuck.json"
    path.write_text(json.dumps({**data, "document": stuck}), encoding="utf-8")
    result = run_cli("import-tree", str(path), "--account", account)
    assert result.exit_code == 0, result.stderr
    line = json.loads(result.stdout)
    assert [(p["severity"], p["code"], p["node_id"]) for p in line["problems"]] == [
        ("warning", "empty_text", "a"),
        ("error", "action_without_next", "a"),
        ("error", "trap", "a"),
    ]


@pytest.mark.parametrize(
    "arguments",
    [
        ("seed-demo",),
        ("import-tree", "tree.json"),
        ("export-tree", str(uuid4()), "--format", "dot"),
    ],
)
def test_an_unknown_account_is_one_line(
    run_cli: RunCli, services: Services, arguments: tuple[str, ...]
) -> None:
    """The account id is named; exit status 1; nothing is written."""
    del services  # the database exists and is migrated: only the account is missing
    (Path.cwd() / "tree.json").write_text("{}", encoding="utf-8")
    missing = str(uuid4())
    one_line_error(run_cli(*arguments, "--account", missing), f"no account {missing}")


def test_an_unknown_tree_is_one_line(run_cli: RunCli, account: str) -> None:
    """Another account's tree is just as unknown."""
    missing = str(uuid4())
    result = run_cli("export-tree", missing, "--account", account)
    one_line_error(result, f"no tree {missing} in account {account}")


@pytest.mark.parametrize(
    "arguments",
    [
        ("seed-demo", "--account", str(uuid4())),
        ("import-tree", "tree.json", "--account", str(uuid4())),
        ("export-tree", str(uuid4()), "--account", str(uuid4())),
    ],
)
def test_an_unreachable_database_is_one_line(
    run_cli: RunCli, cli_environment: pytest.MonkeyPatch, arguments: tuple[str, ...]
) -> None:
    """Exit status 1, no traceback, the URL's password not shown."""
    cli_environment.setenv("DATABASE_URL", UNREACHABLE_DATABASE_URL)
    result = run_cli(*arguments)
    one_line_error(result, "database")
    assert "pw-123" not in result.stderr


def test_an_interrupted_import_keeps_whole_files_and_a_rerun_finishes_it(
    run_cli: RunCli,
    services: Services,
    account: str,
    tmp_path: Path,
) -> None:
    """Ctrl-C during the second file: the first stays, the second left no trace; rerun is safe."""
    files = []
    for name, data in sorted(demo_tree_data().items())[:3]:
        path = tmp_path / name
        path.write_text(json.dumps(data), encoding="utf-8")
        files.append(str(path))
    interrupter = CommitInterrupter(on_call=2)  # the second file's transaction
    interrupted = run_cli(
        "import-tree",
        *files,
        "--account",
        account,
        open_runtime=interrupter.around(runtime_from_settings),
    )
    assert (interrupted.exit_code, interrupter.commits) == (INTERRUPTED, 2)
    assert "Traceback" not in interrupted.stderr
    assert [line["file"] for line in json_lines(interrupted.stdout)] == files[:1]
    assert len(titles(services, account)) == 1
    rerun = run_cli("import-tree", *files, "--account", account)
    assert rerun.exit_code == 0, rerun.stderr
    assert [line["result"] for line in json_lines(rerun.stdout)] == [
        "skipped",
        "imported",
        "imported",
    ]
    assert len(titles(services, account)) == len(files)
    assert len(tree_events(services, account)) == len(files)


def test_import_tree_needs_a_file(run_cli: RunCli, cli_environment: pytest.MonkeyPatch) -> None:
    """Refused before the database is reached."""
    cli_environment.setenv("DATABASE_URL", UNREACHABLE_DATABASE_URL)
    one_line_error(run_cli("import-tree", "--account", str(uuid4())), "at least one file")
