"""One code, or one challenge, presented twice at once: exactly one presentation succeeds."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta

import attrs
import pytest

from adapters.memory import FixedClock
from decision_core.errors import InvalidSignInChallenge, InvalidTwoFactorCode, TwoFactorRequired
from decision_core.ports.unit_of_work import UnitOfWorkFactory
from decision_core.usecases.signin import login
from decision_core.usecases.two_factor_signin import complete_sign_in
from tests.unit.conftest import BROWSER, PASSWORD, owner_signed_in
from tests.unit.two_factor_steps import enrol

from .consume_in_process import RELEASE_TIMEOUT_SECONDS
from .racing import PausedBefore, services_on

EMAIL = "owner@example.com"
NEXT_STEP = timedelta(seconds=30)


def challenge_token(uow_factory: UnitOfWorkFactory) -> str:
    """A new challenge of the owner's sign-in."""
    with pytest.raises(TwoFactorRequired) as raised:
        login(services_on(uow_factory), EMAIL, PASSWORD, BROWSER)
    return raised.value.challenge


def test_one_code_in_two_sign_ins_at_once_signs_in_once(uow_factory: UnitOfWorkFactory) -> None:
    """Two challenges, the same TOTP code, the first paused before it spends the step."""
    services = services_on(uow_factory)
    owner = owner_signed_in(services)
    enrolled = enrol(services, owner)
    # The next step: the enrolment spent the current one.
    code = enrolled.authenticator.code_at(services.clock.now() + NEXT_STEP)
    clock = services.clock
    assert isinstance(clock, FixedClock)
    clock.advance(NEXT_STEP)
    first, second = challenge_token(uow_factory), challenge_token(uow_factory)
    paused = PausedBefore(uow_factory, "two_factor", "spend_step")
    with ThreadPoolExecutor(2) as pool:
        slow = pool.submit(
            complete_sign_in, attrs.evolve(services, uow=paused), first, code, BROWSER
        )
        paused.wait_until_reached()
        fast = pool.submit(complete_sign_in, services, second, code, BROWSER)
        outcomes = []
        for future in (slow, fast):
            try:
                outcomes.append(future.result(timeout=RELEASE_TIMEOUT_SECONDS).access_token)
            except InvalidTwoFactorCode:
                outcomes.append("refused")
    assert sorted(o == "refused" for o in outcomes) == [False, True]


def test_one_challenge_completed_twice_at_once_signs_in_once(
    uow_factory: UnitOfWorkFactory,
) -> None:
    """Two recovery codes, one challenge: one session, and the other code is not spent."""
    services = services_on(uow_factory)
    owner = owner_signed_in(services)
    enrolled = enrol(services, owner)
    token = challenge_token(uow_factory)
    paused = PausedBefore(uow_factory, "sign_in_challenges", "use")
    with ThreadPoolExecutor(2) as pool:
        slow = pool.submit(
            complete_sign_in,
            attrs.evolve(services, uow=paused),
            token,
            enrolled.recovery_codes[0],
            BROWSER,
        )
        paused.wait_until_reached()
        fast = pool.submit(complete_sign_in, services, token, enrolled.recovery_codes[1], BROWSER)
        refused = 0
        for future in (slow, fast):
            try:
                future.result(timeout=RELEASE_TIMEOUT_SECONDS)
            except InvalidSignInChallenge:
                refused += 1
    assert refused == 1
    with uow_factory() as uow:
        assert uow.two_factor.recovery_codes_left(owner.user.id) == 9
