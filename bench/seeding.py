"""Genuine login sessions and refresh tokens, written fast.

Rows are built by the domain's own constructors and the adapter's own row
mappings, then inserted in batches (see :mod:`bench.tree_seeding` for trees
and walks). Tokens are signed by the services the server builds from the
same settings, so the server accepts them as its own.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from datetime import datetime, timedelta
from itertools import islice
from typing import Any, Final
from uuid import UUID, uuid4

from sqlalchemy import Engine, func, insert, literal, select, true
from sqlalchemy.orm import Session

from adapters.sqlalchemy.row_mapping import login_session_columns, refresh_token_columns
from adapters.sqlalchemy.rows import LoginSessionRow, RefreshTokenRow
from decision_core.clock import from_unix, unix_seconds
from decision_core.identity import User
from decision_core.login.policy import PolicyOverrides, effective_policy
from decision_core.login.sessions import LoginSession, RefreshTokenRecord, new_login_session
from decision_core.login.tokens import SessionSnapshot
from decision_core.usecases.context import Services
from decision_core.usecases.token_issuing import issue_tokens, new_jti

BATCH: Final = 5_000


def batches(rows: Iterable[dict[str, Any]], size: int = BATCH) -> Iterator[list[dict[str, Any]]]:
    """``rows`` in lists of at most ``size``."""
    iterator = iter(rows)
    while batch := list(islice(iterator, size)):
        yield batch


def insert_rows(engine: Engine, table: Any, rows: Iterable[dict[str, Any]]) -> None:  # noqa: ANN401 - any mapped row class
    """Insert ``rows`` into ``table`` in batches, in one transaction."""
    with Session(engine) as session, session.begin():
        for batch in batches(rows):
            session.execute(insert(table), batch)


def live_sessions(user: User, count: int, now: datetime) -> Iterator[dict[str, Any]]:
    """Columns of ``count`` sessions of ``user``, signed in an hour before ``now``."""
    started = now - timedelta(hours=1)
    template = login_session_columns(
        LoginSession(
            id=uuid4(),
            user_id=user.id,
            account_id=user.account_id,
            auth_time=started,
            idle_max=3 * 24 * 3600,
            abs_max=14 * 24 * 3600,
            created_at=started,
            last_used_at=started,
        )
    )
    for _ in range(count):
        yield {**template, "id": uuid4()}


def seed_live_sessions(engine: Engine, users: Sequence[User], count: int, now: datetime) -> None:
    """``count`` live sessions spread evenly over ``users`` (one account).

    One session per user goes in through the row mapping; the database then
    copies those with fresh ids, which is many times faster than sending a
    million rows from Python and stores exactly the same columns.
    """
    per_user, extra = divmod(count, len(users))
    if per_user:
        firsts = (row for user in users for row in live_sessions(user, 1, now))
        insert_rows(engine, LoginSessionRow, firsts)
        _copy_sessions(engine, users[0].account_id, per_user - 1)
    insert_rows(
        engine, LoginSessionRow, (s for u in users[:extra] for s in live_sessions(u, 1, now))
    )


def _copy_sessions(engine: Engine, account_id: UUID, copies: int) -> None:
    """Insert ``copies`` copies of each of the account's sessions, each with a new id."""
    if copies <= 0:
        return
    table = LoginSessionRow.__table__
    others = [column for column in table.columns if column.name != "id"]
    if engine.dialect.name == "postgresql":
        series: Any = func.generate_series(1, copies).table_valued("n")
        new_id: Any = func.gen_random_uuid()
    else:
        # SQLite's shell has generate_series, the library does not: count in a recursive CTE.
        first = select(literal(1).label("n")).cte("series", recursive=True)
        series = first.union_all(select(first.c.n + 1).where(first.c.n < copies))
        new_id = func.lower(func.hex(func.randomblob(16)))  # how Uuid() stores ids on SQLite
    source = (
        select(new_id, *others)
        .select_from(table.join(series, true()))
        .where(table.c.account_id == account_id)
    )
    with engine.begin() as connection:
        connection.execute(
            insert(LoginSessionRow).from_select(["id", *(c.name for c in others)], source)
        )


def mint_refresh_tokens(engine: Engine, services: Services, user: User, count: int) -> list[str]:
    """``count`` live refresh tokens of ``user``, each the live token of its own session.

    The same records a sign-in writes (a login session and its first token
    record), under the account's default policy; signed by ``services.codec``.
    """
    now_s = unix_seconds(services.clock.now())
    policy = effective_policy(PolicyOverrides(), services.settings.sessions)
    snapshot = SessionSnapshot(now_s, policy.idle_seconds, policy.absolute_seconds)
    sessions, records, tokens = [], [], []
    for _ in range(count):
        session = new_login_session(
            sid=uuid4(),
            user_id=user.id,
            account_id=user.account_id,
            snapshot=snapshot,
            user_agent="bench",
            ip="127.0.0.1",
        )
        jti = new_jti()
        sessions.append(login_session_columns(session))
        records.append(
            refresh_token_columns(
                RefreshTokenRecord(jti=jti, sid=session.id, issued_at=from_unix(now_s))
            )
        )
        issued = issue_tokens(
            services,
            user=user,
            sid=session.id,
            jti=jti,
            refresh_iat=now_s,
            snapshot=snapshot,
            now_s=now_s,
        )
        tokens.append(issued.refresh_token)
    insert_rows(engine, LoginSessionRow, sessions)
    insert_rows(engine, RefreshTokenRow, records)
    return tokens
