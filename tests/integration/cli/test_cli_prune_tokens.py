"""``decision-tree prune-tokens`` on SQLite and PostgreSQL, interrupted and resumed at scale."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Final
from uuid import UUID, uuid4

import attrs
import pytest
from sqlalchemy import ColumnElement, Engine, func, insert, select

from adapters.sqlalchemy import SqlAlchemyUnitOfWork
from adapters.sqlalchemy.row_mapping import login_session_columns, refresh_token_columns
from adapters.sqlalchemy.rows import LoginSessionRow, RefreshTokenRow
from decision_core.login.sessions import LoginSession, RefreshTokenRecord, RevokeReason
from entrypoints.cli.runtime import INTERRUPTED, runtime_from_settings
from tests.fakes import CommitInterrupter
from tests.integration.cli.conftest import UNREACHABLE_DATABASE_URL, RunCli
from tests.integration.examples import a_user, an_account

DAYS: Final = timedelta(days=1)
# Whole seconds, as every stored token time is; the wall clock, as the command reads it.
NOW: Final = datetime.now(UTC).replace(microsecond=0)
KINDS: Final = ("dead", "live", "replayable", "expired")


def dead_session(user_id: UUID, account_id: UUID) -> LoginSession:
    """Logged out ten days ago: it goes, with its tokens, under a one-day retention."""
    return attrs.evolve(
        live_session(user_id, account_id),
        auth_time=NOW - 12 * DAYS,
        created_at=NOW - 12 * DAYS,
        last_used_at=NOW - 11 * DAYS,
        revoked_at=NOW - 10 * DAYS,
        revoke_reason=RevokeReason.LOGOUT,
    )


def live_session(user_id: UUID, account_id: UUID) -> LoginSession:
    """Signed in five days ago, last refreshed a minute ago; 3 d idle, 14 d absolute."""
    return LoginSession(
        id=uuid4(),
        user_id=user_id,
        account_id=account_id,
        auth_time=NOW - 5 * DAYS,
        idle_max=3 * 86400,
        abs_max=14 * 86400,
        created_at=NOW - 5 * DAYS,
        last_used_at=NOW - timedelta(minutes=1),
    )


def token(
    kind: str, session: LoginSession, issued_ago: timedelta, *, consumed: bool
) -> RefreshTokenRecord:
    """A token whose jti starts with its kind, so the test can count each kind."""
    issued = NOW - issued_ago
    return RefreshTokenRecord(
        jti=f"{kind}-{uuid4().hex}",
        sid=session.id,
        issued_at=issued,
        consumed_at=issued + timedelta(minutes=1) if consumed else None,
    )


@attrs.frozen
class SeededRows:
    """How many rows of each kind the database holds."""

    dead_sessions: int
    live_sessions: int
    tokens: dict[str, int]


def seed(engine: Engine, *, dead: int, live: int) -> SeededRows:
    """``dead`` logged-out sessions with 2 tokens each; ``live`` sessions with 4 each.

    A live session has its live token, two consumed tokens whose exp is
    ahead (replayable: reuse detection needs them) and one consumed token
    that expired two days ago (it goes). Inserted with bulk Core INSERTs.
    """
    account = an_account()
    user = a_user(account)
    with SqlAlchemyUnitOfWork(engine) as uow:
        uow.accounts.add(account)
        uow.users.add(user)
        uow.commit()
    sessions: list[LoginSession] = []
    tokens: list[RefreshTokenRecord] = []
    for _ in range(dead):
        session = dead_session(user.id, account.id)
        sessions.append(session)
        tokens += [
            token("dead", session, 12 * DAYS, consumed=True),
            token("dead", session, 11 * DAYS, consumed=False),
        ]
    for _ in range(live):
        session = live_session(user.id, account.id)
        sessions.append(session)
        tokens += [
            token("expired", session, 5 * DAYS, consumed=True),
            token("replayable", session, timedelta(hours=2), consumed=True),
            token("replayable", session, timedelta(hours=1), consumed=True),
            token("live", session, timedelta(minutes=1), consumed=False),
        ]
    with engine.begin() as connection:
        connection.execute(insert(LoginSessionRow), [login_session_columns(s) for s in sessions])
        connection.execute(insert(RefreshTokenRow), [refresh_token_columns(t) for t in tokens])
    return counted(engine)


def counted(engine: Engine) -> SeededRows:
    """What the database holds now, by kind."""
    with engine.connect() as connection:

        def sessions(*criteria: ColumnElement[bool]) -> int:
            query = select(func.count()).select_from(LoginSessionRow).where(*criteria)
            return connection.execute(query).scalar_one()

        def tokens(kind: str) -> int:
            query = select(func.count()).where(RefreshTokenRow.jti.startswith(f"{kind}-"))
            return connection.execute(query).scalar_one()

        return SeededRows(
            dead_sessions=sessions(LoginSessionRow.revoked_at.is_not(None)),
            live_sessions=sessions(LoginSessionRow.revoked_at.is_(None)),
            tokens={kind: tokens(kind) for kind in KINDS},
        )


def test_a_bad_duration_is_one_line_and_touches_nothing(
    run_cli: RunCli, cli_environment: pytest.MonkeyPatch
) -> None:
    """Refused before the database is opened: an unreachable one is never noticed."""
    cli_environment.setenv("DATABASE_URL", UNREACHABLE_DATABASE_URL)
    bad = [["--older-than", text] for text in ("30", "30x", "0d", "d", "1d2")]
    bad.append(["--older-than=-1d"])  # with a space, "-1d" would read as an option
    for args in bad:
        result = run_cli("prune-tokens", *args)
        assert result.exit_code == 1
        assert result.stderr.count("\n") == 1
        assert "error: --older-than must be a positive duration such as 30d" in result.stderr


def test_pruning_keeps_live_rows_and_reports_what_went(run_cli: RunCli, engine: Engine) -> None:
    """A small run: dead sessions with their tokens, expired tokens; a rerun finds nothing."""
    seed(engine, dead=3, live=2)
    result = run_cli("prune-tokens", "--older-than", "1d", "--batch-size", "2")
    assert result.exit_code == 0, result.stderr
    assert result.stdout.startswith(
        "deleted 3 login sessions with their 6 refresh tokens,"
        " and 2 expired refresh tokens of other sessions (cutoff "
    )
    assert "finished login sessions: batch 2, 3" in result.stderr
    assert counted(engine) == SeededRows(
        0, 2, {"dead": 0, "live": 2, "replayable": 4, "expired": 0}
    )
    again = run_cli("prune-tokens", "--older-than", "1d")
    assert again.stdout.startswith("deleted 0 login sessions with their 0 refresh tokens, and 0")


def test_a_long_retention_keeps_everything(run_cli: RunCli, engine: Engine) -> None:
    """Nothing finished more than 30 days ago: nothing goes."""
    before = seed(engine, dead=2, live=2)
    assert run_cli("prune-tokens", "--older-than", "30d").exit_code == 0
    assert counted(engine) == before


def test_an_interrupted_prune_of_100k_rows_loses_only_its_open_batch_and_a_rerun_finishes(
    run_cli: RunCli, engine: Engine
) -> None:
    """Ctrl-C inside the 4th batch's commit: three whole batches stay done, nothing live goes."""
    batch = 2000
    before = seed(engine, dead=20_000, live=10_000)
    assert before.dead_sessions + before.live_sessions + sum(before.tokens.values()) == 110_000
    interrupter = CommitInterrupter(on_call=4)  # after the batch's DELETEs, before COMMIT
    result = run_cli(
        "prune-tokens",
        "--older-than",
        "1d",
        "--batch-size",
        str(batch),
        open_runtime=interrupter.around(runtime_from_settings),
    )
    assert (result.exit_code, interrupter.commits) == (INTERRUPTED, 4)
    assert "interrupted" in result.stderr
    assert "Traceback" not in result.stderr
    assert counted(engine) == attrs.evolve(
        before,
        dead_sessions=20_000 - 3 * batch,
        tokens={**before.tokens, "dead": 2 * (20_000 - 3 * batch)},
    )
    resumed = run_cli("prune-tokens", "--older-than", "1d", "--batch-size", str(batch))
    assert resumed.exit_code == 0, resumed.stderr
    assert resumed.stdout.startswith(
        "deleted 14000 login sessions with their 28000 refresh tokens,"
        " and 10000 expired refresh tokens of other sessions"
    )
    assert counted(engine) == SeededRows(
        0, 10_000, {"dead": 0, "live": 10_000, "replayable": 20_000, "expired": 0}
    )
