"""Enrolling a second factor, turning it off, new recovery codes, and the account's requirement."""

from __future__ import annotations

from datetime import timedelta

import pytest

from adapters.memory import FixedClock, MemoryStore
from decision_core import audit
from decision_core.errors import (
    InvalidSignInChallenge,
    InvalidTwoFactorCode,
    NoPendingEnrolment,
    ReauthenticationRequired,
    TooManyAttempts,
    TwoFactorAlreadyEnabled,
    TwoFactorNotEnabled,
    TwoFactorRequired,
)
from decision_core.login.totp import PERIOD_SECONDS
from decision_core.roles import Role
from decision_core.usecases.account_security import require_two_factor
from decision_core.usecases.context import Operator, Services
from decision_core.usecases.signin import authenticate, login
from decision_core.usecases.two_factor_enrolment import (
    ByChallenge,
    confirm_enrolment,
    pending_enrolment,
    start_enrolment,
)
from decision_core.usecases.two_factor_settings import (
    disable_two_factor,
    regenerate_recovery_codes,
    two_factor_status,
)
from decision_core.usecases.two_factor_signin import complete_sign_in
from tests.unit.conftest import (
    BROWSER,
    PASSWORD,
    SignedInMember,
    Transactions,
    events,
    member_with_role,
    owner_signed_in,
    stored_session,
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


def test_turning_two_factor_off_takes_a_code_and_a_recent_sign_in(
    services: Services, clock: FixedClock, store: MemoryStore, owner: SignedInMember
) -> None:
    """A code from the authenticator turns it off; its recovery codes go with it."""
    enrolled = enrol(services, owner)
    clock.advance(NEXT_STEP)
    with pytest.raises(InvalidTwoFactorCode):
        disable_two_factor(services, owner.principal, "000000")
    disable_two_factor(services, owner.principal, enrolled.authenticator.code_at(clock.now()))
    assert not two_factor_status(services, owner.principal).enabled
    assert store.tables.recovery_codes == {}
    [disabled] = events(store, audit.TWO_FACTOR_DISABLED)
    assert disabled.details == {"method": "totp"}
    assert login(services, "owner@example.com", PASSWORD, BROWSER).access_token
    with pytest.raises(TwoFactorNotEnabled):
        disable_two_factor(services, owner.principal, "000000")


def test_turning_two_factor_off_with_a_recovery_code(
    services: Services, store: MemoryStore, owner: SignedInMember
) -> None:
    """A lost phone: a recovery code turns it off, and both events say so."""
    enrolled = enrol(services, owner)
    disable_two_factor(services, owner.principal, enrolled.recovery_codes[0])
    assert events(store, audit.TWO_FACTOR_DISABLED)[0].details == {"method": "recovery_code"}
    assert events(store, audit.RECOVERY_CODE_USED)[0].details["purpose"] == "disable"


def test_turning_two_factor_off_is_a_step_up_change(
    services: Services, clock: FixedClock, owner: SignedInMember
) -> None:
    """Eleven minutes after the sign-in, even the right code waits for a confirmation."""
    enrolled = enrol(services, owner)
    clock.advance(timedelta(minutes=11))
    with pytest.raises(ReauthenticationRequired):
        disable_two_factor(services, owner.principal, enrolled.authenticator.code_at(clock.now()))
    assert two_factor_status(services, owner.principal).enabled


def test_new_recovery_codes_replace_the_old_ones(
    services: Services, clock: FixedClock, store: MemoryStore, owner: SignedInMember
) -> None:
    """A current TOTP code gives ten new codes; the old ones no longer sign in."""
    enrolled = enrol(services, owner)
    clock.advance(NEXT_STEP)
    with pytest.raises(InvalidTwoFactorCode):
        regenerate_recovery_codes(services, owner.principal, enrolled.recovery_codes[0])
    fresh = regenerate_recovery_codes(
        services, owner.principal, enrolled.authenticator.code_at(clock.now())
    )
    assert set(fresh).isdisjoint(enrolled.recovery_codes)
    assert two_factor_status(services, owner.principal).recovery_codes_left == 10
    assert len(events(store, audit.RECOVERY_CODES_REGENERATED)) == 1
    with pytest.raises(TwoFactorRequired) as raised:
        login(services, "owner@example.com", PASSWORD, BROWSER)
    with pytest.raises(InvalidTwoFactorCode):
        complete_sign_in(services, raised.value.challenge, enrolled.recovery_codes[1], BROWSER)
    assert complete_sign_in(services, raised.value.challenge, fresh[1], BROWSER).access_token


def test_new_recovery_codes_need_two_factor_on(services: Services, owner: SignedInMember) -> None:
    """Without an enrolment there is nothing to regenerate."""
    with pytest.raises(TwoFactorNotEnabled):
        regenerate_recovery_codes(services, owner.principal, "123456")


# --- the account's requirement -------------------------------------------------------------


def require(services: Services, owner: SignedInMember) -> None:
    """The owner turns the requirement on."""
    require_two_factor(services, owner.principal, required=True)


def test_a_member_without_a_second_factor_enrols_on_the_way_in(
    services: Services, clock: FixedClock, store: MemoryStore, owner: SignedInMember
) -> None:
    """The challenge says enrol; the enrolment's confirmation completes the sign-in."""
    member = member_with_role(services, owner, Role.ENGINEER, "eve@example.com")
    require(services, owner)
    with pytest.raises(TwoFactorRequired) as raised:
        login(services, "eve@example.com", PASSWORD, BROWSER)
    assert raised.value.enrolment_required
    enroller = ByChallenge(raised.value.challenge, BROWSER)
    with pytest.raises(InvalidSignInChallenge):
        complete_sign_in(services, raised.value.challenge, "123456", BROWSER)
    pending = start_enrolment(services, enroller)
    confirmed = confirm_enrolment(
        services, enroller, Authenticator(pending.secret).code_at(clock.now())
    )
    assert confirmed.tokens is not None
    principal = authenticate(services, confirmed.tokens.access_token)
    assert principal.user_id == member.user.id
    assert stored_session(store, principal.sid).auth_time == clock.now()
    assert events(store, audit.LOGIN)[-1].details["second_factor"] == "enrolment"
    with pytest.raises(InvalidSignInChallenge):
        start_enrolment(services, enroller)


def test_members_signed_in_keep_their_sessions_when_it_is_required(
    services: Services, store: MemoryStore, owner: SignedInMember
) -> None:
    """The requirement applies at the next sign-in; running sessions stay live."""
    member = member_with_role(services, owner, Role.VIEWER, "vic@example.com")
    require(services, owner)
    assert stored_session(store, member.principal.sid).revoked_at is None
    assert two_factor_status(services, member.principal).required_by_account


def test_a_member_with_a_second_factor_uses_it_as_always(
    services: Services, clock: FixedClock, owner: SignedInMember
) -> None:
    """The requirement asks nothing more of someone already enrolled."""
    member = member_with_role(services, owner, Role.ADMIN, "ada@example.com")
    enrolled = enrol(services, member)
    require(services, owner)
    clock.advance(NEXT_STEP)
    with pytest.raises(TwoFactorRequired) as raised:
        login(services, "ada@example.com", PASSWORD, BROWSER)
    assert not raised.value.enrolment_required
    code = enrolled.authenticator.code_at(clock.now())
    assert complete_sign_in(services, raised.value.challenge, code, BROWSER).access_token


def test_the_requirement_is_audited_only_when_it_changes(
    services: Services, store: MemoryStore, owner: SignedInMember
) -> None:
    """On, on again, off: two events, each with old and new."""
    assert require_two_factor(services, owner.principal, required=True).require_two_factor
    require_two_factor(services, owner.principal, required=True)
    view = require_two_factor(services, owner.principal, required=False)
    assert not view.require_two_factor
    changes = [e.details for e in events(store, audit.TWO_FACTOR_REQUIRED_CHANGED)]
    assert changes == [{"old": False, "new": True}, {"old": True, "new": False}]


def test_an_operator_may_require_two_factors(
    services: Services, store: MemoryStore, owner: SignedInMember
) -> None:
    """The command line needs no step-up: it has no login session."""
    view = require_two_factor(services, Operator(owner.user.account_id), required=True)
    assert view.require_two_factor
    assert events(store, audit.TWO_FACTOR_REQUIRED_CHANGED)[0].details["actor"] == "cli"


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
