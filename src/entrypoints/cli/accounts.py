"""``create-account``, ``add-user`` and ``revoke-sessions``: accounts and their members.

Each goes through the use cases behind the HTTP API (``register``,
``create_invite``, ``revoke_sessions``) as the operator, so the same rules
apply and the same audit events are written, with ``details.actor = "cli"``.
Results go to stdout as one JSON object; messages go to stderr.
"""

from __future__ import annotations

import getpass
import json
import sys
from collections.abc import Callable
from typing import Annotated, Literal, TextIO
from uuid import UUID

from cyclopts import Parameter

from decision_core.audit import JsonValue
from decision_core.errors import EmailAlreadyRegistered
from decision_core.identity import User, check_email, check_password
from decision_core.revocation import BulkScope
from decision_core.roles import Role
from decision_core.usecases.context import CLI_OPERATOR, Operator, Services
from decision_core.usecases.registration import Registration, create_invite, register
from decision_core.usecases.security import revoke_sessions as revoke_live_sessions
from entrypoints.cli.app import app
from entrypoints.cli.runtime import FAILED, CommandError, run_job, say

Prompt = Callable[[str], str]
PasswordStdin = Annotated[bool, Parameter(name="--password-stdin", negative=())]
AccountOption = Annotated[str, Parameter(name="--account")]


@app.command(name="create-account")
def create_account(
    *,
    email: str,
    name: str,
    account_name: str | None = None,
    password_stdin: PasswordStdin = False,
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
        show(user_output(_register(services, registration)))
        return 0

    return run_job(body)


@app.command(name="add-user")
def add_user(
    *,
    account: AccountOption,
    email: str,
    name: str,
    role: Literal["viewer", "engineer", "admin", "owner"],
    password_stdin: PasswordStdin = False,
) -> int:
    """Add a member to an account with a role; print the user as JSON.

    The operator invites the email (``member.invited``) and registers the
    user with that invite (``auth.registered``): the two steps of the HTTP
    API, run at once. The password is asked as for create-account.

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
        # Checked before the invite exists, so that a typo leaves no unused invite behind.
        check_email(email)
        check_password(password)
        invite = create_invite(services, operator, Role(role), email)
        registration = Registration(email, password, name, invite_code=invite.code)
        show(user_output(_register(services, registration)))
        return 0

    return run_job(body)


@app.command(name="revoke-sessions")
def revoke_sessions(
    *,
    account: AccountOption,
    scope: Literal["all", "others"],
    keep_user: str | None = None,
) -> int:
    """Sign out an account's live login sessions at once; print how many ended, as JSON.

    The same set-based revocation, and the same ``account.sessions_revoked_bulk``
    event, as POST /accounts/me/security/revoke-sessions. Running it again
    ends only sessions started in between.

    Parameters
    ----------
    account
        The account's id.
    scope
        ``all`` ends every session of the account; ``others`` every session
        but the --keep-user member's (the operator has none of its own).
    keep_user
        With --scope others: the email of the member whose sessions stay.

    """
    try:
        operator = Operator(parse_account_id(account))
    except ValueError as exc:
        say(f"error: {exc}")
        return FAILED

    def body(services: Services) -> int:
        revoked = revoke_live_sessions(services, operator, BulkScope(scope), keep_user)
        show({"account_id": str(operator.account_id), "scope": scope, "revoked_count": revoked})
        return 0

    return run_job(body)


def _register(services: Services, registration: Registration) -> User:
    try:
        return register(services, registration, CLI_OPERATOR)
    except EmailAlreadyRegistered:
        # The API answers with the bare code; an operator is told which email.
        msg = f"{registration.email} is already registered"
        raise CommandError(msg) from None


def parse_account_id(text: str) -> UUID:
    """The ``--account`` option: an account's id, a UUID."""
    try:
        return UUID(text)
    except ValueError:
        msg = f"--account must be an account id (a UUID), not {text!r}"
        raise ValueError(msg) from None


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
