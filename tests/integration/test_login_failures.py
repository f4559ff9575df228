import threading
import time
from concurrent.futures import ThreadPoolExecutor
from datetime import datetime, timedelta

import pytest
from sqlalchemy import Engine

from adapters.sqlalchemy import unit_of_work_factory
from decision_core.ports.unit_of_work import UnitOfWorkFactory

from .consume_in_process import RELEASE_TIMEOUT_SECONDS
from .examples import NOW
from .racing import HEAD_START_SECONDS


def test_recent_failures_are_those_after_the_cutoff_for_the_pair(
    uow_factory: UnitOfWorkFactory,
) -> None:
    """Failures at or before ``since``, or of another email or address, do not count."""
    since = NOW - timedelta(minutes=15)
    with uow_factory() as uow:
        for at in (since - timedelta(minutes=1), since, NOW - timedelta(minutes=3), NOW):
            uow.login_failures.record("ada@example.com", "192.0.2.1", at)
        uow.login_failures.record("ada@example.com", "192.0.2.2", NOW)
        uow.login_failures.record("bob@example.com", "192.0.2.1", NOW)
        uow.commit()
    with uow_factory() as uow:
        recent = uow.login_failures.recent("ada@example.com", "192.0.2.1", since)
    assert recent == [NOW - timedelta(minutes=3), NOW]


def test_clearing_forgets_only_that_pair(uow_factory: UnitOfWorkFactory) -> None:
    """A success wipes the pair's failures and leaves every other pair's."""
    since = NOW - timedelta(hours=1)
    with uow_factory() as uow:
        mark = uow.login_failures.record("ada@example.com", "192.0.2.1", NOW)
        uow.login_failures.record("ada@example.com", "192.0.2.2", NOW)
        uow.commit()
    with uow_factory() as uow:
        uow.login_failures.clear("ada@example.com", "192.0.2.1", through=mark)
        uow.commit()
    with uow_factory() as uow:
        assert uow.login_failures.recent("ada@example.com", "192.0.2.1", since) == []
        assert uow.login_failures.recent("ada@example.com", "192.0.2.2", since) == [NOW]


def test_clearing_keeps_the_failures_recorded_after_the_mark(
    uow_factory: UnitOfWorkFactory,
) -> None:
    """Failures are numbered in order; clearing through one number keeps the later ones."""
    since = NOW - timedelta(hours=1)
    later = NOW + timedelta(seconds=1)
    with uow_factory() as uow:
        first = uow.login_failures.record("ada@example.com", "192.0.2.1", NOW)
        uow.commit()
    with uow_factory() as uow:
        second = uow.login_failures.record("ada@example.com", "192.0.2.1", NOW)
        third = uow.login_failures.record("ada@example.com", "192.0.2.1", later)
        uow.commit()
    assert first < second < third
    with uow_factory() as uow:
        uow.login_failures.clear("ada@example.com", "192.0.2.1", through=second)
        uow.commit()
    with uow_factory() as uow:
        assert uow.login_failures.recent("ada@example.com", "192.0.2.1", since) == [later]


def test_a_held_pair_waits_for_the_holder_to_commit(uow_factory: UnitOfWorkFactory) -> None:
    """A second holder of the pair starts only once the first one's failure is committed."""
    since = NOW - timedelta(hours=1)
    second_is_holding = threading.Event()

    def count_after_holding() -> int:
        second_is_holding.set()
        with uow_factory() as uow:
            uow.login_failures.hold("ada@example.com", "192.0.2.1")
            return len(uow.login_failures.recent("ada@example.com", "192.0.2.1", since))

    with ThreadPoolExecutor(1) as pool:
        with uow_factory() as uow:
            uow.login_failures.hold("ada@example.com", "192.0.2.1")
            assert uow.login_failures.recent("ada@example.com", "192.0.2.1", since) == []
            later_count = pool.submit(count_after_holding)
            assert second_is_holding.wait(RELEASE_TIMEOUT_SECONDS)
            time.sleep(HEAD_START_SECONDS)  # a hold that does not wait counts meanwhile
            uow.login_failures.record("ada@example.com", "192.0.2.1", NOW)
            uow.commit()
        assert later_count.result(timeout=RELEASE_TIMEOUT_SECONDS) == 1


@pytest.mark.postgres
def test_on_postgres_holding_one_pair_does_not_hold_another(clean_postgres_engine: Engine) -> None:
    """Another address of the same email is counted at once (SQLite runs one writer anyway)."""
    uow_factory = unit_of_work_factory(clean_postgres_engine)
    since = NOW - timedelta(hours=1)

    def count_another_pair() -> list[datetime]:
        with uow_factory() as uow:
            uow.login_failures.hold("ada@example.com", "192.0.2.2")
            return uow.login_failures.recent("ada@example.com", "192.0.2.2", since)

    with ThreadPoolExecutor(1) as pool, uow_factory() as uow:
        uow.login_failures.hold("ada@example.com", "192.0.2.1")
        assert pool.submit(count_another_pair).result(timeout=HEAD_START_SECONDS) == []
