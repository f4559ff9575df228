"""Cost growth of bulk revocation: "sign everyone out" of accounts of growing size.

``python -m bench.bulk_revoke [--sizes 1000 10000] [--database sqlite|postgres|both]``

One throw-away database per kind holds one account per size, each with that
many live sessions spread over a hundred users, all at once (so the small
accounts are revoked in a big table, as they would be). The timed part is
``revoke_live`` over the whole account plus its commit, in one transaction,
as the owner's "sign everyone out" does; the smallest account goes first.
"""

from __future__ import annotations

import sys
import time
from collections.abc import Sequence
from datetime import UTC, datetime, timedelta
from typing import Final
from uuid import uuid4

from sqlalchemy import text

from adapters.sqlalchemy import SqlAlchemyUnitOfWork, create_database_engine, upgrade_to_head
from bench.scratch import scratch_database
from bench.seeding import seed_live_sessions
from bench.settings import scaling_arguments
from decision_core.identity import Account, User
from decision_core.login.revocation import SessionSelector
from decision_core.login.sessions import RevokeReason
from decision_core.roles import Role

SIZES: Final = (1_000, 10_000, 100_000, 1_000_000)
USERS: Final = 100
NOW: Final = datetime(2025, 3, 1, 12, 0, tzinfo=UTC)


def bulk_revoke_seconds(url: str, sizes: Sequence[int]) -> dict[int, float]:
    """Seconds to revoke every live session of an account, by the account's size."""
    upgrade_to_head(url)
    engine = create_database_engine(url)
    try:
        accounts = {size: _seed_account(url, size) for size in sizes}
        with engine.begin() as connection:
            connection.execute(text("ANALYZE"))  # statistics, as a long-running database has
        seconds = {}
        for size in sorted(sizes):
            started = time.perf_counter()
            with SqlAlchemyUnitOfWork(engine) as uow:
                revoked = uow.login_sessions.revoke_live(
                    SessionSelector(accounts[size].id), NOW, RevokeReason.BULK_ALL
                )
                uow.commit()
            seconds[size] = time.perf_counter() - started
            if revoked != size:
                msg = f"revoked {revoked} sessions, expected {size}"
                raise RuntimeError(msg)
    finally:
        engine.dispose()
    return seconds


def _seed_account(url: str, sessions: int) -> Account:
    account = Account(id=uuid4(), name=f"Bench {sessions}", created_at=NOW - timedelta(days=1))
    users = [
        User(
            id=uuid4(),
            account_id=account.id,
            email=f"user{i}@{sessions}.bench.example",
            name=f"User {i}",
            role=Role.ENGINEER,
            password_hash="-",  # noqa: S106 - nobody signs in here
            is_active=True,
            created_at=account.created_at,
        )
        for i in range(USERS)
    ]
    engine = create_database_engine(url, pool_size=1, max_overflow=0)
    try:
        with SqlAlchemyUnitOfWork(engine) as uow:
            uow.accounts.add(account)
            for user in users:
                uow.users.add(user)
            uow.commit()
        seed_live_sessions(engine, users, sessions, NOW)
    finally:
        engine.dispose()
    return account


def main(argv: Sequence[str] | None = None) -> int:
    """Run on the chosen databases and print one line per database and size."""
    sizes, databases, postgres_url = scaling_arguments(__doc__.splitlines()[0], SIZES, argv)
    sys.stdout.write(f"{'database':<10}{'sessions':>10}{'seconds':>10}\n")
    for database in databases:
        with scratch_database(database, postgres_url) as url:
            seconds = bulk_revoke_seconds(url, sizes)
        for size, taken in seconds.items():
            sys.stdout.write(f"{database:<10}{size:>10}{taken:>10.3f}\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
