# ruff: noqa: INP001 - a stand-alone script, not part of any package
"""Time one bulk revocation of N live login sessions on SQLite and PostgreSQL.

Usage::

    uv run python scripts/bench_bulk_revoke.py --sessions 100000 [--database sqlite|postgres|both]

Each database is a throwaway: a temporary SQLite file, or a scratch schema of
the PostgreSQL server at ``--postgres-url`` (default: the integration tests'
``DECISION_TREE_TEST_POSTGRES_URL``). One account gets N live sessions spread
over a hundred users; the timed part is ``revoke_live`` over the whole account
plus its commit, in one transaction, as the owner's "sign everyone out" does.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from collections.abc import Sequence
from datetime import UTC, datetime, timedelta
from uuid import UUID, uuid4

from scratch_database import scratch_database
from sqlalchemy import Engine, insert, text
from sqlalchemy.orm import Session

from adapters.sqlalchemy import SqlAlchemyUnitOfWork, create_database_engine, upgrade_to_head
from adapters.sqlalchemy.row_mapping import login_session_columns
from adapters.sqlalchemy.rows import LoginSessionRow
from decision_core.identity import Account, User
from decision_core.login_sessions import LoginSession, RevokeReason
from decision_core.revocation import SessionSelector
from decision_core.roles import Role

DEFAULT_POSTGRES_URL = os.environ.get(
    "DECISION_TREE_TEST_POSTGRES_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test"
)
USERS = 100
BATCH = 5_000
NOW = datetime(2025, 3, 1, 12, 0, tzinfo=UTC)


def main(argv: Sequence[str] | None = None) -> int:
    """Run the benchmark on the chosen databases and print one line per database."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sessions", type=int, default=100_000)
    parser.add_argument("--database", choices=["sqlite", "postgres", "both"], default="both")
    parser.add_argument("--postgres-url", default=DEFAULT_POSTGRES_URL)
    args = parser.parse_args(argv)
    databases = ["sqlite", "postgres"] if args.database == "both" else [args.database]
    sys.stdout.write(f"{'database':<10}{'sessions':>10}{'seconds':>10}\n")
    for database in databases:
        with scratch_database(database, args.postgres_url) as url:
            seconds = benchmark(url, args.sessions)
        sys.stdout.write(f"{database:<10}{args.sessions:>10}{seconds:>10.3f}\n")
    return 0


def benchmark(url: str, sessions: int) -> float:
    """Migrate, seed ``sessions`` live sessions, and time revoking them all."""
    upgrade_to_head(url)
    engine = create_database_engine(url)
    try:
        account_id = seed(engine, sessions)
        started = time.perf_counter()
        with SqlAlchemyUnitOfWork(engine) as uow:
            revoked = uow.login_sessions.revoke_live(
                SessionSelector(account_id), NOW, RevokeReason.BULK_ALL
            )
            uow.commit()
        seconds = time.perf_counter() - started
    finally:
        engine.dispose()
    if revoked != sessions:
        msg = f"revoked {revoked} sessions, expected {sessions}"
        raise RuntimeError(msg)
    return seconds


def seed(engine: Engine, sessions: int) -> UUID:
    """One account, its users, and ``sessions`` live sessions inserted in batches."""
    account = Account(id=uuid4(), name="Bench", created_at=NOW - timedelta(days=1))
    users = [
        User(
            id=uuid4(),
            account_id=account.id,
            email=f"user{i}@bench.example",
            name=f"User {i}",
            role=Role.ENGINEER,
            password_hash="-",  # noqa: S106 - nobody signs in here
            is_active=True,
            created_at=account.created_at,
        )
        for i in range(USERS)
    ]
    with SqlAlchemyUnitOfWork(engine) as uow:
        uow.accounts.add(account)
        for user in users:
            uow.users.add(user)
        uow.commit()
    with Session(engine) as session, session.begin():
        for start in range(0, sessions, BATCH):
            rows = [
                login_session_columns(live_session(users[i % USERS]))
                for i in range(start, min(start + BATCH, sessions))
            ]
            session.execute(insert(LoginSessionRow), rows)
    with engine.begin() as connection:
        connection.execute(text("ANALYZE"))  # statistics, as a long-running database has
    return account.id


def live_session(user: User) -> LoginSession:
    """A session of ``user`` signed in an hour before ``NOW``, live for days."""
    started = NOW - timedelta(hours=1)
    return LoginSession(
        id=uuid4(),
        user_id=user.id,
        account_id=user.account_id,
        auth_time=started,
        idle_max=3 * 24 * 3600,
        abs_max=14 * 24 * 3600,
        created_at=started,
        last_used_at=started,
    )


if __name__ == "__main__":
    sys.exit(main())
