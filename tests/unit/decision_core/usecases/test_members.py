from __future__ import annotations

from datetime import timedelta
from uuid import uuid4

import pytest

from adapters.memory import FixedClock, MemoryStore
from decision_core import audit
from decision_core.errors import InvalidCredentials, InvalidRefreshToken, LastOwner, NotFound
from decision_core.login.sessions import RevokeReason
from decision_core.roles import Role
from decision_core.usecases.context import Services
from decision_core.usecases.members import MemberChange, list_members, update_member
from decision_core.usecases.refreshing import refresh
from decision_core.usecases.signin import login
from tests.unit.conftest import (
    BROWSER,
    PASSWORD,
    SignedInMember,
    events,
    member_with_role,
    owner_signed_in,
    sign_in,
    stored_session,
)


def test_members_are_listed_oldest_first(
    services: Services, clock: FixedClock, owner: SignedInMember
) -> None:
    """Every member of the caller's account, in order of joining, and no one else."""
    owner_signed_in(services, "stranger@example.org")
    clock.advance(timedelta(minutes=1))
    viewer = member_with_role(services, owner, Role.VIEWER, "viewer@example.com")
    clock.advance(timedelta(minutes=1))
    admin = member_with_role(services, owner, Role.ADMIN, "admin@example.com")
    members = list_members(services, admin.principal)
    assert [(m.id, m.role) for m in members] == [
        (owner.user.id, Role.OWNER),
        (viewer.user.id, Role.VIEWER),
        (admin.user.id, Role.ADMIN),
    ]
    assert members[0].last_login_at == owner.user.last_login_at


def test_owner_changes_a_members_role(
    services: Services, store: MemoryStore, team: dict[Role, SignedInMember]
) -> None:
    """A role change is stored and audited with old and new values."""
    engineer = team[Role.ENGINEER].user
    updated = update_member(
        services, team[Role.OWNER].principal, engineer.id, MemberChange(Role.ADMIN)
    )
    assert updated.role is Role.ADMIN
    assert store.tables.users[engineer.id].role is Role.ADMIN
    [event] = events(store, audit.MEMBER_UPDATED)
    assert (event.resource_id, event.user_id) == (str(engineer.id), team[Role.OWNER].user.id)
    assert event.details == {
        "changes": {"role": {"old": "engineer", "new": "admin"}},
        "revoked_sessions": 0,
    }


def test_deactivating_a_member_revokes_their_sessions(
    services: Services, store: MemoryStore, owner: SignedInMember
) -> None:
    """Deactivation ends every live session of the member, who can then no longer sign in."""
    viewer = member_with_role(services, owner, Role.VIEWER, "viewer@example.com")
    second = sign_in(services, "viewer@example.com")
    update_member(services, owner.principal, viewer.user.id, MemberChange(is_active=False))
    for signed_in in (viewer, second):
        session = stored_session(store, signed_in.principal.sid)
        assert session.revoke_reason is RevokeReason.USER_DEACTIVATED
        with pytest.raises(InvalidRefreshToken):
            refresh(services, signed_in.tokens.refresh_token, BROWSER)
    assert stored_session(store, owner.principal.sid).revoked_at is None
    with pytest.raises(InvalidCredentials):
        login(services, "viewer@example.com", PASSWORD, BROWSER)
    [event] = events(store, audit.MEMBER_UPDATED)
    assert event.details == {
        "changes": {"is_active": {"old": True, "new": False}},
        "revoked_sessions": 2,
    }


def test_reactivated_member_signs_in_again(services: Services, owner: SignedInMember) -> None:
    """Reactivating a member revokes nothing and lets them sign in."""
    viewer = member_with_role(services, owner, Role.VIEWER, "viewer@example.com")
    update_member(services, owner.principal, viewer.user.id, MemberChange(is_active=False))
    back = update_member(services, owner.principal, viewer.user.id, MemberChange(is_active=True))
    assert back.is_active
    sign_in(services, "viewer@example.com")


def test_an_unchanged_update_writes_nothing(
    services: Services, store: MemoryStore, owner: SignedInMember
) -> None:
    """An update to the values a member already has leaves no event behind."""
    unchanged = update_member(
        services, owner.principal, owner.user.id, MemberChange(Role.OWNER, is_active=True)
    )
    assert unchanged == owner.user
    assert events(store, audit.MEMBER_UPDATED) == []


def test_last_owner_cannot_be_demoted(
    services: Services, store: MemoryStore, owner: SignedInMember
) -> None:
    """Demoting the only active owner is a conflict and changes nothing."""
    with pytest.raises(LastOwner):
        update_member(services, owner.principal, owner.user.id, MemberChange(role=Role.ADMIN))
    assert store.tables.users[owner.user.id].role is Role.OWNER
    assert events(store, audit.MEMBER_UPDATED) == []


def test_last_owner_cannot_be_deactivated(
    services: Services, store: MemoryStore, owner: SignedInMember
) -> None:
    """Deactivating the only active owner is a conflict and ends no session."""
    with pytest.raises(LastOwner):
        update_member(services, owner.principal, owner.user.id, MemberChange(is_active=False))
    assert stored_session(store, owner.principal.sid).revoked_at is None


def test_an_inactive_owner_does_not_count(services: Services, owner: SignedInMember) -> None:
    """With the second owner deactivated, the first is the last active one again."""
    second = member_with_role(services, owner, Role.OWNER, "second@example.com")
    update_member(services, owner.principal, second.user.id, MemberChange(is_active=False))
    with pytest.raises(LastOwner):
        update_member(services, owner.principal, owner.user.id, MemberChange(role=Role.ADMIN))


def test_an_owner_steps_down_when_another_remains(
    services: Services, owner: SignedInMember
) -> None:
    """With a second active owner, the first may demote themselves."""
    second = member_with_role(services, owner, Role.OWNER, "second@example.com")
    update_member(services, owner.principal, owner.user.id, MemberChange(role=Role.ENGINEER))
    update_member(services, second.principal, second.user.id, MemberChange(role=Role.OWNER))


def test_inactive_owner_can_be_demoted(services: Services, owner: SignedInMember) -> None:
    """Demoting an owner who is already inactive removes no active owner."""
    second = member_with_role(services, owner, Role.OWNER, "second@example.com")
    update_member(services, owner.principal, second.user.id, MemberChange(is_active=False))
    demoted = update_member(services, owner.principal, second.user.id, MemberChange(Role.VIEWER))
    assert (demoted.role, demoted.is_active) == (Role.VIEWER, False)


def test_member_of_another_account_is_not_found(
    services: Services, store: MemoryStore, owner: SignedInMember
) -> None:
    """Another tenant's user and an unknown id are both NotFound, and nothing changes."""
    stranger = owner_signed_in(services, "stranger@example.org")
    for user_id in (stranger.user.id, uuid4()):
        with pytest.raises(NotFound):
            update_member(services, owner.principal, user_id, MemberChange(is_active=False))
    assert store.tables.users[stranger.user.id].is_active
    assert stored_session(store, stranger.principal.sid).revoked_at is None
