"""Adding a member directly (the CLI's add-user): an invite and a registration, one transaction."""

from __future__ import annotations

import pytest

from adapters.memory import MemoryStore
from decision_core import audit
from decision_core.errors import EmailAlreadyRegistered, Forbidden, InvalidPassword
from decision_core.roles import Role
from decision_core.usecases.context import Operator, Services
from decision_core.usecases.members import NewMember, add_member
from tests.unit.conftest import PASSWORD, SignedInMember, events, sign_in

CLI = {"actor": "cli"}


def written(store: MemoryStore) -> tuple[int, int, int]:
    """How many invites, users and audit events are committed."""
    tables = store.tables
    return len(tables.invites), len(tables.users), len(tables.audit)


def test_an_operator_adds_a_member_who_signs_in_with_the_password(
    services: Services, store: MemoryStore, owner: SignedInMember
) -> None:
    """The invite is used by the new member; both events have no user and name the CLI."""
    operator = Operator(owner.user.account_id)
    new = NewMember("eve@example.com", PASSWORD, "Eve", Role.ENGINEER)
    user = add_member(services, operator, new)
    assert (user.account_id, user.role, user.email) == (
        owner.user.account_id,
        Role.ENGINEER,
        "eve@example.com",
    )
    [invite] = store.tables.invites.values()
    assert (invite.used_by, invite.email, invite.created_by) == (user.id, "eve@example.com", None)
    invited, joined = events(store)[-2:]
    assert (invited.action, invited.user_id, invited.details) == (
        audit.MEMBER_INVITED,
        None,
        {"role": "engineer", "email": "eve@example.com", **CLI},
    )
    assert (joined.action, joined.user_id, joined.resource_id) == (
        audit.USER_REGISTERED,
        None,
        str(user.id),
    )
    assert joined.details == {"role": "engineer", "by_invite": True, **CLI}
    assert sign_in(services, "eve@example.com").user.id == user.id


def test_a_taken_email_leaves_no_invite_and_no_event_behind(
    services: Services, store: MemoryStore, owner: SignedInMember
) -> None:
    """Refused as registering would refuse it (case-insensitively), and nothing is written."""
    before = written(store)
    new = NewMember("OWNER@example.com", PASSWORD, "Copy", Role.VIEWER)
    with pytest.raises(EmailAlreadyRegistered):
        add_member(services, Operator(owner.user.account_id), new)
    assert written(store) == before


def test_an_invalid_password_is_refused_before_anything_is_written(
    services: Services, store: MemoryStore, owner: SignedInMember
) -> None:
    """The password rules are registering's."""
    before = written(store)
    with pytest.raises(InvalidPassword):
        add_member(
            services, owner.principal, NewMember("eve@example.com", "short", "Eve", Role.VIEWER)
        )
    assert written(store) == before


def test_adding_follows_the_rules_of_inviting(
    services: Services, store: MemoryStore, team: dict[Role, SignedInMember]
) -> None:
    """An admin adds an engineer but no admin; an engineer adds no one."""
    admin, engineer = team[Role.ADMIN], team[Role.ENGINEER]
    before = written(store)
    for caller, role in ((admin, Role.ADMIN), (engineer, Role.VIEWER)):
        with pytest.raises(Forbidden):
            add_member(
                services, caller.principal, NewMember("new@example.com", PASSWORD, "New", role)
            )
    assert written(store) == before
    added = add_member(
        services, admin.principal, NewMember("new@example.com", PASSWORD, "New", Role.ENGINEER)
    )
    assert (added.account_id, added.role) == (admin.user.account_id, Role.ENGINEER)
    invited = events(store, audit.MEMBER_INVITED)[-1]
    assert invited.user_id == admin.user.id
