"""A unit of work that promised to read only: it reads, takes no write lock, and cannot write."""

from __future__ import annotations

import sqlite3
from datetime import timedelta

import pytest
from sqlalchemy import Engine

from adapters.sqlalchemy import unit_of_work_factory
from decision_core.ports.unit_of_work import UnitOfWorkFactory

from .examples import NOW, a_user, an_account, given


def test_a_read_only_unit_of_work_reads_what_was_committed(uow_factory: UnitOfWorkFactory) -> None:
    """The same answers as any unit of work, the user joined with its account included."""
    account = an_account()
    user = a_user(account)
    given(uow_factory, account, user)
    with uow_factory().read_only() as uow:
        assert uow.users.get(user.id) == user
        assert uow.users.get_with_account(user.id) == (user, account)
        assert uow.accounts.get(account.id) == account


def test_a_read_only_unit_of_work_cannot_commit(uow_factory: UnitOfWorkFactory) -> None:
    """Whatever it was asked to write is gone: commit raises, and nothing was kept."""
    account = an_account()

    def add_and_commit() -> None:
        with uow_factory().read_only() as uow:
            uow.accounts.add(account)
            uow.commit()

    with pytest.raises(RuntimeError, match="read-only"):
        add_and_commit()
    with uow_factory() as uow:
        assert uow.accounts.get(account.id) is None


def test_a_read_only_unit_of_work_refuses_a_write_statement(
    sql_uow_factory: UnitOfWorkFactory,
) -> None:
    """On SQLite a write would otherwise be a transaction of its own, kept at once."""
    account = an_account()
    user = a_user(account)
    given(sql_uow_factory, account, user)
    uow = sql_uow_factory().read_only()
    with uow, pytest.raises(RuntimeError, match="read-only"):
        uow.users.record_sign_in(user.id, NOW + timedelta(minutes=1))
    with sql_uow_factory() as uow:
        assert uow.users.get(user.id) == user  # no sign-in recorded


def test_a_read_only_unit_of_work_on_sqlite_takes_no_write_lock(
    clean_sqlite_engine: Engine,
) -> None:
    """Another process may write while it is open; an ordinary one holds the lock until it ends."""
    factory = unit_of_work_factory(clean_sqlite_engine)
    account = an_account()
    given(factory, account)
    other_process = sqlite3.connect(
        str(clean_sqlite_engine.url.database), isolation_level=None, timeout=0
    )
    try:
        with factory().read_only() as uow:
            assert uow.accounts.get(account.id) == account
            other_process.execute("BEGIN IMMEDIATE")  # not locked out
            other_process.execute("ROLLBACK")
        with factory() as uow:
            assert uow.accounts.get(account.id) == account
            with pytest.raises(sqlite3.OperationalError, match="locked"):
                other_process.execute("BEGIN IMMEDIATE")
    finally:
        other_process.close()
