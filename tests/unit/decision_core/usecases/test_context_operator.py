"""The operator (the CLI) acting in an account: an owner's authority, as no user."""

from __future__ import annotations

from uuid import uuid4

import pytest

from adapters.memory import MemoryStore
from decision_core import audit
from decision_core.errors import NotFound, RuleViolation, UnknownAccount
from decision_core.login.policy import PolicyPatch
from decision_core.login.revocation import BulkScope
from decision_core.roles import Role
from decision_core.trees.catalogue import TreeQuery, TreeStatus
from decision_core.usecases.account_security import revoke_sessions, update_security
from decision_core.usecases.context import Operator, Services
from decision_core.usecases.members import MemberChange, list_members, update_member
from decision_core.usecases.registration import Registration, create_invite, register
from decision_core.usecases.tree_authoring import (
    NewTree,
    TreeChange,
    create_tree,
    delete_tree,
    update_tree,
)
from decision_core.usecases.tree_catalogue import get_tree, list_trees
from tests.unit.conftest import PASSWORD, SignedInMember, events, sign_in
from tests.unit.tree_builders import broken_document, printer_document

CLI = {"actor": "cli"}


@pytest.fixture
def operator(owner: SignedInMember) -> Operator:
    """The CLI, acting in the owner's account."""
    return Operator(owner.principal.account_id)


def test_an_operator_of_an_unknown_account_is_refused_naming_the_id(
    services: Services,
) -> None:
    """Nothing is written; the message names the account id."""
    missing = uuid4()
    with pytest.raises(UnknownAccount, match=f"^no account {missing}$") as raised:
        revoke_sessions(services, Operator(missing), BulkScope.ALL)
    assert isinstance(raised.value, NotFound)


def test_an_operator_revokes_every_session_and_is_audited_as_cli(
    services: Services, store: MemoryStore, team: dict[Role, SignedInMember], operator: Operator
) -> None:
    """``all`` ends the owner's sessions too; the event has no user and names the CLI."""
    assert revoke_sessions(services, operator, BulkScope.ALL) == len(team)
    [event] = events(store, audit.SESSIONS_REVOKED_BULK)
    assert event.user_id is None
    assert event.details == {"scope": "all", "revoked_count": len(team), **CLI}
    assert revoke_sessions(services, operator, BulkScope.ALL) == 0


def test_an_operator_keeps_the_named_members_sessions_with_scope_others(
    services: Services, store: MemoryStore, team: dict[Role, SignedInMember], operator: Operator
) -> None:
    """Every session but the kept member's ends; the event names who was kept."""
    sign_in(services, "admin@example.com")
    kept = team[Role.ADMIN].user.id
    revoked = revoke_sessions(services, operator, BulkScope.OTHERS, keep_email="ADMIN@example.com")
    assert revoked == len(team) - 1
    [event] = events(store, audit.SESSIONS_REVOKED_BULK)
    assert event.details == {
        "scope": "others",
        "revoked_count": len(team) - 1,
        "kept_user_id": str(kept),
        **CLI,
    }
    live = [s for s in store.tables.login_sessions.values() if s.revoked_at is None]
    assert {s.user_id for s in live} == {kept}
    assert len(live) == 2


def test_scope_others_without_a_kept_member_is_refused_for_an_operator(
    services: Services, store: MemoryStore, operator: Operator
) -> None:
    """An operator has no sessions of its own, so "others" would mean nothing."""
    with pytest.raises(RuleViolation, match="needs the member whose sessions are kept"):
        revoke_sessions(services, operator, BulkScope.OTHERS)
    assert events(store, audit.SESSIONS_REVOKED_BULK) == []


def test_a_kept_member_with_scope_all_is_refused(
    services: Services, owner: SignedInMember, operator: Operator
) -> None:
    """``all`` ends every session, so keeping someone contradicts it."""
    with pytest.raises(RuleViolation, match="'others' only"):
        revoke_sessions(services, operator, BulkScope.ALL, keep_email="owner@example.com")
    with pytest.raises(RuleViolation, match="'others' only"):
        revoke_sessions(services, owner.principal, BulkScope.ALL, keep_email="owner@example.com")


def test_a_kept_member_must_belong_to_the_account(
    services: Services, store: MemoryStore, operator: Operator
) -> None:
    """An unknown email, or another account's member, is not found."""
    register(services, Registration("other@example.com", PASSWORD, "Other"))
    for email in ("nobody@example.com", "other@example.com"):
        with pytest.raises(NotFound, match=f"no member {email}"):
            revoke_sessions(services, operator, BulkScope.OTHERS, keep_email=email)
    assert events(store, audit.SESSIONS_REVOKED_BULK) == []


def test_an_owner_may_keep_another_members_sessions(
    services: Services, store: MemoryStore, team: dict[Role, SignedInMember]
) -> None:
    """With a kept member the owner's own sessions end too; the event has the owner."""
    owner = team[Role.OWNER]
    keep = "viewer@example.com"
    assert revoke_sessions(services, owner.principal, BulkScope.OTHERS, keep_email=keep) == 3
    [event] = events(store, audit.SESSIONS_REVOKED_BULK)
    assert event.user_id == owner.user.id
    assert "actor" not in event.details


def test_an_operator_invites_and_registers_a_member(
    services: Services, store: MemoryStore, operator: Operator
) -> None:
    """Both events have no user and name the CLI; the invite records no creator."""
    invite = create_invite(services, operator, Role.ADMIN, "new@example.com")
    registration = Registration("new@example.com", PASSWORD, "New", invite_code=invite.code)
    user = register(services, registration, operator="cli")
    assert (user.account_id, user.role) == (operator.account_id, Role.ADMIN)
    [stored] = store.tables.invites.values()
    assert stored.created_by is None
    [invited] = events(store, audit.MEMBER_INVITED)
    assert (invited.user_id, invited.details) == (
        None,
        {"role": "admin", "email": "new@example.com", **CLI},
    )
    joined = events(store, audit.USER_REGISTERED)[-1]
    assert (joined.user_id, joined.resource_id) == (None, str(user.id))
    assert joined.details == {"role": "admin", "by_invite": True, **CLI}


def test_a_new_account_registered_by_an_operator_names_it(
    services: Services, store: MemoryStore
) -> None:
    """create-account: the owner's registration event has no user and names the CLI."""
    user = register(services, Registration("first@example.com", PASSWORD, "First"), "cli")
    assert user.role is Role.OWNER
    [event] = events(store, audit.USER_REGISTERED)
    assert (event.user_id, event.details) == (None, {"role": "owner", "by_invite": False, **CLI})


def test_an_operator_authors_trees_as_no_user(
    services: Services, store: MemoryStore, operator: Operator
) -> None:
    """Created, changed and deleted with no author; every event names the CLI."""
    new = NewTree(title="VPN", document=printer_document(), status=TreeStatus.DRAFT)
    view = create_tree(services, operator, new)
    assert (view.tree.created_by, view.version.created_by) == (None, None)
    assert get_tree(services, operator, view.tree.id).tree.status is TreeStatus.DRAFT
    assert list_trees(services, operator, TreeQuery()).total == 1
    change = TreeChange(document=broken_document())
    changed = update_tree(services, operator, view.tree.id, change)
    assert changed.version.created_by is None
    delete_tree(services, operator, view.tree.id)
    tree_events = [e for e in events(store) if e.resource_type == "tree"]
    assert [e.action for e in tree_events] == [
        audit.TREE_CREATED,
        audit.TREE_UPDATED,
        audit.TREE_DELETED,
    ]
    assert all(e.user_id is None and e.details["actor"] == "cli" for e in tree_events)


def test_an_operator_manages_members_and_policy_as_an_owner(
    services: Services, store: MemoryStore, team: dict[Role, SignedInMember], operator: Operator
) -> None:
    """Member changes and policy updates are the owner's, audited as the CLI."""
    assert len(list_members(services, operator)) == len(team)
    viewer = team[Role.VIEWER].user
    update_member(services, operator, viewer.id, MemberChange(role=Role.ENGINEER))
    update_security(services, operator, PolicyPatch(60, 240))
    for action in (audit.MEMBER_UPDATED, audit.SESSION_POLICY_UPDATE):
        [event] = events(store, action)
        assert event.user_id is None
        assert event.details["actor"] == "cli"
