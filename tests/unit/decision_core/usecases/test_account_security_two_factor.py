"""The account's requirement of a second factor: the owner's switch and enrolling on the way in."""

from __future__ import annotations

from datetime import timedelta

import pytest

from adapters.memory import FixedClock, MemoryStore
from decision_core import audit
from decision_core.errors import (
    InvalidSignInChallenge,
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
    start_enrolment,
)
from decision_core.usecases.two_factor_settings import (
    two_factor_status,
)
from decision_core.usecases.two_factor_signin import complete_sign_in
from tests.unit.conftest import (
    BROWSER,
    PASSWORD,
    SignedInMember,
    events,
    member_with_role,
    stored_session,
)
from tests.unit.two_factor_steps import Authenticator, enrol

NEXT_STEP = timedelta(seconds=PERIOD_SECONDS)


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
