"""The second factor once on: its status, new recovery codes, turning it off."""

from __future__ import annotations

from datetime import timedelta

import pytest

from adapters.memory import FixedClock, MemoryStore
from decision_core import audit
from decision_core.errors import (
    InvalidTwoFactorCode,
    ReauthenticationRequired,
    TwoFactorNotEnabled,
    TwoFactorRequired,
)
from decision_core.login.totp import PERIOD_SECONDS
from decision_core.usecases.context import Services
from decision_core.usecases.signin import login
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
    events,
)
from tests.unit.two_factor_steps import enrol

NEXT_STEP = timedelta(seconds=PERIOD_SECONDS)


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
