from datetime import timedelta

from decision_core.ports import UnitOfWorkFactory

from .examples import NOW


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
        uow.login_failures.record("ada@example.com", "192.0.2.1", NOW)
        uow.login_failures.record("ada@example.com", "192.0.2.2", NOW)
        uow.commit()
    with uow_factory() as uow:
        uow.login_failures.clear("ada@example.com", "192.0.2.1")
        uow.commit()
    with uow_factory() as uow:
        assert uow.login_failures.recent("ada@example.com", "192.0.2.1", since) == []
        assert uow.login_failures.recent("ada@example.com", "192.0.2.2", since) == [NOW]
