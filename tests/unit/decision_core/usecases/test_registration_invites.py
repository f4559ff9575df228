from __future__ import annotations

from datetime import datetime, timedelta
from uuid import UUID, uuid4

import pytest

from adapters.memory import FixedClock, MemoryStore, MemoryUnitOfWork
from adapters.memory.identity import MemoryInvites
from adapters.memory.store import Tables
from decision_core import audit
from decision_core.errors import Forbidden, InvalidEmail, InvalidInvite
from decision_core.identity import Invite, invite_code_hash
from decision_core.roles import Role
from decision_core.settings import CoreSettings
from decision_core.usecases.context import Services
from decision_core.usecases.enrolment import may_invite
from decision_core.usecases.registration import (
    Registration,
    create_invite,
    describe_invite,
    register,
)
from tests.fakes import FastHasher
from tests.unit.conftest import PASSWORD, START, SignedInMember, events, services_with


def joining(email: str, code: str) -> Registration:
    """A registration with an invite code."""
    return Registration(email=email, password=PASSWORD, name="Newcomer", invite_code=code)


def test_invite_joins_the_account_with_its_role(
    services: Services, store: MemoryStore, owner: SignedInMember
) -> None:
    """A registration with an invite joins the inviting account and uses the invite up."""
    invite = create_invite(services, owner.principal, Role.ENGINEER)
    user = register(services, joining("eng@example.com", invite.code))
    assert (user.account_id, user.role) == (owner.user.account_id, Role.ENGINEER)
    assert len(store.tables.accounts) == 1
    [stored] = store.tables.invites.values()
    assert (stored.used_by, stored.used_at) == (user.id, START)
    assert events(store, audit.USER_REGISTERED)[-1].details == {
        "role": "engineer",
        "by_invite": True,
    }


def test_invite_is_single_use(services: Services, owner: SignedInMember) -> None:
    """A used invite code cannot be used again."""
    invite = create_invite(services, owner.principal, Role.VIEWER)
    register(services, joining("first@example.com", invite.code))
    with pytest.raises(InvalidInvite):
        register(services, joining("second@example.com", invite.code))


def test_unknown_invite_is_refused(services: Services, store: MemoryStore) -> None:
    """A code that was never issued is refused, and no account is created."""
    with pytest.raises(InvalidInvite):
        register(services, joining("eng@example.com", "no-such-code"))
    assert store.tables.accounts == {}


def test_invite_expires_after_seven_days(
    services: Services, clock: FixedClock, owner: SignedInMember
) -> None:
    """An invite is usable in its last second and refused at its expiry."""
    first = create_invite(services, owner.principal, Role.VIEWER)
    second = create_invite(services, owner.principal, Role.VIEWER)
    assert first.expires_at == START + timedelta(days=7)
    clock.advance(timedelta(days=7, seconds=-1))
    register(services, joining("first@example.com", first.code))
    clock.advance(timedelta(seconds=1))
    with pytest.raises(InvalidInvite):
        register(services, joining("second@example.com", second.code))


def test_addressed_invite_is_only_for_its_email(services: Services, owner: SignedInMember) -> None:
    """An invite for one email refuses another and accepts its own, in any case."""
    invite = create_invite(services, owner.principal, Role.VIEWER, "eng@example.com")
    with pytest.raises(InvalidInvite):
        register(services, joining("intruder@example.com", invite.code))
    register(services, joining("ENG@example.com", invite.code))


def test_invite_keeps_only_the_hash_of_its_code(
    services: Services, store: MemoryStore, owner: SignedInMember
) -> None:
    """The store holds the SHA-256 of the code, never the code."""
    invite = create_invite(services, owner.principal, Role.VIEWER, " eng@example.com ")
    [stored] = store.tables.invites.values()
    assert stored.code_hash == invite_code_hash(invite.code) != invite.code
    assert stored.email == "eng@example.com"
    [event] = events(store, audit.MEMBER_INVITED)
    assert event.details == {"role": "viewer", "email": "eng@example.com"}


def test_invite_to_a_malformed_email_is_refused(services: Services, owner: SignedInMember) -> None:
    """An invite must be addressed to an address, if to anyone."""
    with pytest.raises(InvalidEmail):
        create_invite(services, owner.principal, Role.VIEWER, "not an email")


@pytest.mark.parametrize("role", [Role.OWNER, Role.ADMIN])
def test_admin_cannot_invite_an_owner_or_admin(
    services: Services, store: MemoryStore, team: dict[Role, SignedInMember], role: Role
) -> None:
    """Only an owner may hand out the owner or admin role; a refusal leaves no invite."""
    invites = dict(store.tables.invites)
    with pytest.raises(Forbidden):
        create_invite(services, team[Role.ADMIN].principal, role)
    assert store.tables.invites == invites


def test_admin_can_invite_an_engineer(services: Services, team: dict[Role, SignedInMember]) -> None:
    """An admin is the weakest role that may invite, up to engineer."""
    invite = create_invite(services, team[Role.ADMIN].principal, Role.ENGINEER)
    assert invite.role is Role.ENGINEER


@pytest.mark.parametrize("role", [Role.OWNER, Role.ADMIN])
def test_owner_can_invite_an_owner_or_admin(
    services: Services, owner: SignedInMember, role: Role
) -> None:
    """An owner may invite any role, and the newcomer joins with it."""
    invite = create_invite(services, owner.principal, role)
    assert register(services, joining("new@example.com", invite.code)).role is role


class InvitesUsedMeanwhile(MemoryInvites):
    """Invites on which another registrant's conditional update lands just before ours."""

    def mark_used(self, invite: Invite, user_id: UUID, now: datetime) -> bool:
        """Someone else uses the invite first; then ours finds it used."""
        super().mark_used(invite, uuid4(), now)
        return super().mark_used(invite, user_id, now)


class RacedRegistration(MemoryUnitOfWork):
    """A transaction that loses the race for its invite to a concurrent registrant."""

    def _bind(self, tables: Tables) -> None:
        super()._bind(tables)
        self.invites = InvitesUsedMeanwhile(tables)


def test_invite_used_by_a_concurrent_registrant_is_refused(
    store: MemoryStore,
    clock: FixedClock,
    hasher: FastHasher,
    services: Services,
    owner: SignedInMember,
) -> None:
    """When another registration uses the invite first, this one fails and creates no user."""
    invite = create_invite(services, owner.principal, Role.VIEWER)
    raced = services_with(
        store, clock, hasher, CoreSettings(), uow=lambda: RacedRegistration(store)
    )
    with pytest.raises(InvalidInvite):
        register(raced, joining("late@example.com", invite.code))
    assert [u.id for u in store.tables.users.values()] == [owner.user.id]


def test_an_invite_describes_its_account_role_and_deadline(
    services: Services, store: MemoryStore, owner: SignedInMember
) -> None:
    """What the join page shows before anyone registers: nothing is written."""
    invite = create_invite(services, owner.principal, Role.ENGINEER, "eng@example.com")
    before = len(store.tables.audit)
    view = describe_invite(services, invite.code)
    assert view.account_name == store.tables.accounts[owner.user.account_id].name
    assert (view.role, view.email, view.expires_at) == (
        Role.ENGINEER,
        "eng@example.com",
        invite.expires_at,
    )
    assert len(store.tables.audit) == before


@pytest.mark.parametrize("state", ["unknown", "used", "expired"])
def test_an_unusable_invite_describes_nothing(
    services: Services, clock: FixedClock, owner: SignedInMember, state: str
) -> None:
    """The join page refuses what registering would refuse."""
    code = create_invite(services, owner.principal, Role.VIEWER).code
    if state == "unknown":
        code = "no-such-code"
    elif state == "used":
        register(services, joining("first@example.com", code))
    else:
        clock.advance(timedelta(days=7))
    with pytest.raises(InvalidInvite):
        describe_invite(services, code)


@pytest.mark.parametrize(
    ("inviter", "role", "allowed"),
    [
        (Role.OWNER, Role.OWNER, True),
        (Role.OWNER, Role.ADMIN, True),
        (Role.ADMIN, Role.ADMIN, False),
        (Role.ADMIN, Role.OWNER, False),
        (Role.ADMIN, Role.ENGINEER, True),
        (Role.ADMIN, Role.VIEWER, True),
    ],
)
def test_who_may_invite_whom(inviter: Role, role: Role, *, allowed: bool) -> None:
    """Only an owner invites owners and admins; an admin invites the rest."""
    assert may_invite(inviter, role) is allowed
