"""A password reset racing a two-factor sign-in: whichever commits first, nothing outlives it.

The reset holds the user's row, then closes the challenges; the completion
holds the user's row (signing them in), then spends the challenge. In the
same order, so on PostgreSQL one waits for the other instead of each holding
what the other needs next (a deadlock, which aborts one of them). A
challenge is stored only while the password it was got with is still the
user's, so a reset during the password check leaves none behind either.
"""

from __future__ import annotations

from concurrent.futures import Future, ThreadPoolExecutor
from typing import Final

import attrs
import pytest

from adapters.memory.mail import RecordingMailer
from decision_core.errors import InvalidCredentials, InvalidSignInChallenge, TwoFactorRequired
from decision_core.ports.unit_of_work import UnitOfWorkFactory
from decision_core.usecases.context import Services
from decision_core.usecases.mail_delivery import drain_outbox
from decision_core.usecases.password_reset import request_password_reset, reset_password
from decision_core.usecases.signin import login
from decision_core.usecases.token_issuing import IssuedTokens
from decision_core.usecases.two_factor_signin import complete_sign_in
from tests.unit.conftest import BROWSER, PASSWORD, owner_signed_in
from tests.unit.two_factor_steps import enrol

from .consume_in_process import RELEASE_TIMEOUT_SECONDS
from .racing import CheckingSlowly, PausedBefore, services_on

EMAIL: Final = "owner@example.com"
NEW_PASSWORD: Final = "a brand new passphrase"  # noqa: S105 - a test user's password


@attrs.frozen
class HalfSignedIn:
    """The owner with two factors: a challenge their password got, a recovery code, a reset link."""

    services: Services
    challenge: str = attrs.field(repr=False)
    recovery_code: str = attrs.field(repr=False)
    reset_token: str = attrs.field(repr=False)


def half_signed_in(uow_factory: UnitOfWorkFactory) -> HalfSignedIn:
    """The owner enrols, signs in as far as the challenge, and asks for a reset link."""
    services = services_on(uow_factory)
    enrolled = enrol(services, owner_signed_in(services))
    with pytest.raises(TwoFactorRequired) as raised:
        login(services, EMAIL, PASSWORD, BROWSER)
    request_password_reset(services, EMAIL, BROWSER)
    mailer = RecordingMailer()
    drain_outbox(services, mailer, limit=10)
    token = mailer.delivered[-1].values["token"]
    assert isinstance(token, str)
    return HalfSignedIn(services, raised.value.challenge, enrolled.recovery_codes[0], token)


def completed(future: Future[IssuedTokens]) -> IssuedTokens | None:
    """The completion's tokens, or ``None`` if the reset closed its challenge first."""
    try:
        return future.result(timeout=RELEASE_TIMEOUT_SECONDS)
    except InvalidSignInChallenge:
        return None


def assert_nothing_outlives_the_reset(uow_factory: UnitOfWorkFactory, owner: HalfSignedIn) -> None:
    """No live session, no open challenge: the new password is the only way in."""
    now = owner.services.clock.now()
    with uow_factory() as uow:
        user = uow.users.get_by_email(EMAIL)
        assert user is not None
        assert uow.login_sessions.live_for_user(user.id, now) == []
        assert uow.sign_in_challenges.close_open_for(user.id, now) == 0


def test_a_reset_while_the_code_is_checked_leaves_no_session(
    uow_factory: UnitOfWorkFactory,
) -> None:
    """The completion pauses before it signs the user in; the reset runs meanwhile."""
    owner = half_signed_in(uow_factory)
    completion = PausedBefore(uow_factory, "users", "record_sign_in")
    with ThreadPoolExecutor(2) as pool:
        signing_in = pool.submit(
            complete_sign_in,
            attrs.evolve(owner.services, uow=completion),
            owner.challenge,
            owner.recovery_code,
            BROWSER,
        )
        completion.wait_until_reached()
        resetting = pool.submit(reset_password, owner.services, owner.reset_token, NEW_PASSWORD)
        completed(signing_in)
        resetting.result(timeout=RELEASE_TIMEOUT_SECONDS)
    assert_nothing_outlives_the_reset(uow_factory, owner)


def test_a_completion_while_the_reset_writes_is_refused(uow_factory: UnitOfWorkFactory) -> None:
    """The reset pauses, holding the user, before it closes the challenges; the code comes."""
    owner = half_signed_in(uow_factory)
    reset = PausedBefore(uow_factory, "sign_in_challenges", "close_open_for")
    with ThreadPoolExecutor(2) as pool:
        resetting = pool.submit(
            reset_password, attrs.evolve(owner.services, uow=reset), owner.reset_token, NEW_PASSWORD
        )
        reset.wait_until_reached()
        signing_in = pool.submit(
            complete_sign_in, owner.services, owner.challenge, owner.recovery_code, BROWSER
        )
        resetting.result(timeout=RELEASE_TIMEOUT_SECONDS)
        assert completed(signing_in) is None
    assert_nothing_outlives_the_reset(uow_factory, owner)


def test_a_reset_during_the_password_check_leaves_no_challenge(
    uow_factory: UnitOfWorkFactory,
) -> None:
    """The old password is being checked when the reset commits: no challenge for it after."""
    owner = half_signed_in(uow_factory)
    slow = CheckingSlowly()
    with ThreadPoolExecutor(1) as pool:
        signing_in = pool.submit(
            login, attrs.evolve(owner.services, hasher=slow), EMAIL, PASSWORD, BROWSER
        )
        try:
            assert slow.checking.wait(RELEASE_TIMEOUT_SECONDS)
            reset_password(owner.services, owner.reset_token, NEW_PASSWORD)
        finally:
            slow.release.set()
        with pytest.raises(InvalidCredentials):
            signing_in.result(timeout=RELEASE_TIMEOUT_SECONDS)
    assert_nothing_outlives_the_reset(uow_factory, owner)
