"""Enrolling a second factor: a pending secret, its first code, the recovery codes."""

from __future__ import annotations

from datetime import timedelta

import pytest

from adapters.memory import FixedClock, MemoryStore
from decision_core import audit
from decision_core.errors import (
    InvalidTwoFactorCode,
    NoPendingEnrolment,
    TooManyAttempts,
    TwoFactorAlreadyEnabled,
)
from decision_core.login.totp import PERIOD_SECONDS
from decision_core.usecases.context import Services
from decision_core.usecases.signin import login
from decision_core.usecases.two_factor_enrolment import (
    confirm_enrolment,
    pending_enrolment,
    start_enrolment,
)
from decision_core.usecases.two_factor_settings import (
    two_factor_status,
)
from tests.unit.conftest import (
    BROWSER,
    PASSWORD,
    SignedInMember,
    Transactions,
    events,
    owner_signed_in,
)
from tests.unit.two_factor_steps import Authenticator, enrol

NEXT_STEP = timedelta(seconds=PERIOD_SECONDS)


def test_an_enrolment_is_pending_until_a_code_confirms_it(
    services: Services, clock: FixedClock, store: MemoryStore, owner: SignedInMember
) -> None:
    """Started, nothing changes at sign-in; confirmed, ten codes once, and the event."""
    pending = start_enrolment(services, owner.principal)
    assert pending.otpauth_uri.startswith("otpauth://totp/decision-tree:owner@example.com?")
    assert two_factor_status(services, owner.principal).pending
    assert login(services, "owner@example.com", PASSWORD, BROWSER).access_token
    code = Authenticator(pending.secret).code_at(clock.now())
    confirmed = confirm_enrolment(services, owner.principal, code)
    assert len(set(confirmed.recovery_codes)) == 10
    assert confirmed.tokens is None
    status = two_factor_status(services, owner.principal)
    assert (status.enabled, status.pending, status.recovery_codes_left) == (True, False, 10)
    [enabled] = events(store, audit.TWO_FACTOR_ENABLED)
    assert enabled.user_id == owner.user.id
    stored = store.tables.two_factor[owner.user.id]
    assert pending.secret not in repr(stored)
    assert all(code not in str(store.tables.recovery_codes) for code in confirmed.recovery_codes)


def test_a_new_enrolment_replaces_a_pending_one(
    services: Services, clock: FixedClock, owner: SignedInMember
) -> None:
    """The first secret's codes no longer confirm anything."""
    first = start_enrolment(services, owner.principal)
    second = start_enrolment(services, owner.principal)
    assert first.secret != second.secret
    with pytest.raises(InvalidTwoFactorCode):
        confirm_enrolment(
            services, owner.principal, Authenticator(first.secret).code_at(clock.now())
        )
    confirm_enrolment(services, owner.principal, Authenticator(second.secret).code_at(clock.now()))


def test_an_enrolment_needs_two_factor_off(services: Services, owner: SignedInMember) -> None:
    """With two-factor sign-in on, neither a start nor a confirmation is possible."""
    enrol(services, owner)
    with pytest.raises(TwoFactorAlreadyEnabled):
        start_enrolment(services, owner.principal)
    with pytest.raises(TwoFactorAlreadyEnabled):
        confirm_enrolment(services, owner.principal, "123456")


def test_a_confirmation_needs_an_enrolment(services: Services, owner: SignedInMember) -> None:
    """Nothing started, nothing to confirm."""
    with pytest.raises(NoPendingEnrolment):
        confirm_enrolment(services, owner.principal, "123456")


def test_a_wrong_confirmation_code_is_counted_and_audited(
    services: Services, store: MemoryStore, owner: SignedInMember
) -> None:
    """Five wrong codes, then a wait; each is in the audit trail."""
    start_enrolment(services, owner.principal)
    for attempt in range(5):
        with pytest.raises(InvalidTwoFactorCode):
            confirm_enrolment(services, owner.principal, f"{attempt:06d}")
    with pytest.raises(TooManyAttempts):
        confirm_enrolment(services, owner.principal, "000000")
    assert {e.details["purpose"] for e in events(store, audit.TWO_FACTOR_FAILED)} == {"enrolment"}
    assert len(events(store, audit.TWO_FACTOR_FAILED)) == 5


def test_a_confirmation_loses_to_a_newer_enrolment_started_meanwhile(
    traced: Services, transactions: Transactions, clock: FixedClock
) -> None:
    """The code was right for the secret it was read from, but that secret was replaced."""
    owner = owner_signed_in(traced)
    pending = start_enrolment(traced, owner.principal)
    code = Authenticator(pending.secret).code_at(clock.now())

    def another_enrolment_starts() -> None:
        start_enrolment(traced, owner.principal)

    confirming = len(transactions.opened) + 1
    transactions.before[confirming] = another_enrolment_starts
    with pytest.raises(NoPendingEnrolment):
        confirm_enrolment(traced, owner.principal, code)


def test_a_pending_enrolment_shows_the_same_secret_again(
    services: Services, clock: FixedClock, owner: SignedInMember
) -> None:
    """Derived anew from the stored seed; none before a start, none once confirmed."""
    assert pending_enrolment(services, owner.principal) is None
    started = start_enrolment(services, owner.principal)
    again = pending_enrolment(services, owner.principal)
    assert again == started
    assert again is not None
    confirm_enrolment(services, owner.principal, Authenticator(again.secret).code_at(clock.now()))
    assert pending_enrolment(services, owner.principal) is None
