"""Wrong passwords at once: the failure limit holds however many arrive together."""

from __future__ import annotations

import threading
import time
from collections import Counter
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor

import attrs
import pytest

from decision_core.errors import DomainError, InvalidCredentials, TooManyAttempts
from decision_core.ports.unit_of_work import UnitOfWorkFactory
from decision_core.usecases.my_account import IncorrectPassword, change_password
from decision_core.usecases.signin import login
from tests.fakes import FastHasher
from tests.unit.conftest import BROWSER, owner_signed_in, register_owner

from .consume_in_process import RELEASE_TIMEOUT_SECONDS
from .racing import services_on

ATTEMPTS = 16
LIMIT = 5  # the default LOGIN_FAILURE_LIMIT
# Long enough that every attempt reaches its check while the first ones are still checking.
CHECK_SECONDS = 0.05


class SlowCountingHasher(FastHasher):
    """A fast hasher whose checks take a while, counted across threads."""

    def __init__(self) -> None:
        """No checks yet."""
        super().__init__()
        self._lock = threading.Lock()
        self.checks = 0

    def verify(self, password_hash: str, password: str) -> bool:
        """Count, wait, then check."""
        self._count()
        return super().verify(password_hash, password)

    def verify_dummy(self, password: str) -> None:
        """Count and wait, as for a real check."""
        self._count()
        super().verify_dummy(password)

    def _count(self) -> None:
        with self._lock:
            self.checks += 1
        time.sleep(CHECK_SECONDS)


def all_at_once(attempt: Callable[[], object]) -> Counter[type[DomainError]]:
    """Run ``attempt`` in ATTEMPTS threads released together; count the errors they raised."""
    start = threading.Barrier(ATTEMPTS)

    def released() -> type[DomainError]:
        start.wait(timeout=RELEASE_TIMEOUT_SECONDS)
        try:
            attempt()
        except DomainError as error:
            return type(error)
        pytest.fail("a wrong password was accepted")

    with ThreadPoolExecutor(ATTEMPTS) as pool:
        futures = [pool.submit(released) for _ in range(ATTEMPTS)]
        return Counter(future.result(timeout=RELEASE_TIMEOUT_SECONDS) for future in futures)


@pytest.mark.parametrize("email", ["owner@example.com", "nobody@example.com"])
def test_sixteen_wrong_passwords_at_once_get_five_checks(
    uow_factory: UnitOfWorkFactory, email: str
) -> None:
    """With a limit of five, exactly five passwords are checked; the rest answer 429."""
    hasher = SlowCountingHasher()
    services = services_on(uow_factory, hasher=hasher)
    register_owner(services)
    hasher.checks = 0
    outcomes = all_at_once(lambda: login(services, email, "wrong password", BROWSER))
    assert outcomes == {InvalidCredentials: LIMIT, TooManyAttempts: ATTEMPTS - LIMIT}
    assert hasher.checks == LIMIT


def test_sixteen_wrong_current_passwords_at_once_get_five_checks(
    uow_factory: UnitOfWorkFactory,
) -> None:
    """A password change is throttled like a sign-in, concurrency included."""
    hasher = SlowCountingHasher()
    services = services_on(uow_factory, hasher=hasher)
    owner = owner_signed_in(attrs.evolve(services, hasher=FastHasher()))
    outcomes = all_at_once(
        lambda: change_password(
            services, owner.principal, "wrong password", "a brand new passphrase", BROWSER
        )
    )
    assert outcomes == {IncorrectPassword: LIMIT, TooManyAttempts: ATTEMPTS - LIMIT}
    assert hasher.checks == LIMIT
