"""``create-account``, ``add-user`` and ``revoke-sessions``: accounts and their members.

Each goes through the core's use cases as the operator (``register``;
``add_member``, the API's invite and registration in one transaction;
``revoke_sessions_batch``), so the API's rules apply and the same audit
events are written, with ``details.actor = "cli"``.
Results go to stdout as one JSON object; messages go to stderr.
"""

from __future__ import annotations

import getpass
import json
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Annotated, Final, Literal, TextIO

from cyclopts import Parameter, validators

from decision_core.errors import EmailAlreadyRegistered
from decision_core.identity import User
from decision_core.json_value import JsonValue
from decision_core.login.revocation import BulkScope
from decision_core.roles import Role
from decision_core.usecases.account_security import count_sessions_to_revoke, revoke_sessions_batch
from decision_core.usecases.context import CLI_OPERATOR, Operator, Services
from decision_core.usecases.members import NewMember, add_member
from decision_core.usecases.registration import Registration, register
from entrypoints.cli.app import app
from entrypoints.cli.arguments import AccountOption, parse_account_id
from entrypoints.cli.batches import progress_display, run_batches
from entrypoints.cli.runtime import FAILED, CommandError, JobRuntime, run_job, say

Prompt = Callable[[str], str]
# Each batch is one UPDATE; a batch this size keeps the write lock for well under a second.
MAX_REVOKE_BATCH: Final = 10_000
PasswordStdin = Annotated[bool, Parameter(name="--password-stdin", negative=())]


@app.command(name="create-account")
def create_account(
    *,
    email: str,
    name: str,
    account_name: str | None = None,
    password_stdin: PasswordStdin = False,
    open_runtime: JobRuntime,
) -> int:
    """Create an account and its owner, as POST /auth/register does; print both ids as JSON.

    The password is asked twice on the terminal, without echo, unless
    --password-stdin is given.

    Parameters
    ----------
    email
        The owner's email, their sign-in name.
    name
        The owner's display name.
    account_name
        The account's name; "<name>'s account" when left out.
    password_stdin
        Read the owner's password from the first line of standard input.

    """

    def body(services: Services) -> int:
        password = read_password(from_stdin=password_stdin)
        registration = Registration(email, password, name, account_name=account_name)
        with _taken_email_named(email):
            show(user_output(register(services, registration, CLI_OPERATOR)))
        return 0

    return run_job(body, open_runtime)


@app.command(name="add-user")
def add_user(  # noqa: PLR0913 - one parameter per option, and the runtime
    *,
    account: AccountOption,
    email: str,
    name: str,
    role: Literal["viewer", "engineer", "admin", "owner"],
    password_stdin: PasswordStdin = False,
    open_runtime: JobRuntime,
) -> int:
    """Add a member to an account with a role; print the user as JSON.

    The operator invites the email (``member.invited``) and registers the
    user with that invite (``auth.registered``): the two steps of the HTTP
    API, in one transaction, so a refusal (a taken email) leaves neither
    behind. The password is asked as for create-account.

    Parameters
    ----------
    account
        The account's id.
    email
        The new member's email, their sign-in name.
    name
        The new member's display name.
    role
        What the member may do in the account.
    password_stdin
        Read the member's password from the first line of standard input.

    """
    try:
        operator = Operator(parse_account_id(account))
    except ValueError as exc:
        say(f"error: {exc}")
        return FAILED

    def body(services: Services) -> int:
        password = read_password(from_stdin=password_stdin)
        new = NewMember(email, password, name, Role(role))
        with _taken_email_named(email):
            show(user_output(add_member(services, operator, new)))
        return 0

    return run_job(body, open_runtime)


@app.command(name="revoke-sessions")
def revoke_sessions(
    *,
    account: AccountOption,
    scope: Literal["all", "others"],
    keep_user: str | None = None,
    batch_size: Annotated[
        int, Parameter(validator=validators.Number(gte=1, lte=MAX_REVOKE_BATCH))
    ] = 5000,
    open_runtime: JobRuntime,
) -> int:
    """Sign out an account's live login sessions in batches; print how many ended, as JSON.

    The revocation of POST /accounts/me/security/revoke-sessions, done in
    batches so that no write holds the database for long: each batch is one
    transaction and writes one ``account.sessions_revoked_bulk`` event (with
    ``batch_size``). Progress goes to stderr. An interrupted run keeps its
    finished batches; running it again ends the rest (and any session
    started in between), and a run with nothing left to end writes no event.

    Parameters
    ----------
    account
        The account's id.
    scope
        ``all`` ends every session of the account; ``others`` every session
        but the --keep-user member's (the operator has none of its own).
    keep_user
        With --scope others: the email of the member whose sessions stay.
    batch_size
        Sessions ended per batch (one transaction each), at most 10000.

    """
    try:
        operator = Operator(parse_account_id(account))
    except ValueError as exc:
        say(f"error: {exc}")
        return FAILED

    def body(services: Services) -> int:
        bulk = BulkScope(scope)
        # One COUNT up front gives the bar its end, and refuses a bad --keep-user before any batch.
        total = count_sessions_to_revoke(services, operator, bulk, keep_user)
        done = run_batches(
            lambda: revoke_sessions_batch(
                services, operator, bulk, keep_email=keep_user, limit=batch_size
            ),
            progress_display("sessions revoked", total),
        )
        show({"account_id": str(operator.account_id), "scope": scope, "revoked_count": done.items})
        return 0

    return run_job(body, open_runtime)


@contextmanager
def _taken_email_named(email: str) -> Iterator[None]:
    """Turn ``EmailAlreadyRegistered`` into a line naming the email."""
    try:
        yield
    except EmailAlreadyRegistered:
        # The API answers with the bare code; an operator is told which email.
        msg = f"{email} is already registered"
        raise CommandError(msg) from None


def read_password(
    *, from_stdin: bool, prompt: Prompt = getpass.getpass, stdin: TextIO | None = None
) -> str:
    """The password: the first line of stdin, or asked twice on the terminal without echo."""
    source = sys.stdin if stdin is None else stdin
    if from_stdin:
        return source.readline().removesuffix("\n").removesuffix("\r")
    if not source.isatty():
        msg = "no terminal to ask the password on; pipe it in with --password-stdin"
        raise CommandError(msg)
    password = prompt("Password: ")
    if prompt("Repeat the password: ") != password:
        msg = "the two passwords differ"
        raise CommandError(msg)
    return password


def user_output(user: User) -> dict[str, JsonValue]:
    """What the user commands print: the ids first, never the password hash."""
    return {
        "account_id": str(user.account_id),
        "user_id": str(user.id),
        "email": user.email,
        "name": user.name,
        "role": user.role.value,
    }


def show(result: dict[str, JsonValue]) -> None:
    """One JSON object on stdout, for scripts (``jq -r .account_id``)."""
    sys.stdout.write(json.dumps(result) + "\n")
