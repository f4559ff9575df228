"""A PostgreSQL restart must not cost a request: dead pooled connections are replaced.

The pool does not ping on checkout (a round trip per unit of work); instead a
unit of work's first statement is retried on a fresh connection when its
pooled one turns out to be dead. These tests kill the server side of pooled
connections, as a restart or an idle-timeout would, and check both routes a
first statement can take, and that a connection lost mid-transaction is an
error rather than a silent retry.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Final

import psycopg
import pytest
from sqlalchemy import Engine, make_url
from sqlalchemy.exc import OperationalError

from adapters.sqlalchemy import SqlAlchemyUnitOfWork, create_database_engine

from .examples import a_user, an_account, given

APPLICATION = "dead-connection-test"


@pytest.fixture
def engine(clean_postgres_engine: Engine) -> Iterator[Engine]:
    """An engine of its own on the migrated schema, its connections named for killing."""
    url = clean_postgres_engine.url.update_query_dict({"application_name": APPLICATION})
    own = create_database_engine(url.render_as_string(hide_password=False))
    yield own
    own.dispose()


def _terminate_pooled_backends(postgres_url: str) -> int:
    """Kill every server process serving the test engine's connections; how many."""
    dsn = make_url(postgres_url).set(drivername="postgresql").render_as_string(hide_password=False)
    with psycopg.connect(dsn, autocommit=True) as admin:
        killed = admin.execute(
            "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity"
            " WHERE application_name = %s",
            (APPLICATION,),
        ).fetchone()
    assert killed is not None
    return int(killed[0])


def _fill_pool(engine: Engine, connections: int) -> None:
    """Check out ``connections`` at once and return them, so the pool holds that many."""
    held = [engine.connect() for _ in range(connections)]
    for connection in held:
        connection.exec_driver_sql("SELECT 1")
    for connection in held:
        connection.close()


# How a unit of work's first statement reads the user: each route gets a connection its own way.
FIRST_READS: Final = {
    # The driver route runs on the pooled DB-API connection: its statement is retried.
    "driver-route": lambda uow, user: uow.users.get(user.id),
    # The ORM Session is handed a connection pinged first, as pool_pre_ping would.
    "orm-route": lambda uow, user: uow.users.list_by_account(user.account_id)[0],
}


@pytest.mark.parametrize("route", FIRST_READS)
def test_a_first_statement_survives_dead_pooled_connections(
    engine: Engine, postgres_url: str, route: str
) -> None:
    """Every pooled connection is dead: the first read retries until a new one answers."""
    account = an_account()
    user = a_user(account)
    given(lambda: SqlAlchemyUnitOfWork(engine), account, user)
    _fill_pool(engine, 2)
    assert _terminate_pooled_backends(postgres_url) == 2

    with SqlAlchemyUnitOfWork(engine) as uow:
        assert FIRST_READS[route](uow, user) == user


def test_a_connection_lost_mid_transaction_is_an_error_not_a_retry(
    engine: Engine, postgres_url: str
) -> None:
    """Work already done on the lost connection is gone; re-running only the rest is wrong."""
    account = an_account()
    user = a_user(account)
    given(lambda: SqlAlchemyUnitOfWork(engine), account, user)

    with SqlAlchemyUnitOfWork(engine) as uow:
        assert uow.users.get(user.id) == user
        assert _terminate_pooled_backends(postgres_url) == 1
        with pytest.raises(OperationalError):
            uow.accounts.get(account.id)

    # The dead connection left the pool: the next unit of work just works.
    with SqlAlchemyUnitOfWork(engine) as uow:
        assert uow.accounts.get(account.id) == account
