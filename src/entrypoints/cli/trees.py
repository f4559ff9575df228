"""``import-tree``, ``export-tree`` and ``seed-demo``: an account's decision trees.

The same use cases as POST /trees/import and GET /trees/{id}/export, run as
the operator. ``import-tree`` imports one file per transaction; a file whose
title the account already has is skipped (where the API answers 409, and as
``seed-demo`` skips), so running it again over the same files is safe.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Annotated, Final, Literal

from cyclopts import Parameter

from decision_core.errors import (
    AccountsExist,
    DomainError,
    NotFound,
    TreeTitleExists,
    UnknownAccount,
)
from decision_core.trees.catalogue import TreeStatus
from decision_core.trees.problems import problem_data
from decision_core.usecases import tree_import
from decision_core.usecases.context import Operator, Services
from decision_core.usecases.tree_authoring import TreeView
from decision_core.usecases.tree_catalogue import TreeExportFormat, export_tree
from entrypoints.cli.accounts import PasswordStdin, read_password, show, user_output
from entrypoints.cli.app import app
from entrypoints.cli.arguments import AccountOption, parse_account_id, parse_id
from entrypoints.cli.batches import progress_display, run_batches
from entrypoints.cli.runtime import FAILED, CommandError, JobRuntime, run_job, say
from entrypoints.demo import (
    DEMO_ACCOUNT,
    DEMO_EMAIL,
    generated_password,
    seed_demo,
    seed_demo_account,
)

# Where `decision-tree serve` listens by default.
SIGN_IN_URL: Final = "http://127.0.0.1:8000/"
IMPORTED: Final = "imported"
SKIPPED: Final = "skipped"


@app.command(name="import-tree")
def import_tree(
    *files: Path,
    account: AccountOption,
    publish: Annotated[bool, Parameter(negative=())] = False,
    open_runtime: JobRuntime,
) -> int:
    """Import trees from JSON exports, one file per transaction; print a JSON line per file.

    A file whose title the account already has is skipped, naming the tree
    that has it (so a rerun adds nothing); an imported tree's line lists its
    validation problems. A file that cannot be read or is no valid tree gets
    one line on stderr and the others still import. Exits 1 if any failed.

    Parameters
    ----------
    files
        JSON exports, as export-tree --format json (or GET /trees/{id}/export) writes them.
    account
        The account's id.
    publish
        Publish the trees (each must then be free of errors); drafts otherwise.

    """
    try:
        operator = Operator(parse_account_id(account))
    except ValueError as exc:
        say(f"error: {exc}")
        return FAILED
    if not files:
        say("error: name at least one file to import")
        return FAILED
    status = TreeStatus.PUBLISHED if publish else TreeStatus.DRAFT

    def body(services: Services) -> int:
        pending = list(files)
        failed: list[Path] = []

        def step() -> int:
            if not pending:
                return 0
            path = pending.pop(0)
            try:
                _import_file(services, operator, path, status)
            except UnknownAccount:
                raise  # not the file's fault: the whole command fails
            except (OSError, ValueError, DomainError) as exc:
                failed.append(path)
                say(f"error: {path}: {_problem(exc)}")
            return 1

        run_batches(step, progress_display("files", len(files)))
        if failed:
            say(f"{len(failed)} of {len(files)} files failed to import")
            return FAILED
        return 0

    return run_job(body, open_runtime)


def _import_file(services: Services, operator: Operator, path: Path, status: TreeStatus) -> None:
    data: object = json.loads(path.read_text(encoding="utf-8"))
    try:
        view = tree_import.import_tree(services, operator, data, status)
    except TreeTitleExists as taken:
        show(
            {
                "file": str(path),
                "result": SKIPPED,
                "title": taken.title,
                "tree_id": str(taken.tree_id),
            }
        )
        return
    show(
        {
            "file": str(path),
            "result": IMPORTED,
            "tree_id": str(view.tree.id),
            "title": view.tree.title,
            "status": view.tree.status.value,
            "problems": [problem_data(problem) for problem in view.problems],
        }
    )


def _problem(exc: Exception) -> str:
    if isinstance(exc, json.JSONDecodeError):
        return f"not JSON ({exc})"
    if isinstance(exc, UnicodeDecodeError):
        return "not UTF-8 text"
    if isinstance(exc, OSError):
        return exc.strerror or str(exc)
    return str(exc)


@app.command(name="export-tree")
def export_tree_command(
    tree: str,
    /,
    *,
    account: AccountOption,
    format: Annotated[Literal["json", "mermaid", "dot"], Parameter(name="--format")] = "json",  # noqa: A002 - the option's name
    output: Path | None = None,
    open_runtime: JobRuntime,
) -> int:
    """Write a tree's newest version as a JSON export, a Mermaid or a DOT diagram.

    The same export as GET /trees/{id}/export; the JSON re-imports with import-tree.

    Parameters
    ----------
    tree
        The tree's id.
    account
        The id of the account the tree belongs to.
    format
        json, mermaid or dot.
    output
        The file to write; standard output when left out.

    """
    try:
        operator = Operator(parse_account_id(account))
        tree_id = parse_id(tree, "the tree must be given by its id")
    except ValueError as exc:
        say(f"error: {exc}")
        return FAILED

    def body(services: Services) -> int:
        try:
            exported = export_tree(services, operator, tree_id, TreeExportFormat(format))
        except UnknownAccount:
            raise
        except NotFound:
            msg = f"no tree {tree_id} in account {operator.account_id}"
            raise CommandError(msg) from None
        text = exported if isinstance(exported, str) else json.dumps(exported, indent=2)
        _write(text if text.endswith("\n") else f"{text}\n", output)
        return 0

    return run_job(body, open_runtime)


def _write(text: str, output: Path | None) -> None:
    if output is None:
        sys.stdout.write(text)
        return
    try:
        output.write_text(text, encoding="utf-8")
    except OSError as exc:
        msg = f"cannot write {output}: {exc.strerror or exc}"
        raise CommandError(msg) from exc
    say(f"wrote {output}")


@app.command(name="seed-demo")
def seed_demo_command(
    *,
    account: AccountOption | None = None,
    password_stdin: PasswordStdin = False,
    open_runtime: JobRuntime,
) -> int:
    """Import and publish the demo trees an account does not have yet; print a JSON line each.

    Safe to run again: a demo tree whose title the account has is skipped.
    Without --account, on a database that has no account yet, it first creates
    the account "Demo" owned by demo@example.com, prints the owner as JSON
    (with a generated password, shown only this once, unless --password-stdin)
    and says how to sign in.

    Parameters
    ----------
    account
        The account's id; leave it out on a fresh database to create a demo account.
    password_stdin
        Without --account: read the demo owner's password from the first line of standard input.

    """
    if account is None:
        return run_job(
            lambda services: _seed_new_demo_account(services, from_stdin=password_stdin),
            open_runtime,
        )
    try:
        operator = Operator(parse_account_id(account))
    except ValueError as exc:
        say(f"error: {exc}")
        return FAILED

    def body(services: Services) -> int:
        _show_seeded(seed_demo(services, operator))
        return 0

    return run_job(body, open_runtime)


def _seed_new_demo_account(services: Services, *, from_stdin: bool) -> int:
    password = read_password(from_stdin=True) if from_stdin else generated_password()
    try:
        demo = seed_demo_account(services, password)
    except AccountsExist:
        msg = "the database has accounts already: name the one to seed with --account ID"
        raise CommandError(msg) from None
    owner = user_output(demo.owner)
    show(owner if from_stdin else {**owner, "password": password})
    _show_seeded(demo.seeded)
    told = "the password you gave" if from_stdin else "the password above (shown only now)"
    say(
        f"created the account {DEMO_ACCOUNT}: start the server with `decision-tree serve` and "
        f"sign in at {SIGN_IN_URL} as {DEMO_EMAIL} with {told}"
    )
    return 0


def _show_seeded(seeded: list[TreeView]) -> None:
    for view in seeded:
        show({"tree_id": str(view.tree.id), "title": view.tree.title})
    say(f"seeded {len(seeded)} demo trees" if seeded else "every demo tree is already there")
