"""Step-up: which changes need a recent proof of identity, and how a session proves it again."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta

import pytest

from adapters.memory import FixedClock, MemoryStore
from decision_core import audit
from decision_core.errors import (
    InvalidCredentials,
    InvalidTwoFactorCode,
    ReauthenticationRequired,
    RuleViolation,
    TooManyAttempts,
)
from decision_core.login.policy import PolicyPatch, Preset
from decision_core.login.revocation import BulkScope
from decision_core.login.totp import PERIOD_SECONDS
from decision_core.roles import Role
from decision_core.usecases.account_security import (
    require_two_factor,
    revoke_sessions,
    update_security,
)
from decision_core.usecases.context import Operator, Services
from decision_core.usecases.members import MemberChange, update_member
from decision_core.usecases.refreshing import refresh
from decision_core.usecases.step_up import reauthenticate
from decision_core.usecases.two_factor_settings import disable_two_factor
from tests.unit.conftest import (
    BROWSER,
    PASSWORD,
    SignedInMember,
    events,
    member_with_role,
    sign_in,
    stored_session,
)
from tests.unit.two_factor_steps import enrol

STEP_UP = timedelta(minutes=10)
WRONG_PASSWORD = "not the password"  # noqa: S105 - a test's wrong password
MakeChange = Callable[[], object]
# Sets a step-up change up (a member to promote, an enrolment to turn off); the change itself.
StepUpChange = Callable[[Services, FixedClock, SignedInMember], MakeChange]


def _revoke_all(services: Services, _clock: FixedClock, owner: SignedInMember) -> MakeChange:
    return lambda: revoke_sessions(services, owner.principal, BulkScope.ALL)


def _policy(services: Services, _clock: FixedClock, owner: SignedInMember) -> MakeChange:
    return lambda: update_security(services, owner.principal, PolicyPatch(preset=Preset.STANDARD))


def _requirement(services: Services, _clock: FixedClock, owner: SignedInMember) -> MakeChange:
    return lambda: require_two_factor(services, owner.principal, required=True)


def _role(services: Services, _clock: FixedClock, owner: SignedInMember) -> MakeChange:
    member = member_with_role(services, owner, Role.VIEWER, "vera@example.com")
    change = MemberChange(role=Role.ADMIN)
    return lambda: update_member(services, owner.principal, member.user.id, change)


def _disable(services: Services, clock: FixedClock, owner: SignedInMember) -> MakeChange:
    enrolled = enrol(services, owner)
    clock.advance(timedelta(seconds=PERIOD_SECONDS))  # past the confirmation's step
    return lambda: disable_two_factor(
        services, owner.principal, enrolled.authenticator.code_at(clock.now())
    )


STEP_UP_CHANGES: dict[str, StepUpChange] = {
    "revoke all": _revoke_all,
    "policy": _policy,
    "require two factors": _requirement,
    "role": _role,
    "disable two-factor": _disable,
}


@pytest.mark.parametrize("change", STEP_UP_CHANGES.values(), ids=STEP_UP_CHANGES)
def test_a_fresh_sign_in_may_make_a_step_up_change(
    services: Services, clock: FixedClock, owner: SignedInMember, change: StepUpChange
) -> None:
    """Right after signing in, no confirmation is asked."""
    change(services, clock, owner)()


@pytest.mark.parametrize("change", STEP_UP_CHANGES.values(), ids=STEP_UP_CHANGES)
def test_an_older_sign_in_must_confirm_first(
    services: Services,
    clock: FixedClock,
    store: MemoryStore,
    owner: SignedInMember,
    change: StepUpChange,
) -> None:
    """Eleven minutes on the change is refused, writing nothing; after a confirmation it is made."""
    act = change(services, clock, owner)
    clock.advance(timedelta(minutes=11))
    audit_before = len(store.tables.audit)
    with pytest.raises(ReauthenticationRequired):
        act()
    assert store.tables.audit[audit_before:] == []
    reauthenticate(services, owner.principal, password=PASSWORD, client=BROWSER)
    act()
    assert len(store.tables.audit) > audit_before + 1


@pytest.mark.parametrize(("seconds", "allowed"), [(-1, True), (0, False), (1, False)])
def test_a_proof_is_recent_for_less_than_the_window(
    services: Services,
    clock: FixedClock,
    owner: SignedInMember,
    seconds: int,
    allowed: bool,  # noqa: FBT001
) -> None:
    """Exactly STEP_UP_MINUTES after the sign-in it no longer counts."""
    clock.advance(STEP_UP + timedelta(seconds=seconds))
    if allowed:
        _revoke_all(services, clock, owner)()
    else:
        with pytest.raises(ReauthenticationRequired):
            _revoke_all(services, clock, owner)()


def test_a_confirmation_counts_for_the_window_from_its_own_moment(
    services: Services, clock: FixedClock, owner: SignedInMember
) -> None:
    """Confirmed at 30 minutes: recent until 40, not at 40."""
    clock.advance(timedelta(minutes=30))
    reauthenticate(services, owner.principal, password=PASSWORD)
    clock.advance(STEP_UP - timedelta(seconds=1))
    _policy(services, clock, owner)()
    clock.advance(timedelta(seconds=1))
    with pytest.raises(ReauthenticationRequired):
        _policy(services, clock, owner)()


def test_a_confirmation_moves_no_deadline_and_is_audited(
    services: Services, clock: FixedClock, store: MemoryStore, owner: SignedInMember
) -> None:
    """auth_time (the absolute lifetime's anchor) stays; auth.reauthenticated says how."""
    before = stored_session(store, owner.principal.sid)
    clock.advance(timedelta(minutes=30))
    reauthenticate(services, owner.principal, password=PASSWORD)
    after = stored_session(store, owner.principal.sid)
    assert after.auth_time == before.auth_time
    assert after.absolute_expires_at == before.absolute_expires_at
    assert after.reauthenticated_at == clock.now()
    [event] = events(store, audit.REAUTHENTICATED)
    assert (event.details, event.resource_id) == ({"method": "password"}, str(owner.principal.sid))


def test_a_refresh_after_a_confirmation_keeps_it(
    services: Services, clock: FixedClock, store: MemoryStore, owner: SignedInMember
) -> None:
    """A rotation saves the session; the confirmation is not lost."""
    clock.advance(timedelta(minutes=30))
    reauthenticate(services, owner.principal, password=PASSWORD)
    refresh(services, owner.tokens.refresh_token, BROWSER)
    assert stored_session(store, owner.principal.sid).reauthenticated_at == clock.now()


def test_a_confirmation_holds_for_its_own_session_only(
    services: Services, clock: FixedClock, owner: SignedInMember
) -> None:
    """Another device of the same owner still has to confirm."""
    other_device = sign_in(services, "owner@example.com")
    clock.advance(timedelta(minutes=11))
    reauthenticate(services, owner.principal, password=PASSWORD)
    with pytest.raises(ReauthenticationRequired):
        _policy(services, clock, other_device)()


def test_a_wrong_password_confirms_nothing_and_is_throttled(
    services: Services, clock: FixedClock, owner: SignedInMember
) -> None:
    """Five wrong passwords, then a wait even for the right one."""
    clock.advance(timedelta(minutes=11))
    for _ in range(5):
        with pytest.raises(InvalidCredentials):
            reauthenticate(services, owner.principal, password=WRONG_PASSWORD, client=BROWSER)
    with pytest.raises(TooManyAttempts):
        reauthenticate(services, owner.principal, password=PASSWORD, client=BROWSER)
    with pytest.raises(ReauthenticationRequired):
        _policy(services, clock, owner)()


def test_a_code_confirms_for_a_user_with_a_second_factor(
    services: Services, clock: FixedClock, store: MemoryStore, owner: SignedInMember
) -> None:
    """A TOTP code or a recovery code confirms; each method is in the event."""
    enrolled = enrol(services, owner)
    clock.advance(timedelta(minutes=11))
    reauthenticate(services, owner.principal, code=enrolled.authenticator.code_at(clock.now()))
    _policy(services, clock, owner)()
    clock.advance(timedelta(minutes=11))
    reauthenticate(services, owner.principal, code=enrolled.recovery_codes[0])
    _policy(services, clock, owner)()
    methods = [e.details["method"] for e in events(store, audit.REAUTHENTICATED)]
    assert methods == ["totp", "recovery_code"]
    assert events(store, audit.RECOVERY_CODE_USED)[0].details["purpose"] == "reauthenticate"


def test_a_code_confirms_nothing_without_a_second_factor(
    services: Services, store: MemoryStore, owner: SignedInMember
) -> None:
    """There is no code to know; the attempt is audited as a wrong code."""
    with pytest.raises(InvalidTwoFactorCode):
        reauthenticate(services, owner.principal, code="123456")
    assert len(events(store, audit.TWO_FACTOR_FAILED)) == 1


@pytest.mark.parametrize(
    ("password", "code"), [(None, None), (PASSWORD, "123456")], ids=["neither", "both"]
)
def test_a_confirmation_takes_a_password_or_a_code(
    services: Services, owner: SignedInMember, password: str | None, code: str | None
) -> None:
    """Exactly one of them."""
    with pytest.raises(RuleViolation):
        reauthenticate(services, owner.principal, password=password, code=code)


def test_signing_out_the_others_and_deactivating_need_no_step_up(
    services: Services, clock: FixedClock, owner: SignedInMember
) -> None:
    """Protective actions stay one click away, however old the sign-in."""
    member = member_with_role(services, owner, Role.ENGINEER, "eng@example.com")
    clock.advance(timedelta(hours=2))
    revoke_sessions(services, owner.principal, BulkScope.OTHERS)
    update_member(services, owner.principal, member.user.id, MemberChange(is_active=False))


def test_a_role_left_as_it_is_needs_no_step_up(
    services: Services, clock: FixedClock, owner: SignedInMember
) -> None:
    """Nothing changes, so nothing is asked."""
    member = member_with_role(services, owner, Role.ENGINEER, "eng@example.com")
    clock.advance(timedelta(hours=2))
    update_member(services, owner.principal, member.user.id, MemberChange(role=Role.ENGINEER))


def test_an_operator_is_never_asked(
    services: Services, clock: FixedClock, owner: SignedInMember
) -> None:
    """The command line has no login session; its access to the server is its proof."""
    clock.advance(timedelta(days=1))
    operator = Operator(owner.user.account_id)
    revoke_sessions(services, operator, BulkScope.ALL)
    update_security(services, operator, PolicyPatch(preset=Preset.STANDARD))


def test_a_session_pruned_away_cannot_prove_anything(
    services: Services, clock: FixedClock, store: MemoryStore, owner: SignedInMember
) -> None:
    """No stored session, no proof: the change waits for a sign-in."""
    del store.tables.login_sessions[owner.principal.sid]
    with pytest.raises(ReauthenticationRequired):
        _policy(services, clock, owner)()
