"""``decision-tree revoke-sessions`` in committed batches, interrupted and resumed."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from typing import Final
from uuid import UUID, uuid4

import attrs
import pytest
from sqlalchemy import Engine, func, insert, select

from adapters.sqlalchemy import SqlAlchemyUnitOfWork
from adapters.sqlalchemy.row_mapping import login_session_columns
from adapters.sqlalchemy.rows import LoginSessionRow
from decision_core import audit
from decision_core.audit import AuditEvent
from decision_core.identity import Account, User
from decision_core.login.sessions import LoginSession, RevokeReason
from decision_core.usecases.context import Services
from entrypoints.cli.runtime import INTERRUPTED, runtime_from_settings
from tests.fakes import CommitInterrupter
from tests.integration.cli.conftest import UNREACHABLE_DATABASE_URL, RunCli
from tests.integration.examples import a_user, an_account

# The command reads the wall clock: seeded sessions are live around it.
NOW: Final = datetime.now(UTC).replace(microsecond=0)
CLI: Final = {"actor": "cli"}


@attrs.frozen
class SeededAccounts:
    """An account with two members, and another account with one."""

    account: Account
    owner: User
    eve: User
    stranger: User


def live_session(user: User) -> LoginSession:
    """Signed in an hour ago, last used a minute ago: live for days yet."""
    return LoginSession(
        id=uuid4(),
        user_id=user.id,
        account_id=user.account_id,
        auth_time=NOW - timedelta(hours=1),
        idle_max=3 * 86400,
        abs_max=14 * 86400,
        created_at=NOW - timedelta(hours=1),
        last_used_at=NOW - timedelta(minutes=1),
    )


def dead_session(user: User) -> LoginSession:
    """Logged out a minute ago: no revocation may count or touch it."""
    return attrs.evolve(
        live_session(user), revoked_at=NOW - timedelta(minutes=1), revoke_reason=RevokeReason.LOGOUT
    )


def seed(engine: Engine, sessions: dict[str, int]) -> SeededAccounts:
    """The people, and ``sessions[name]`` live sessions of each, with bulk Core INSERTs."""
    account, other = an_account(), an_account()
    seeded = SeededAccounts(
        account=account,
        owner=a_user(account, email="owner@example.com"),
        eve=a_user(account, email="eve@example.com"),
        stranger=a_user(other),
    )
    with SqlAlchemyUnitOfWork(engine) as uow:
        uow.accounts.add(account)
        uow.accounts.add(other)
        for user in (seeded.owner, seeded.eve, seeded.stranger):
            uow.users.add(user)
        uow.commit()
    rows = [
        login_session_columns(live_session(getattr(seeded, name)))
        for name, count in sessions.items()
        for _ in range(count)
    ]
    rows += [login_session_columns(dead_session(seeded.owner)) for _ in range(3)]
    with engine.begin() as connection:
        connection.execute(insert(LoginSessionRow), rows)
    return seeded


def live_by_user(engine: Engine) -> dict[UUID, int]:
    """How many unrevoked sessions each user holds."""
    query = (
        select(LoginSessionRow.user_id, func.count())
        .where(LoginSessionRow.revoked_at.is_(None))
        .group_by(LoginSessionRow.user_id)
    )
    with engine.connect() as connection:
        return dict(connection.execute(query).all())


def bulk_events(services: Services, account: Account) -> list[AuditEvent]:
    """The account's bulk-revocation events, oldest first."""
    with services.uow() as uow:
        page = uow.audit.page(
            account.id, action=audit.SESSIONS_REVOKED_BULK, before=None, limit=100
        )
    return list(reversed(page))


def test_revocation_runs_in_batches_of_one_event_each(
    run_cli: RunCli, engine: Engine, services: Services
) -> None:
    """2300 sessions in batches of 1000: three batches, three events; Eve and the stranger stay."""
    seeded = seed(engine, {"owner": 2300, "eve": 400, "stranger": 300})
    args = ("--scope", "others", "--keep-user", "eve@example.com", "--batch-size", "1000")
    result = run_cli("revoke-sessions", "--account", str(seeded.account.id), *args)
    assert result.exit_code == 0, result.stderr
    assert json.loads(result.stdout) == {
        "account_id": str(seeded.account.id),
        "scope": "others",
        "revoked_count": 2300,
    }
    assert result.stderr.splitlines() == [
        "sessions revoked: batch 1, 1000 of 2300",
        "sessions revoked: batch 2, 2000 of 2300",
        "sessions revoked: batch 3, 2300 of 2300",
    ]
    assert live_by_user(engine) == {seeded.eve.id: 400, seeded.stranger.id: 300}
    kept = {"kept_user_id": str(seeded.eve.id)}
    assert [(e.user_id, e.details) for e in bulk_events(services, seeded.account)] == [
        (None, {"scope": "others", "revoked_count": n, **kept, "batch_size": 1000, **CLI})
        for n in (1000, 1000, 300)
    ]
    with engine.connect() as connection:
        reasons = connection.execute(
            select(LoginSessionRow.revoke_reason, func.count()).group_by(
                LoginSessionRow.revoke_reason
            )
        ).all()
    assert dict(reasons) == {None: 700, "bulk_others": 2300, "logout": 3}


def test_an_interrupted_revocation_keeps_its_finished_batches_and_a_rerun_ends_the_rest(
    run_cli: RunCli, engine: Engine, services: Services
) -> None:
    """Ctrl-C inside the 3rd batch's commit: two batches stay; exit 130; the rerun finishes."""
    seeded = seed(engine, {"owner": 3000, "eve": 1500, "stranger": 200})
    account = ("--account", str(seeded.account.id), "--scope", "all", "--batch-size", "1000")
    interrupter = CommitInterrupter(on_call=3)
    result = run_cli(
        "revoke-sessions", *account, open_runtime=interrupter.around(runtime_from_settings)
    )
    assert (result.exit_code, interrupter.commits) == (INTERRUPTED, 3)
    assert "interrupted" in result.stderr
    assert "Traceback" not in result.stderr
    assert result.stdout == ""
    live = live_by_user(engine)
    assert live[seeded.owner.id] + live[seeded.eve.id] == 4500 - 2000
    assert [e.details["revoked_count"] for e in bulk_events(services, seeded.account)] == [
        1000,
        1000,
    ]
    resumed = run_cli("revoke-sessions", *account)
    assert resumed.exit_code == 0, resumed.stderr
    assert json.loads(resumed.stdout)["revoked_count"] == 2500
    assert live_by_user(engine) == {seeded.stranger.id: 200}
    counts = [e.details["revoked_count"] for e in bulk_events(services, seeded.account)]
    assert counts == [1000, 1000, 1000, 1000, 500]
    again = run_cli("revoke-sessions", *account)
    assert json.loads(again.stdout)["revoked_count"] == 0
    assert again.stderr == ""
    assert len(bulk_events(services, seeded.account)) == len(counts)


@pytest.mark.parametrize("size", ["0", "10001", "many"])
def test_a_bad_batch_size_is_refused_before_the_database(
    run_cli: RunCli, cli_environment: pytest.MonkeyPatch, size: str
) -> None:
    """1 to 10000 sessions per batch; the unreachable database is never noticed."""
    cli_environment.setenv("DATABASE_URL", UNREACHABLE_DATABASE_URL)
    args = ("--account", str(uuid4()), "--scope", "all", "--batch-size", size)
    result = run_cli("revoke-sessions", *args)
    assert result.exit_code != 0
    assert "--batch-size" in result.stderr
    assert "database" not in result.stderr
