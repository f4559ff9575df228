from __future__ import annotations

from datetime import timedelta

import pytest

from adapters.memory import FixedClock, MemoryStore
from decision_core import audit
from decision_core.audit import AuditCursor, AuditEvent
from decision_core.errors import InvalidCredentials, InvalidRefreshToken, RuleViolation
from decision_core.login.policy import PolicyPatch
from decision_core.login.revocation import BulkScope
from decision_core.roles import Role
from decision_core.usecases.account_security import revoke_sessions, update_security
from decision_core.usecases.audit_trail import read_audit
from decision_core.usecases.context import Principal, Services
from decision_core.usecases.members import MemberChange, update_member
from decision_core.usecases.my_account import change_password, revoke_my_session
from decision_core.usecases.refreshing import refresh
from decision_core.usecases.registration import Registration, create_invite, register
from decision_core.usecases.signin import login, logout
from tests.unit.conftest import (
    BROWSER,
    PASSWORD,
    WITHOUT_REUSE_GRACE,
    SignedInMember,
    member_with_role,
    owner_signed_in,
    register_owner,
    sign_in,
)


def every_page(services: Services, principal: Principal, limit: int) -> list[list[AuditEvent]]:
    """Follow ``next_before`` from the newest event to the oldest."""
    pages, before = [], None
    while True:
        page = read_audit(services, principal, before=before, limit=limit)
        pages.append(list(page.items))
        if page.next_before is None:
            return pages
        before = page.next_before


def test_audit_pages_newest_first_with_next_before(
    services: Services, store: MemoryStore, clock: FixedClock, owner: SignedInMember
) -> None:
    """Keyset pages run newest first; ``next_before`` points at the last item until the end."""
    for _ in range(3):
        clock.advance(timedelta(minutes=1))
        logout(services, sign_in(services, "owner@example.com").principal)
    first = read_audit(services, owner.principal, limit=3)
    assert [e.at for e in first.items] == [clock.now()] * 2 + [clock.now() - timedelta(minutes=1)]
    assert first.next_before == AuditCursor(at=first.items[-1].at, id=first.items[-1].id)
    pages = every_page(services, owner.principal, limit=3)
    flattened = [e for page in pages for e in page]
    mine = [e for e in store.tables.audit if e.account_id == owner.user.account_id]
    assert flattened == sorted(mine, key=lambda e: (e.at, str(e.id)), reverse=True)
    assert [len(page) for page in pages] == [3, 3, 2]


def test_events_of_one_instant_are_paged_without_loss(
    services: Services, owner: SignedInMember
) -> None:
    """Events sharing a timestamp are split across pages by id, none lost or repeated."""
    for _ in range(4):
        create_invite(services, owner.principal, Role.VIEWER)
    pages = every_page(services, owner.principal, limit=1)
    ids = [page[0].id for page in pages]
    assert len(ids) == len(set(ids)) == 6


def test_last_full_page_has_no_next_before(services: Services, owner: SignedInMember) -> None:
    """When exactly ``limit`` events remain there is no further page."""
    page = read_audit(services, owner.principal, limit=2)
    assert {e.action for e in page.items} == {audit.LOGIN, audit.USER_REGISTERED}
    assert page.next_before is None


def test_audit_filters_by_action(services: Services, owner: SignedInMember) -> None:
    """Only events of the asked action are returned."""
    sign_in(services, "owner@example.com")
    page = read_audit(services, owner.principal, action=audit.LOGIN)
    assert [e.action for e in page.items] == [audit.LOGIN, audit.LOGIN]


def test_audit_shows_only_the_callers_account(services: Services, owner: SignedInMember) -> None:
    """Another tenant's events never appear."""
    owner_signed_in(services, "stranger@example.org")
    page = read_audit(services, owner.principal, limit=200)
    assert {e.account_id for e in page.items} == {owner.user.account_id}


@pytest.mark.parametrize("limit", [0, 201])
def test_limit_outside_1_to_200_is_refused(
    services: Services, owner: SignedInMember, limit: int
) -> None:
    """The page size is 1 to 200."""
    with pytest.raises(RuleViolation):
        read_audit(services, owner.principal, limit=limit)


@pytest.mark.parametrize("core_settings", [WITHOUT_REUSE_GRACE])
def test_no_secret_appears_in_any_audit_event(
    services: Services, store: MemoryStore, owner: SignedInMember
) -> None:
    """After a full flow, no password, hash, token, jti or invite code is in any event."""
    secrets = {PASSWORD, "wrong guess!", "a new passphrase", owner.user.password_hash}
    invite = create_invite(services, owner.principal, Role.ADMIN, "admin@example.com")
    secrets |= {invite.code, *(i.code_hash for i in store.tables.invites.values())}
    register(
        services, Registration("admin@example.com", PASSWORD, "Admin", invite_code=invite.code)
    )
    admin = sign_in(services, "admin@example.com")
    with pytest.raises(InvalidCredentials):
        login(services, "admin@example.com", "wrong guess!", BROWSER)
    rotated = refresh(services, admin.tokens.refresh_token, BROWSER)
    with pytest.raises(InvalidRefreshToken):
        refresh(services, admin.tokens.refresh_token, BROWSER)
    viewer = member_with_role(services, owner, Role.VIEWER, "viewer@example.com")
    change_password(services, owner.principal, PASSWORD, "a new passphrase")
    update_security(services, owner.principal, PolicyPatch(60, 240))
    revoke_my_session(services, viewer.principal, viewer.principal.sid)
    logout(services, sign_in(services, "admin@example.com").principal)
    update_member(services, owner.principal, admin.user.id, MemberChange(is_active=False))
    revoke_sessions(services, owner.principal, BulkScope.ALL)
    for signed_in in (owner, admin, viewer):
        secrets |= {signed_in.tokens.access_token, signed_in.tokens.refresh_token}
    secrets |= {rotated.access_token, rotated.refresh_token, *store.tables.refresh_tokens}
    secrets |= {u.password_hash for u in store.tables.users.values()}
    assert {e.action for e in store.tables.audit} == {
        audit.USER_REGISTERED,
        audit.LOGIN,
        audit.LOGIN_FAILED,
        audit.LOGOUT,
        audit.REFRESH_TOKEN_REUSED,
        audit.PASSWORD_CHANGED,
        audit.SESSION_REVOKED,
        audit.SESSION_POLICY_UPDATE,
        audit.SESSIONS_REVOKED_BULK,
        audit.MEMBER_INVITED,
        audit.MEMBER_UPDATED,
    }
    for event in store.tables.audit:
        text = repr(event)
        assert not [secret for secret in secrets if secret in text], event.action


def test_events_within_one_second_keep_the_order_they_happened(
    services: Services, clock: FixedClock
) -> None:
    """An invite made 0.2 s after its inviter signed in is listed as newer than that sign-in."""
    register_owner(services)
    clock.advance(timedelta(milliseconds=500))
    owner = sign_in(services, "owner@example.com")
    clock.advance(timedelta(milliseconds=200))
    create_invite(services, owner.principal, Role.VIEWER)
    page = read_audit(services, owner.principal, limit=2)
    assert [e.action for e in page.items] == [audit.MEMBER_INVITED, audit.LOGIN]
