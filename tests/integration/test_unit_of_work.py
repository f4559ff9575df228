import threading
from collections.abc import Iterator
from typing import Any

import pytest
from sqlalchemy import Engine, event
from sqlalchemy.pool import PoolProxiedConnection, QueuePool

from adapters.memory import MemoryUnitOfWork
from adapters.sqlalchemy import SqlAlchemyUnitOfWork, unit_of_work_factory
from adapters.sqlalchemy.unit_of_work import UnitsOfWork
from decision_core.identity import Account, User
from decision_core.ports.unit_of_work import UnitOfWorkFactory

from .examples import a_user, an_account, given


class Boom(Exception):
    """Raised inside a transaction to abandon it."""


def test_writes_are_rolled_back_unless_committed(uow_factory: UnitOfWorkFactory) -> None:
    """Leaving the block without commit discards everything it wrote."""
    account = an_account()
    with uow_factory() as uow:
        uow.accounts.add(account)
        assert uow.accounts.get(account.id) == account
    with uow_factory() as uow:
        assert uow.accounts.get(account.id) is None


def test_committed_writes_last(uow_factory: UnitOfWorkFactory) -> None:
    """After commit, a new unit of work sees the write, and ``committed`` says so."""
    account = an_account()
    uow = uow_factory()
    with uow:
        uow.accounts.add(account)
        uow.commit()
    assert isinstance(uow, MemoryUnitOfWork | SqlAlchemyUnitOfWork)
    assert uow.committed
    with uow_factory() as later:
        assert later.accounts.get(account.id) == account


def test_an_exception_rolls_back_and_propagates(uow_factory: UnitOfWorkFactory) -> None:
    """A failing use case leaves no trace."""
    account = an_account()

    def fail_half_way() -> None:
        with uow_factory() as uow:
            uow.accounts.add(account)
            raise Boom

    with pytest.raises(Boom):
        fail_half_way()
    with uow_factory() as uow:
        assert uow.accounts.get(account.id) is None


def test_writes_after_a_commit_need_another_commit(uow_factory: UnitOfWorkFactory) -> None:
    """Commit closes one transaction; what follows it in the block is a new one."""
    kept, dropped = an_account(), an_account()
    with uow_factory() as uow:
        uow.accounts.add(kept)
        uow.commit()
        uow.accounts.add(dropped)
    with uow_factory() as uow:
        assert uow.accounts.get(kept.id) == kept
        assert uow.accounts.get(dropped.id) is None


def test_a_unit_of_work_can_be_entered_again(uow_factory: UnitOfWorkFactory) -> None:
    """One instance runs one transaction per ``with``, each starting uncommitted."""
    first, second = an_account(), an_account()
    uow = uow_factory()
    with uow:
        uow.accounts.add(first)
        uow.commit()
    with uow:
        uow.accounts.add(second)
    with uow:
        assert uow.accounts.get(first.id) == first
        assert uow.accounts.get(second.id) is None


def test_sqlite_units_of_work_of_one_process_take_turns(clean_sqlite_engine: Engine) -> None:
    """A second unit of work enters only when the first has left; both then commit."""
    factory = unit_of_work_factory(clean_sqlite_engine)
    first, later = an_account(), an_account()
    later_inside = threading.Event()

    def add_later() -> None:
        with factory() as uow:
            later_inside.set()
            uow.accounts.add(later)
            uow.commit()

    thread = threading.Thread(target=add_later)
    with factory() as uow:
        uow.accounts.add(first)
        thread.start()
        # Still inside the first unit of work: the second must be waiting for its turn.
        assert not later_inside.wait(timeout=0.3)
        uow.commit()
    assert later_inside.wait(timeout=5)
    thread.join(timeout=5)
    with factory() as uow:
        assert uow.accounts.get(first.id) == first
        assert uow.accounts.get(later.id) == later


def test_postgres_units_of_work_need_no_turns(clean_postgres_engine: Engine) -> None:
    """Two units of work on PostgreSQL are open at the same time (row locks suffice)."""
    factory = unit_of_work_factory(clean_postgres_engine)
    both_inside = threading.Barrier(2, timeout=5)

    def enter_and_wait() -> None:
        with factory() as uow:
            uow.accounts.get(an_account().id)
            both_inside.wait()

    thread = threading.Thread(target=enter_and_wait)
    thread.start()
    enter_and_wait()
    thread.join(timeout=5)
    assert not both_inside.broken


@pytest.fixture
def checkouts(clean_sqlite_engine: Engine) -> Iterator[list[PoolProxiedConnection]]:
    """Every connection checked out of the SQLite engine's pool during the test, in order."""
    seen: list[PoolProxiedConnection] = []

    def record(_dbapi: Any, _record: Any, proxy: PoolProxiedConnection) -> None:  # noqa: ANN401 - the pool's own objects
        seen.append(proxy)

    event.listen(clean_sqlite_engine, "checkout", record)
    yield seen
    event.remove(clean_sqlite_engine, "checkout", record)


def _checked_out(engine: Engine) -> int:
    assert isinstance(engine.pool, QueuePool)
    return engine.pool.checkedout()


def _turns_storing(
    engine: Engine, checkouts: list[PoolProxiedConnection], *values: Account | User
) -> UnitsOfWork:
    """SQLite's units of work with ``values`` stored, and the checkouts that took forgotten."""
    factory = unit_of_work_factory(engine)
    given(factory, *values)
    checkouts.clear()
    return factory


def test_sqlite_turns_keep_one_connection_until_closed(
    clean_sqlite_engine: Engine, checkouts: list[PoolProxiedConnection]
) -> None:
    """Turn after turn runs on one checkout; closing the factory returns it to the pool."""
    account = an_account()
    user = a_user(account)
    factory = _turns_storing(clean_sqlite_engine, checkouts, account, user)
    before = _checked_out(clean_sqlite_engine)
    for _ in range(3):
        with factory() as uow:
            assert uow.users.get(user.id) == user  # the driver route
    assert len(checkouts) == 1
    assert _checked_out(clean_sqlite_engine) == before + 1
    factory.close()
    assert _checked_out(clean_sqlite_engine) == before


def test_sqlite_turns_let_the_orm_route_return_its_connection(
    clean_sqlite_engine: Engine, checkouts: list[PoolProxiedConnection]
) -> None:
    """A turn through the ORM Session returns its connection; the next turn takes one anew."""
    account = an_account()
    user = a_user(account)
    factory = _turns_storing(clean_sqlite_engine, checkouts, account, user)
    before = _checked_out(clean_sqlite_engine)
    with factory() as uow:
        assert uow.users.list_by_account(account.id) == [user]  # the ORM route
    assert _checked_out(clean_sqlite_engine) == before
    with factory() as uow:
        assert uow.users.get(user.id) == user
    assert len(checkouts) == 2
    factory.close()
    assert _checked_out(clean_sqlite_engine) == before


def test_sqlite_turns_do_not_keep_an_invalidated_connection(
    clean_sqlite_engine: Engine, checkouts: list[PoolProxiedConnection]
) -> None:
    """A connection found broken during a turn goes; the next turn works on a new one."""
    account = an_account()
    factory = _turns_storing(clean_sqlite_engine, checkouts, account)
    before = _checked_out(clean_sqlite_engine)
    with factory() as uow:
        assert uow.accounts.get(account.id) == account
        checkouts[-1].invalidate()  # as a unit of work does when its connection is gone
    assert _checked_out(clean_sqlite_engine) == before
    with factory() as uow:
        assert uow.accounts.get(account.id) == account
    assert len(checkouts) == 2
    factory.close()
    assert _checked_out(clean_sqlite_engine) == before


def test_repositories_belong_to_the_transaction_they_were_made_in(
    sql_uow_factory: UnitOfWorkFactory,
) -> None:
    """Each ``with`` makes its own repositories; outside one there are none to use."""
    uow = sql_uow_factory()
    with uow:
        first = uow.accounts
        assert uow.accounts is first
    with pytest.raises(RuntimeError, match="enter the unit of work"):
        _ = uow.accounts
    with uow:
        assert uow.accounts is not first
    with pytest.raises(AttributeError, match="no attribute 'cellar'"):
        _ = uow.cellar  # type: ignore[attr-defined]
