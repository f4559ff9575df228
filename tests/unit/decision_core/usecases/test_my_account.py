from __future__ import annotations

from datetime import timedelta
from uuid import uuid4

import attrs
import pytest

from adapters.memory import FixedClock, MemoryStore
from decision_core import audit
from decision_core.errors import (
    InvalidAccessToken,
    InvalidCredentials,
    InvalidPassword,
    InvalidRefreshToken,
    NotFound,
)
from decision_core.login.sessions import RevokeReason
from decision_core.roles import Role
from decision_core.usecases.context import ClientInfo, Services
from decision_core.usecases.my_account import (
    IncorrectPassword,
    change_password,
    list_my_sessions,
    me,
    revoke_my_other_sessions,
    revoke_my_session,
)
from decision_core.usecases.refreshing import refresh
from decision_core.usecases.signin import login
from tests.unit.conftest import (
    BROWSER,
    PASSWORD,
    SignedInMember,
    Transactions,
    deactivate_directly,
    events,
    member_with_role,
    owner_signed_in,
    remove_account,
    sign_in,
    stored_session,
)

NEW_PASSWORD = "a brand new passphrase"  # noqa: S105 - a test user's password


def test_me_answers_user_account_and_role(
    services: Services, store: MemoryStore, owner: SignedInMember
) -> None:
    """The caller learns who they are, in which account, with which role."""
    answer = me(services, owner.principal)
    assert answer.user.id == owner.user.id
    assert answer.account == store.tables.accounts[owner.user.account_id]
    assert answer.role is Role.OWNER


def test_me_reads_the_stored_role_not_the_tokens(
    services: Services, store: MemoryStore, owner: SignedInMember
) -> None:
    """A role change applies at the next request, before the access token expires."""
    stored = store.tables.users[owner.user.id]
    store.tables.users[owner.user.id] = attrs.evolve(stored, role=Role.VIEWER)
    assert me(services, owner.principal).role is Role.VIEWER


def test_deactivated_users_token_is_refused(
    services: Services, store: MemoryStore, owner: SignedInMember
) -> None:
    """A still-unexpired access token of a deactivated user no longer authenticates."""
    deactivate_directly(store, owner.user.id)
    with pytest.raises(InvalidAccessToken):
        me(services, owner.principal)


def test_principal_of_a_vanished_user_is_refused(services: Services, owner: SignedInMember) -> None:
    """A principal naming no stored user is not authenticated."""
    with pytest.raises(InvalidAccessToken):
        me(services, attrs.evolve(owner.principal, user_id=uuid4()))


def test_principal_of_another_account_is_refused(services: Services, owner: SignedInMember) -> None:
    """A principal whose account is not its user's account is not authenticated."""
    with pytest.raises(InvalidAccessToken):
        me(services, attrs.evolve(owner.principal, account_id=uuid4()))


def test_me_without_an_account_is_refused(
    services: Services, store: MemoryStore, owner: SignedInMember
) -> None:
    """A user whose account is gone is not authenticated."""
    remove_account(store, owner.user.account_id)
    with pytest.raises(InvalidAccessToken):
        me(services, owner.principal)


def test_my_sessions_list_live_ones_most_recently_used_first(
    services: Services, clock: FixedClock, owner: SignedInMember
) -> None:
    """The caller sees their live sessions only, the latest used first, and which is theirs."""
    clock.advance(timedelta(minutes=1))
    phone = sign_in(services, "owner@example.com", client=ClientInfo("iOS", "192.0.2.8"))
    clock.advance(timedelta(minutes=1))
    ended = sign_in(services, "owner@example.com")
    revoke_my_session(services, owner.principal, ended.principal.sid)
    clock.advance(timedelta(minutes=1))
    refresh(services, owner.tokens.refresh_token, BROWSER)
    listed = list_my_sessions(services, phone.principal)
    assert [(s.session.id, s.current) for s in listed] == [
        (owner.principal.sid, False),
        (phone.principal.sid, True),
    ]
    assert listed[1].session.user_agent == "iOS"


def test_my_sessions_never_list_another_users(services: Services, owner: SignedInMember) -> None:
    """A member sees none of the owner's sessions."""
    viewer = member_with_role(services, owner, Role.VIEWER, "viewer@example.com")
    assert [s.session.id for s in list_my_sessions(services, viewer.principal)] == [
        viewer.principal.sid
    ]


def test_revoking_my_session_ends_it(
    services: Services, store: MemoryStore, owner: SignedInMember
) -> None:
    """Ending one of my sessions revokes it, audits it, and its token no longer refreshes."""
    laptop = sign_in(services, "owner@example.com")
    revoke_my_session(services, owner.principal, laptop.principal.sid)
    assert stored_session(store, laptop.principal.sid).revoke_reason is RevokeReason.REVOKED_BY_USER
    [event] = events(store, audit.SESSION_REVOKED)
    assert event.resource_id == str(laptop.principal.sid)
    with pytest.raises(InvalidRefreshToken):
        refresh(services, laptop.tokens.refresh_token, BROWSER)


def test_revoking_an_ended_session_again_changes_nothing(
    services: Services, store: MemoryStore, owner: SignedInMember
) -> None:
    """A second revocation of the same session writes no second event."""
    revoke_my_session(services, owner.principal, owner.principal.sid)
    revoke_my_session(services, owner.principal, owner.principal.sid)
    assert len(events(store, audit.SESSION_REVOKED)) == 1


def test_revoking_another_users_session_is_not_found(
    services: Services, store: MemoryStore, owner: SignedInMember
) -> None:
    """Another user's session is indistinguishable from an unknown one, and stays live."""
    viewer = member_with_role(services, owner, Role.VIEWER, "viewer@example.com")
    with pytest.raises(NotFound):
        revoke_my_session(services, owner.principal, viewer.principal.sid)
    with pytest.raises(NotFound):
        revoke_my_session(services, owner.principal, uuid4())
    assert stored_session(store, viewer.principal.sid).revoked_at is None


def test_password_change_revokes_other_sessions_only(
    services: Services, store: MemoryStore, owner: SignedInMember
) -> None:
    """Changing the password ends every other session of the caller, and only those."""
    laptop = sign_in(services, "owner@example.com")
    viewer = member_with_role(services, owner, Role.VIEWER, "viewer@example.com")
    change_password(services, owner.principal, PASSWORD, NEW_PASSWORD)
    assert stored_session(store, owner.principal.sid).revoked_at is None
    assert (
        stored_session(store, laptop.principal.sid).revoke_reason is RevokeReason.PASSWORD_CHANGED
    )
    assert stored_session(store, viewer.principal.sid).revoked_at is None
    [event] = events(store, audit.PASSWORD_CHANGED)
    assert event.details == {"revoked_sessions": 1}
    refresh(services, owner.tokens.refresh_token, BROWSER)


def test_new_password_replaces_the_old(services: Services, owner: SignedInMember) -> None:
    """After the change the new password signs in and the old one does not."""
    change_password(services, owner.principal, PASSWORD, NEW_PASSWORD)
    with pytest.raises(InvalidCredentials):
        login(services, "owner@example.com", PASSWORD, BROWSER)
    sign_in(services, "owner@example.com", NEW_PASSWORD)


def test_wrong_current_password_changes_nothing(
    services: Services, store: MemoryStore, owner: SignedInMember
) -> None:
    """A wrong current password is refused and no session ends."""
    laptop = sign_in(services, "owner@example.com")
    with pytest.raises(IncorrectPassword):
        change_password(services, owner.principal, "not the password", NEW_PASSWORD)
    assert stored_session(store, laptop.principal.sid).revoked_at is None
    sign_in(services, "owner@example.com")


@pytest.mark.parametrize("new_password", ["short", "x" * 1025])
def test_new_password_outside_the_bounds_is_refused(
    services: Services, owner: SignedInMember, new_password: str
) -> None:
    """The new password follows the same length rule as at registration."""
    with pytest.raises(InvalidPassword):
        change_password(services, owner.principal, PASSWORD, new_password)


def test_a_password_changed_meanwhile_makes_the_second_change_incorrect(
    traced: Services, transactions: Transactions, store: MemoryStore
) -> None:
    """Two changes at once: the one that saves second had checked a password no longer current."""
    owner = owner_signed_in(traced)
    # change_password checks the password after its first transaction, then saves in its next.
    saving = len(transactions.opened) + 1
    transactions.before[saving] = lambda: change_password(
        traced, owner.principal, PASSWORD, "the other new passphrase"
    )
    with pytest.raises(IncorrectPassword):
        change_password(traced, owner.principal, PASSWORD, NEW_PASSWORD)
    sign_in(traced, "owner@example.com", "the other new passphrase")
    assert len(events(store, audit.PASSWORD_CHANGED)) == 1


def test_signing_out_my_other_devices_keeps_this_one(
    services: Services, store: MemoryStore, owner: SignedInMember
) -> None:
    """Every other live session of the caller ends; the calling one and other people's stay."""
    other_devices = [sign_in(services, "owner@example.com") for _ in range(2)]
    colleague = member_with_role(services, owner, Role.ENGINEER, "eng@example.com")
    assert revoke_my_other_sessions(services, owner.principal) == 2
    for device in other_devices:
        revoked = stored_session(store, device.principal.sid)
        assert revoked.revoke_reason is RevokeReason.REVOKED_BY_USER
    assert stored_session(store, owner.principal.sid).revoked_at is None
    assert stored_session(store, colleague.principal.sid).revoked_at is None
    (event,) = events(store, audit.OTHER_SESSIONS_REVOKED)
    assert event.user_id == owner.user.id
    assert event.details == {"revoked_sessions": 2}


def test_signing_out_my_other_devices_again_ends_none_and_writes_nothing(
    services: Services, store: MemoryStore, owner: SignedInMember
) -> None:
    """An immediate repeat is a no-op, in the sessions and in the trail."""
    sign_in(services, "owner@example.com")
    revoke_my_other_sessions(services, owner.principal)
    assert revoke_my_other_sessions(services, owner.principal) == 0
    assert len(events(store, audit.OTHER_SESSIONS_REVOKED)) == 1
