"""``create-account``, ``add-user`` and ``revoke-sessions`` on SQLite and PostgreSQL."""

from __future__ import annotations

import io
import json
from typing import Final
from uuid import UUID, uuid4

import pytest
from sqlalchemy import Engine, func, select

from adapters.sqlalchemy.rows import InviteRow
from decision_core import audit
from decision_core.audit import AuditEvent
from decision_core.roles import Role
from decision_core.usecases.context import ClientInfo, Services
from decision_core.usecases.signin import login
from entrypoints.cli.accounts import read_password
from entrypoints.cli.runtime import CommandError
from tests.integration.cli.conftest import (
    UNREACHABLE_DATABASE_URL,
    CliResult,
    RunCli,
    one_line_error,
)

PASSWORD: Final = "correct horse battery"  # noqa: S105 - a test user's password
CLI: Final = {"actor": "cli"}


def create_account(run_cli: RunCli, email: str = "owner@example.com") -> dict[str, str]:
    """Run create-account with the password on stdin; its JSON output."""
    result = run_cli(
        "create-account", "--email", email, "--name", "Olive", "--password-stdin",
        stdin=f"{PASSWORD}\n",
    )  # fmt: skip
    assert result.exit_code == 0, result.stderr
    output: dict[str, str] = json.loads(result.stdout)
    return output


def add_user(run_cli: RunCli, account_id: str, email: str, role: str) -> CliResult:
    """Run add-user with the password on stdin."""
    return run_cli(
        "add-user", "--account", account_id, "--email", email, "--name", email.partition("@")[0],
        "--role", role, "--password-stdin", stdin=f"{PASSWORD}\n",
    )  # fmt: skip


def events(services: Services, account_id: str, action: str) -> list[AuditEvent]:
    """The account's events of one action, newest first."""
    with services.uow() as uow:
        return uow.audit.page(UUID(account_id), action=action, before=None, limit=100)


def test_create_account_prints_the_ids_of_a_new_owner_who_can_sign_in(
    run_cli: RunCli, services: Services
) -> None:
    """The owner exists with the role and password given; the event names the CLI."""
    created = create_account(run_cli)
    assert set(created) == {"account_id", "user_id", "email", "name", "role"}
    assert (created["email"], created["role"]) == ("owner@example.com", "owner")
    with services.uow() as uow:
        owner = uow.users.get(UUID(created["user_id"]))
    assert owner is not None
    assert owner.account_id == UUID(created["account_id"])
    assert login(services, "owner@example.com", PASSWORD, ClientInfo()).access_token
    [event] = events(services, created["account_id"], audit.USER_REGISTERED)
    assert (event.user_id, event.resource_id) == (None, created["user_id"])
    assert event.details == {"role": "owner", "by_invite": False, **CLI}


def test_create_account_refuses_a_taken_email_in_one_line(
    run_cli: RunCli, services: Services
) -> None:
    """Nothing is written; the command says which rule broke."""
    del services
    create_account(run_cli)
    again = run_cli(
        "create-account", "--email", "OWNER@example.com", "--name", "Copy", "--password-stdin",
        stdin=f"{PASSWORD}\n",
    )  # fmt: skip
    one_line_error(again, "OWNER@example.com is already registered")


def test_create_account_refuses_a_short_password_in_one_line(
    run_cli: RunCli, cli_database: str
) -> None:
    """The password rules are the HTTP API's."""
    del cli_database
    result = run_cli(
        "create-account", "--email", "a@example.com", "--name", "A", "--password-stdin",
        stdin="short\n",
    )  # fmt: skip
    one_line_error(result, "password")


def test_add_user_invites_and_registers_the_member_as_the_cli(
    run_cli: RunCli, services: Services
) -> None:
    """member.invited and auth.registered, both without a user and naming the CLI."""
    account_id = create_account(run_cli)["account_id"]
    result = add_user(run_cli, account_id, "eve@example.com", "engineer")
    assert result.exit_code == 0, result.stderr
    added = json.loads(result.stdout)
    assert (added["account_id"], added["role"], added["email"]) == (
        account_id,
        "engineer",
        "eve@example.com",
    )
    with services.uow() as uow:
        members = uow.users.list_by_account(UUID(account_id))
    assert {(m.email, m.role) for m in members} == {
        ("owner@example.com", Role.OWNER),
        ("eve@example.com", Role.ENGINEER),
    }
    [invited] = events(services, account_id, audit.MEMBER_INVITED)
    assert (invited.user_id, invited.details) == (
        None,
        {"role": "engineer", "email": "eve@example.com", **CLI},
    )
    joined = events(services, account_id, audit.USER_REGISTERED)[0]
    assert (joined.user_id, joined.resource_id) == (None, added["user_id"])
    assert joined.details == {"role": "engineer", "by_invite": True, **CLI}


def test_add_user_to_an_unknown_account_says_so_and_writes_nothing(
    run_cli: RunCli, services: Services
) -> None:
    """One line naming the account; the email stays free."""
    missing = str(uuid4())
    one_line_error(add_user(run_cli, missing, "eve@example.com", "viewer"), f"no account {missing}")
    with services.uow() as uow:
        assert uow.users.get_by_email("eve@example.com") is None


def test_add_user_with_a_bad_email_leaves_no_invite_behind(
    run_cli: RunCli, services: Services
) -> None:
    """The email and password are checked before the invite is created."""
    account_id = create_account(run_cli)["account_id"]
    one_line_error(add_user(run_cli, account_id, "not-an-email", "viewer"), "email")
    assert events(services, account_id, audit.MEMBER_INVITED) == []


def test_add_user_with_a_taken_email_leaves_no_invite_and_no_event_behind(
    run_cli: RunCli, services: Services, engine: Engine
) -> None:
    """The invite and the registration are one transaction: refused together, written never."""
    account_id = create_account(run_cli)["account_id"]
    taken = add_user(run_cli, account_id, "OWNER@example.com", "admin")
    one_line_error(taken, "OWNER@example.com is already registered")
    assert events(services, account_id, audit.MEMBER_INVITED) == []
    with engine.connect() as connection:
        assert connection.scalar(select(func.count()).select_from(InviteRow)) == 0


def test_revoke_sessions_all_ends_every_live_session_once(
    run_cli: RunCli, services: Services
) -> None:
    """The count is printed as JSON; one batch, one event, as the CLI; a rerun writes none."""
    account_id = create_account(run_cli)["account_id"]
    for _ in range(3):
        login(services, "owner@example.com", PASSWORD, ClientInfo())
    result = run_cli("revoke-sessions", "--account", account_id, "--scope", "all")
    assert result.exit_code == 0, result.stderr
    assert json.loads(result.stdout) == {
        "account_id": account_id,
        "scope": "all",
        "revoked_count": 3,
    }
    again = run_cli("revoke-sessions", "--account", account_id, "--scope", "all")
    assert json.loads(again.stdout)["revoked_count"] == 0
    [event] = events(services, account_id, audit.SESSIONS_REVOKED_BULK)
    assert (event.user_id, event.details) == (
        None,
        {"scope": "all", "revoked_count": 3, "batch_size": 5000, **CLI},
    )


def test_revoke_sessions_others_keeps_the_named_members_sessions(
    run_cli: RunCli, services: Services
) -> None:
    """Everyone else is signed out; the kept member's sessions stay live."""
    account_id = create_account(run_cli)["account_id"]
    added = json.loads(add_user(run_cli, account_id, "eve@example.com", "admin").stdout)
    for email in ("owner@example.com", "eve@example.com", "eve@example.com"):
        login(services, email, PASSWORD, ClientInfo())
    result = run_cli(
        "revoke-sessions", "--account", account_id, "--scope", "others",
        "--keep-user", "eve@example.com",
    )  # fmt: skip
    assert json.loads(result.stdout)["revoked_count"] == 1
    with services.uow() as uow:
        active = uow.login_sessions.active_users(UUID(account_id), services.clock.now())
    assert [str(a.user_id) for a in active] == [added["user_id"]]
    [event] = events(services, account_id, audit.SESSIONS_REVOKED_BULK)
    assert event.details["kept_user_id"] == added["user_id"]


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        (("--scope", "others"), "needs the member whose sessions are kept"),
        (("--scope", "all", "--keep-user", "owner@example.com"), "'others' only"),
        (("--scope", "others", "--keep-user", "nobody@example.com"), "no member nobody@"),
    ],
)
def test_revoke_sessions_refuses_an_unclear_scope_in_one_line(
    run_cli: RunCli, services: Services, arguments: tuple[str, ...], message: str
) -> None:
    """The operator has no sessions of its own, so "others" must name whom to keep."""
    account_id = create_account(run_cli)["account_id"]
    one_line_error(run_cli("revoke-sessions", "--account", account_id, *arguments), message)
    assert events(services, account_id, audit.SESSIONS_REVOKED_BULK) == []


def test_revoke_sessions_of_an_unknown_account_is_one_line(
    run_cli: RunCli, cli_database: str
) -> None:
    """The id is named; exit status 1."""
    del cli_database
    missing = str(uuid4())
    result = run_cli("revoke-sessions", "--account", missing, "--scope", "all")
    one_line_error(result, f"no account {missing}")


@pytest.mark.parametrize(
    "arguments",
    [
        ("revoke-sessions", "--account", "42", "--scope", "all"),
        ("add-user", "--account", "acme", "--email", "a@example.com", "--name", "A",
         "--role", "viewer", "--password-stdin"),
    ],
)  # fmt: skip
def test_an_account_that_is_no_id_is_refused_before_the_database(
    run_cli: RunCli, cli_environment: pytest.MonkeyPatch, arguments: tuple[str, ...]
) -> None:
    """The database is never reached: it does not even exist."""
    cli_environment.setenv("DATABASE_URL", UNREACHABLE_DATABASE_URL)
    one_line_error(run_cli(*arguments), "--account must be an account id")


@pytest.mark.parametrize(
    "arguments",
    [
        ("create-account", "--email", "a@example.com", "--name", "A", "--password-stdin"),
        ("add-user", "--account", str(uuid4()), "--email", "a@example.com", "--name", "A",
         "--role", "viewer", "--password-stdin"),
        ("revoke-sessions", "--account", str(uuid4()), "--scope", "all"),
    ],
)  # fmt: skip
def test_an_unreachable_database_is_one_line_without_secrets(
    run_cli: RunCli, cli_environment: pytest.MonkeyPatch, arguments: tuple[str, ...]
) -> None:
    """Exit status 1; the URL's password is not shown."""
    cli_environment.setenv("DATABASE_URL", UNREACHABLE_DATABASE_URL)
    result = run_cli(*arguments, stdin=f"{PASSWORD}\n")
    one_line_error(result, "database")
    assert "pw-123" not in result.stderr


def test_the_password_is_asked_twice_on_a_terminal() -> None:
    """Both answers must match; the prompt does not echo (getpass is the default)."""
    answers = iter(["s3cret-pass", "s3cret-pass"])
    terminal = _Terminal()
    assert read_password(from_stdin=False, prompt=lambda _: next(answers), stdin=terminal) == (
        "s3cret-pass"
    )
    differing = iter(["s3cret-pass", "other-pass"])
    with pytest.raises(CommandError, match="differ"):
        read_password(from_stdin=False, prompt=lambda _: next(differing), stdin=terminal)


def test_without_a_terminal_the_password_must_come_from_stdin() -> None:
    """A pipe is never prompted on: the command says to use --password-stdin."""
    with pytest.raises(CommandError, match="--password-stdin"):
        read_password(from_stdin=False, stdin=io.StringIO("s3cret-pass\n"))
    piped = io.StringIO("s3cret pass \r\nnext line\n")
    assert read_password(from_stdin=True, stdin=piped) == "s3cret pass "


class _Terminal(io.StringIO):
    """A stdin that says it is a terminal."""

    def isatty(self) -> bool:
        """Always a terminal."""
        return True
