"""A new password or a deactivation closes the user's open sign-in challenges too."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta

import attrs
import pytest

from adapters.memory import FixedClock, MemoryStore
from decision_core.errors import InvalidSignInChallenge, TwoFactorRequired
from decision_core.login.totp import PERIOD_SECONDS
from decision_core.roles import Role
from decision_core.usecases.account_security import require_two_factor
from decision_core.usecases.context import Services
from decision_core.usecases.members import MemberChange, update_member
from decision_core.usecases.my_account import change_password
from decision_core.usecases.password_reset import (
    request_password_reset,
    reset_password,
    set_password_by_operator,
)
from decision_core.usecases.signin import login
from decision_core.usecases.two_factor_enrolment import (
    ByChallenge,
    confirm_enrolment,
    start_enrolment,
)
from decision_core.usecases.two_factor_signin import complete_sign_in
from tests.unit.conftest import BROWSER, PASSWORD, SignedInMember, member_with_role
from tests.unit.decision_core.usecases.test_password_reset import link_token
from tests.unit.two_factor_steps import Authenticator, Enrolled, enrol

EVE = "eve@example.com"
NEW_PASSWORD = "a brand new passphrase"  # noqa: S105 - a test user's password
NEXT_STEP = timedelta(seconds=PERIOD_SECONDS)


@attrs.frozen
class OwnerAndEve:
    """The owner's account on the in-memory store, with Eve, an engineer, signed in."""

    services: Services
    clock: FixedClock
    store: MemoryStore
    owner: SignedInMember
    eve: SignedInMember


@pytest.fixture
def scene(
    services: Services, clock: FixedClock, store: MemoryStore, owner: SignedInMember
) -> OwnerAndEve:
    """Eve joins the owner's account and signs in."""
    eve = member_with_role(services, owner, Role.ENGINEER, EVE)
    return OwnerAndEve(services, clock, store, owner, eve)


def reset_by_link(scene: OwnerAndEve) -> None:
    """Eve (or whoever reads her mail) sets a new password with a reset link."""
    request_password_reset(scene.services, EVE, BROWSER)
    reset_password(scene.services, link_token(scene.store), NEW_PASSWORD)


def set_by_operator(scene: OwnerAndEve) -> None:
    """An operator runs ``set-password`` for Eve."""
    set_password_by_operator(scene.services, EVE, NEW_PASSWORD)


def changed_by_eve(scene: OwnerAndEve) -> None:
    """Eve, signed in elsewhere, changes her own password."""
    change_password(scene.services, scene.eve.principal, PASSWORD, NEW_PASSWORD, BROWSER)


def deactivated_and_back(scene: OwnerAndEve) -> None:
    """The owner deactivates Eve and, a moment later, makes her active again."""
    for active in (False, True):
        change = MemberChange(is_active=active)
        update_member(scene.services, scene.owner.principal, scene.eve.user.id, change)


ENDINGS = pytest.mark.parametrize(
    "ending", [reset_by_link, set_by_operator, changed_by_eve, deactivated_and_back]
)


def challenge_of(services: Services, email: str = EVE) -> TwoFactorRequired:
    """The challenge the old password gets."""
    with pytest.raises(TwoFactorRequired) as raised:
        login(services, email, PASSWORD, BROWSER)
    return raised.value


def enrolled(services: Services, clock: FixedClock, member: SignedInMember) -> Enrolled:
    """The member, with two-factor sign-in on; the clock then moves to the next step."""
    two_factor = enrol(services, member)
    clock.advance(NEXT_STEP)
    return two_factor


@ENDINGS
def test_a_challenge_got_with_the_old_password_cannot_be_completed(
    scene: OwnerAndEve, ending: Callable[[OwnerAndEve], None]
) -> None:
    """Right password, code to come; then the change: the right code no longer signs in."""
    services, clock = scene.services, scene.clock
    authenticator = enrolled(services, clock, scene.eve).authenticator
    challenge = challenge_of(services)
    ending(scene)
    with pytest.raises(InvalidSignInChallenge):
        complete_sign_in(services, challenge.challenge, authenticator.code_at(clock.now()), BROWSER)
    (stored,) = scene.store.tables.sign_in_challenges.values()
    assert stored.used_at == clock.now()


@ENDINGS
def test_a_challenge_to_enrol_by_is_closed_before_and_after_the_set_up_starts(
    scene: OwnerAndEve, ending: Callable[[OwnerAndEve], None]
) -> None:
    """An account requiring two factors: neither a started set-up nor a new one completes."""
    services = scene.services
    require_two_factor(services, scene.owner.principal, required=True)
    started = ByChallenge(challenge_of(services).challenge, BROWSER)
    pending = start_enrolment(services, started)
    fresh = ByChallenge(challenge_of(services).challenge, BROWSER)
    ending(scene)
    code = Authenticator(pending.secret).code_at(scene.clock.now())
    with pytest.raises(InvalidSignInChallenge):
        confirm_enrolment(services, started, code)
    with pytest.raises(InvalidSignInChallenge):
        start_enrolment(services, fresh)
    closed_at = {c.used_at for c in scene.store.tables.sign_in_challenges.values()}
    assert closed_at == {scene.clock.now()}


def test_only_the_users_own_challenges_close(scene: OwnerAndEve) -> None:
    """Another member halfway through signing in finishes as usual."""
    services, clock = scene.services, scene.clock
    ada = member_with_role(services, scene.owner, Role.ADMIN, "ada@example.com")
    ada_enrolled = enrol(services, ada)
    enrolled(services, clock, scene.eve)
    challenge_of(services)
    ada_challenge = challenge_of(services, "ada@example.com")
    reset_by_link(scene)
    code = ada_enrolled.authenticator.code_at(clock.now())
    assert complete_sign_in(services, ada_challenge.challenge, code, BROWSER).access_token


def test_the_new_password_gets_a_challenge_that_completes(scene: OwnerAndEve) -> None:
    """Closing is about what came before: after the reset, Eve signs in with two factors."""
    services, clock = scene.services, scene.clock
    authenticator = enrolled(services, clock, scene.eve).authenticator
    challenge_of(services)
    reset_by_link(scene)
    with pytest.raises(TwoFactorRequired) as raised:
        login(services, EVE, NEW_PASSWORD, BROWSER)
    code = authenticator.code_at(clock.now())
    assert complete_sign_in(services, raised.value.challenge, code, BROWSER).access_token
