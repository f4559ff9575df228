from __future__ import annotations

from datetime import timedelta

import pytest

from adapters.memory import FixedClock, MemoryStore
from decision_core.errors import InvalidCredentials, TooManyAttempts
from decision_core.usecases.context import ClientInfo, Services
from decision_core.usecases.password_attempts import UNKNOWN_ADDRESS
from decision_core.usecases.signin import login
from tests.fakes import FastHasher
from tests.unit.conftest import BROWSER, PASSWORD, Transactions, register_owner, sign_in

EMAIL = "owner@example.com"


def fail(services: Services, times: int, email: str = EMAIL, client: ClientInfo = BROWSER) -> None:
    """Sign in with a wrong password ``times`` times."""
    for _ in range(times):
        with pytest.raises(InvalidCredentials):
            login(services, email, "wrong password", client)


def test_five_failures_throttle_the_sixth_attempt(services: Services, clock: FixedClock) -> None:
    """After five failures within 15 minutes even the right password answers 429."""
    register_owner(services)
    for _ in range(5):
        fail(services, 1)
        clock.advance(timedelta(minutes=1))
    with pytest.raises(TooManyAttempts) as throttled:
        login(services, EMAIL, PASSWORD, BROWSER)
    assert throttled.value.retry_after_seconds == 10 * 60


def test_four_failures_do_not_throttle(services: Services) -> None:
    """Below the limit the right password still signs in."""
    register_owner(services)
    fail(services, 4)
    sign_in(services, EMAIL)


def test_a_throttled_attempt_checks_no_password(
    services: Services, store: MemoryStore, hasher: FastHasher
) -> None:
    """A throttled attempt neither verifies a password nor counts as another failure."""
    register_owner(services)
    fail(services, 5)
    verifications, failures = hasher.verifications, list(store.tables.login_failures)
    with pytest.raises(TooManyAttempts):
        login(services, EMAIL, "wrong password", BROWSER)
    assert hasher.verifications == verifications
    assert store.tables.login_failures == failures


def test_throttling_ends_when_the_window_has_passed(services: Services, clock: FixedClock) -> None:
    """Fifteen minutes after the fifth failure, sign-in is allowed again."""
    register_owner(services)
    fail(services, 5)
    clock.advance(timedelta(minutes=15, seconds=-1))
    with pytest.raises(TooManyAttempts) as throttled:
        login(services, EMAIL, PASSWORD, BROWSER)
    assert throttled.value.retry_after_seconds == 1
    clock.advance(timedelta(seconds=1))
    sign_in(services, EMAIL)


def test_old_failures_leave_the_window_one_by_one(services: Services, clock: FixedClock) -> None:
    """The wait ends when the oldest of the five recent failures leaves the window."""
    register_owner(services)
    fail(services, 1)
    clock.advance(timedelta(minutes=10))
    fail(services, 4)
    clock.advance(timedelta(minutes=5))
    sign_in(services, EMAIL)


def test_a_success_resets_the_count(services: Services) -> None:
    """After a successful sign-in, four earlier failures no longer count."""
    register_owner(services)
    fail(services, 4)
    sign_in(services, EMAIL)
    fail(services, 4)
    sign_in(services, EMAIL)


def test_a_failure_made_during_a_success_with_none_counted_stays_counted(
    traced: Services, transactions: Transactions, store: MemoryStore
) -> None:
    """A success clears the failures it counted; one recorded while it was checking is kept."""
    register_owner(traced)
    starting_the_session = len(transactions.opened) + 1
    transactions.before[starting_the_session] = lambda: fail(traced, 1)
    sign_in(traced, EMAIL)
    assert len(store.tables.login_failures) == 1
    fail(traced, 3)
    sign_in(traced, EMAIL)  # four failures counted before it: not throttled, and cleared
    assert store.tables.login_failures == []


def test_throttling_is_per_address(services: Services) -> None:
    """Failures from one address do not throttle the same email from another."""
    register_owner(services)
    fail(services, 5)
    sign_in(services, EMAIL, client=ClientInfo(ip="198.51.100.9"))


def test_throttling_is_per_email(services: Services) -> None:
    """Failures for one email do not throttle another email from the same address."""
    register_owner(services)
    register_owner(services, "second@example.com")
    fail(services, 5)
    sign_in(services, "second@example.com")


def test_throttling_matches_emails_case_insensitively(services: Services) -> None:
    """Changing the case of the email does not escape the throttle."""
    register_owner(services)
    fail(services, 5)
    with pytest.raises(TooManyAttempts):
        login(services, "OWNER@example.com", PASSWORD, BROWSER)


def test_unknown_emails_are_throttled_too(services: Services) -> None:
    """Guessing at an unknown email is throttled like a known one."""
    fail(services, 5, email="nobody@example.com")
    with pytest.raises(TooManyAttempts):
        login(services, "nobody@example.com", PASSWORD, BROWSER)


def test_clients_without_an_address_share_one_count(services: Services, store: MemoryStore) -> None:
    """Attempts with no client address are counted under one 'unknown' address."""
    register_owner(services)
    fail(services, 5, client=ClientInfo())
    assert {failure.address for failure in store.tables.login_failures} == {UNKNOWN_ADDRESS}
    with pytest.raises(TooManyAttempts):
        login(services, EMAIL, PASSWORD, ClientInfo(user_agent="curl"))


def test_failures_stamped_after_the_attempt_read_its_clock_count(
    traced: Services, transactions: Transactions, clock: FixedClock
) -> None:
    """Failures another worker recorded while this attempt waited for the pair still count."""
    register_owner(traced)

    def five_failures_a_moment_later() -> None:
        clock.advance(timedelta(milliseconds=5))
        fail(traced, 5)

    # The attempt has read its clock; its transaction opens after the five were recorded.
    transactions.before[len(transactions.opened)] = five_failures_a_moment_later
    with pytest.raises(TooManyAttempts):
        login(traced, EMAIL, "wrong password", BROWSER)
