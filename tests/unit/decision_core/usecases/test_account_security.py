from __future__ import annotations

from datetime import timedelta

import pytest

from adapters.memory import FixedClock, MemoryStore
from decision_core import audit
from decision_core.errors import InvalidAccessToken, PolicyRejected
from decision_core.login.policy import (
    KEEP,
    EffectivePolicy,
    PolicyOverrides,
    PolicyPatch,
    Preset,
)
from decision_core.roles import Role
from decision_core.usecases.account_security import get_security, update_security
from decision_core.usecases.context import Services
from decision_core.usecases.my_account import revoke_my_session
from decision_core.usecases.refreshing import refresh
from tests.unit.conftest import (
    BROWSER,
    SignedInMember,
    events,
    member_with_role,
    refresh_claims,
    remove_account,
    sign_in,
)


def test_security_view_shows_defaults_bounds_and_preset(
    services: Services, owner: SignedInMember
) -> None:
    """A new account has no overrides: the strict preset at the system defaults."""
    view = get_security(services, owner.principal)
    assert view.overrides == PolicyOverrides(None, None)
    assert view.effective == EffectivePolicy(idle_minutes=4320, absolute_minutes=20160)
    assert view.preset is Preset.STRICT
    assert view.bounds == services.settings.sessions


def test_policy_update_60_240_applies_at_next_login(
    services: Services, clock: FixedClock, owner: SignedInMember
) -> None:
    """Live sessions keep their snapshot; the next sign-in gets 60 and 240 minutes."""
    view = update_security(services, owner.principal, PolicyPatch(60, 240))
    assert view.overrides == PolicyOverrides(60, 240)
    assert view.effective == EffectivePolicy(60, 240)
    assert view.preset is Preset.CUSTOM
    clock.advance(timedelta(hours=2))
    still_live = refresh_claims(
        services, refresh(services, owner.tokens.refresh_token, BROWSER).refresh_token
    )
    assert (still_live.idle_max, still_live.abs_max) == (3 * 86400, 14 * 86400)
    tokens = sign_in(services, "owner@example.com").tokens
    fresh = refresh_claims(services, tokens.refresh_token)
    assert (fresh.idle_max, fresh.abs_max) == (3600, 14400)
    assert tokens.idle_expires_at == clock.now() + timedelta(minutes=60)
    assert tokens.absolute_expires_at == clock.now() + timedelta(minutes=240)


def test_policy_update_writes_one_audit_event_with_old_new_effective(
    services: Services, store: MemoryStore, owner: SignedInMember
) -> None:
    """One account.session_policy_update event records old, new and both effective policies."""
    update_security(services, owner.principal, PolicyPatch(idle_minutes=60, absolute_minutes=KEEP))
    [event] = events(store, audit.SESSION_POLICY_UPDATE)
    assert (event.user_id, event.resource_type) == (owner.user.id, "account")
    assert event.resource_id == str(owner.user.account_id)
    assert event.details == {
        "old": {"idle_minutes": None, "absolute_minutes": None},
        "new": {"idle_minutes": 60, "absolute_minutes": None},
        "effective_old": {"idle_minutes": 4320, "absolute_minutes": 20160},
        "effective_new": {"idle_minutes": 60, "absolute_minutes": 20160},
    }


def test_partial_override_breaking_invariant_is_rejected(
    services: Services, store: MemoryStore, owner: SignedInMember
) -> None:
    """Idle 43200 with absolute left at its default of 20160 breaks idle <= absolute."""
    with pytest.raises(PolicyRejected) as rejected:
        update_security(services, owner.principal, PolicyPatch(idle_minutes=43200))
    assert "43200" in rejected.value.message
    assert "20160" in rejected.value.message
    assert get_security(services, owner.principal).overrides == PolicyOverrides(None, None)
    assert events(store, audit.SESSION_POLICY_UPDATE) == []


def test_value_outside_its_bounds_is_rejected_naming_them(
    services: Services, owner: SignedInMember
) -> None:
    """Both out-of-bounds values are reported, each with its bounds."""
    with pytest.raises(PolicyRejected) as rejected:
        update_security(services, owner.principal, PolicyPatch(14, 129601))
    assert rejected.value.problems == (
        "idle_minutes must be between 15 and 43200, got 14",
        "absolute_minutes must be between 60 and 129600, got 129601",
    )


def test_key_left_out_stays_and_explicit_none_clears(
    services: Services, owner: SignedInMember
) -> None:
    """A merge-patch keeps left-out keys and clears those set to None."""
    update_security(services, owner.principal, PolicyPatch(60, 240))
    kept = update_security(services, owner.principal, PolicyPatch(absolute_minutes=480))
    assert kept.overrides == PolicyOverrides(60, 480)
    cleared = update_security(services, owner.principal, PolicyPatch(absolute_minutes=None))
    assert cleared.overrides == PolicyOverrides(60, None)
    assert cleared.effective == EffectivePolicy(60, 20160)


def test_effective_invariant_checks_the_stored_value_too(
    services: Services, owner: SignedInMember
) -> None:
    """Clearing idle to its default of 4320 under a stored absolute of 480 is rejected."""
    update_security(services, owner.principal, PolicyPatch(60, 480))
    with pytest.raises(PolicyRejected):
        update_security(services, owner.principal, PolicyPatch(idle_minutes=None))


def test_presets_set_both_overrides(services: Services, owner: SignedInMember) -> None:
    """Standard is 7 d / 30 d; strict clears both overrides again."""
    standard = update_security(services, owner.principal, PolicyPatch(preset=Preset.STANDARD))
    assert (standard.overrides, standard.preset) == (PolicyOverrides(10080, 43200), Preset.STANDARD)
    strict = update_security(services, owner.principal, PolicyPatch(preset=Preset.STRICT))
    assert (strict.overrides, strict.preset) == (PolicyOverrides(None, None), Preset.STRICT)


def test_preset_with_minutes_is_rejected(services: Services, owner: SignedInMember) -> None:
    """A patch gives either a preset or minutes, never both."""
    with pytest.raises(PolicyRejected):
        update_security(services, owner.principal, PolicyPatch(60, preset=Preset.STANDARD))


def test_custom_is_not_a_preset_to_apply(services: Services, owner: SignedInMember) -> None:
    """Asking for the custom preset is rejected: custom means giving the minutes."""
    with pytest.raises(PolicyRejected):
        update_security(services, owner.principal, PolicyPatch(preset=Preset.CUSTOM))


def test_active_users_lists_users_with_live_sessions_latest_first(
    services: Services, clock: FixedClock, owner: SignedInMember
) -> None:
    """Distinct users holding a live session, the latest sign-in first; ended ones are left out."""
    admin = member_with_role(services, owner, Role.ADMIN, "admin@example.com")
    engineer = member_with_role(services, owner, Role.ENGINEER, "engineer@example.com")
    viewer = member_with_role(services, owner, Role.VIEWER, "viewer@example.com")
    clock.advance(timedelta(minutes=1))
    sign_in(services, "admin@example.com")
    clock.advance(timedelta(minutes=1))
    sign_in(services, "engineer@example.com")
    revoke_my_session(services, viewer.principal, viewer.principal.sid)
    active = get_security(services, owner.principal).active_users
    assert [(u.user_id, u.last_login_at) for u in active] == [
        (engineer.user.id, clock.now()),
        (admin.user.id, clock.now() - timedelta(minutes=1)),
        (owner.user.id, owner.user.last_login_at),
    ]
    assert (active[0].name, active[0].email) == ("engineer", "engineer@example.com")


def test_active_users_leave_the_list_when_their_sessions_expire(
    services: Services, clock: FixedClock, owner: SignedInMember
) -> None:
    """Sessions past their idle window no longer make a user active."""
    clock.advance(timedelta(days=3))
    assert get_security(services, owner.principal).active_users == ()


def test_security_of_a_vanished_account_is_refused(
    services: Services, store: MemoryStore, owner: SignedInMember
) -> None:
    """Without its account the owner's token is no longer good for the security page."""
    remove_account(store, owner.user.account_id)
    with pytest.raises(InvalidAccessToken):
        get_security(services, owner.principal)


def test_policy_of_a_vanished_account_cannot_change(
    services: Services, store: MemoryStore, owner: SignedInMember
) -> None:
    """Without its account the owner's token is no longer good for changing the policy."""
    remove_account(store, owner.user.account_id)
    with pytest.raises(InvalidAccessToken):
        update_security(services, owner.principal, PolicyPatch(idle_minutes=60))
