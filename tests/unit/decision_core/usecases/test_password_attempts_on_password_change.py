"""Wrong current passwords on a password change are throttled like failed sign-ins."""

from __future__ import annotations

from datetime import timedelta

import pytest

from adapters.memory import FixedClock, MemoryStore
from decision_core.errors import InvalidPassword, TooManyAttempts
from decision_core.usecases.context import ClientInfo, Services
from decision_core.usecases.my_account import IncorrectPassword, change_password
from decision_core.usecases.password_attempts import UNKNOWN_ADDRESS, password_change_subject
from tests.fakes import FastHasher
from tests.unit.conftest import BROWSER, PASSWORD, SignedInMember, sign_in
from tests.unit.decision_core.usecases.test_password_attempts import EMAIL
from tests.unit.decision_core.usecases.test_password_attempts import fail as fail_to_sign_in

NEW_PASSWORD = "a brand new passphrase"  # noqa: S105 - a test user's password


def fail(
    services: Services, owner: SignedInMember, times: int, client: ClientInfo = BROWSER
) -> None:
    """Give a wrong current password ``times`` times."""
    for _ in range(times):
        with pytest.raises(IncorrectPassword):
            change_password(services, owner.principal, "wrong password", NEW_PASSWORD, client)


def test_five_wrong_passwords_throttle_the_sixth_change(
    services: Services, clock: FixedClock, owner: SignedInMember
) -> None:
    """After five failures within 15 minutes even the right password waits."""
    for _ in range(5):
        fail(services, owner, 1)
        clock.advance(timedelta(minutes=1))
    with pytest.raises(TooManyAttempts) as throttled:
        change_password(services, owner.principal, PASSWORD, NEW_PASSWORD, BROWSER)
    assert throttled.value.retry_after_seconds == 10 * 60
    clock.advance(timedelta(minutes=10))
    change_password(services, owner.principal, PASSWORD, NEW_PASSWORD, BROWSER)


def test_a_throttled_change_checks_no_password_and_is_not_counted(
    services: Services, store: MemoryStore, hasher: FastHasher, owner: SignedInMember
) -> None:
    """Refused before the check; the count does not grow, so the wait does not either."""
    fail(services, owner, 5)
    verifications, failures = hasher.verifications, list(store.tables.login_failures)
    with pytest.raises(TooManyAttempts):
        change_password(services, owner.principal, "wrong password", NEW_PASSWORD, BROWSER)
    assert hasher.verifications == verifications
    assert store.tables.login_failures == failures


def test_a_change_resets_the_count(services: Services, owner: SignedInMember) -> None:
    """After a successful change, four earlier failures no longer count."""
    fail(services, owner, 4)
    change_password(services, owner.principal, PASSWORD, NEW_PASSWORD, BROWSER)
    fail(services, owner, 4)
    change_password(services, owner.principal, NEW_PASSWORD, PASSWORD, BROWSER)


def test_a_refused_new_password_is_not_counted(
    services: Services, store: MemoryStore, owner: SignedInMember
) -> None:
    """A new password outside the bounds is refused before any check."""
    for _ in range(6):
        with pytest.raises(InvalidPassword):
            change_password(services, owner.principal, "wrong password", "short", BROWSER)
    assert store.tables.login_failures == []


def test_changes_are_throttled_per_user_and_address(
    services: Services, store: MemoryStore, owner: SignedInMember
) -> None:
    """The count is the user's from one address; without an address, the 'unknown' one."""
    fail(services, owner, 5, client=ClientInfo())
    subjects = {(f.subject, f.address) for f in store.tables.login_failures}
    assert subjects == {(password_change_subject(owner.user.id), UNKNOWN_ADDRESS)}
    with pytest.raises(TooManyAttempts):
        change_password(services, owner.principal, PASSWORD, NEW_PASSWORD)
    change_password(services, owner.principal, PASSWORD, NEW_PASSWORD, BROWSER)


def test_failed_changes_do_not_throttle_signing_in(
    services: Services, owner: SignedInMember
) -> None:
    """The same user and address, but another count."""
    fail(services, owner, 5)
    sign_in(services, EMAIL)


def test_failed_sign_ins_do_not_throttle_a_change(
    services: Services, owner: SignedInMember
) -> None:
    """The same user and address, but another count."""
    fail_to_sign_in(services, 5)
    change_password(services, owner.principal, PASSWORD, NEW_PASSWORD, BROWSER)
