"""Invites by mail, and listing, resending and revoking them, over the memory fakes."""

from __future__ import annotations

from datetime import timedelta
from uuid import uuid4

import attrs
import pytest

from adapters.memory import FixedClock, MemoryStore
from decision_core import audit
from decision_core.errors import (
    Forbidden,
    InvalidAccessToken,
    InvalidInvite,
    InviteRevoked,
    InviteUsed,
    InviteWithoutEmail,
    NotFound,
)
from decision_core.identity import InviteState, invite_code_hash
from decision_core.invites import InviteFilter
from decision_core.mail import INVITE, OutgoingMail
from decision_core.roles import Role
from decision_core.usecases.context import Operator, Services
from decision_core.usecases.invites import list_invites, resend_invite, revoke_invite
from decision_core.usecases.registration import (
    Registration,
    create_invite,
    describe_invite,
    register,
)
from tests.unit.conftest import PASSWORD, START, SignedInMember, events, owner_signed_in

NEWCOMER = "new@example.com"


def invite_mails(store: MemoryStore) -> list[OutgoingMail]:
    """The invite mails in the outbox, oldest first."""
    mails = [record.mail for record in store.tables.outbox.values()]
    return sorted((m for m in mails if m.template == INVITE), key=lambda m: m.created_at)


def joining(code: str, email: str = NEWCOMER) -> Registration:
    """A registration with an invite code."""
    return Registration(email=email, password=PASSWORD, name="Newcomer", invite_code=code)


def test_an_invite_with_an_email_is_mailed_with_its_link_values(
    services: Services, store: MemoryStore, owner: SignedInMember
) -> None:
    """The mail carries the code of the link, the account, the role, the inviter and the expiry."""
    issued = create_invite(services, owner.principal, Role.ENGINEER, NEWCOMER)
    [mail] = invite_mails(store)
    assert (mail.to, mail.created_at) == (NEWCOMER, START)
    assert mail.values == {
        "code": issued.code,
        "account_name": "owner's account",
        "role": "engineer",
        "inviter_name": "owner",
        "expires_at": "29 November 2026, 09:00 UTC",
    }
    assert (issued.email, issued.emailed) == (NEWCOMER, True)


def test_an_invite_without_an_email_sends_nothing(
    services: Services, store: MemoryStore, owner: SignedInMember
) -> None:
    """Its link is only shown, to copy."""
    issued = create_invite(services, owner.principal, Role.VIEWER)
    assert invite_mails(store) == []
    assert (issued.email, issued.emailed) == (None, False)


def test_mail_wakes_the_drainer_only_when_there_is_mail(
    services: Services, owner: SignedInMember
) -> None:
    """After the commit, so a drainer finds the message."""
    woken: list[None] = []
    waking = attrs.evolve(services, mail_added=lambda: woken.append(None))
    create_invite(waking, owner.principal, Role.VIEWER)
    assert woken == []
    issued = create_invite(waking, owner.principal, Role.VIEWER, NEWCOMER)
    resend_invite(waking, owner.principal, issued.id)
    assert len(woken) == 2


def test_an_operators_invite_mail_names_no_inviter(
    services: Services, store: MemoryStore, owner: SignedInMember
) -> None:
    """The CLI is no person to name."""
    issued = create_invite(services, owner.principal, Role.VIEWER, NEWCOMER)
    resend_invite(services, Operator(owner.user.account_id), issued.id)
    assert invite_mails(store)[-1].values["inviter_name"] is None
    [event] = events(store, audit.MEMBER_INVITE_RESENT)
    assert (event.user_id, event.details["actor"]) == (None, "cli")


def test_listing_shows_open_invites_newest_first_by_default(
    services: Services, clock: FixedClock, owner: SignedInMember
) -> None:
    """Used, revoked and expired invites are left out unless asked for."""
    used = create_invite(services, owner.principal, Role.VIEWER)
    register(services, joining(used.code))
    revoked = create_invite(services, owner.principal, Role.VIEWER)
    revoke_invite(services, owner.principal, revoked.id)
    clock.advance(timedelta(days=1))
    older = create_invite(services, owner.principal, Role.ENGINEER, "a@example.com")
    clock.advance(timedelta(seconds=1))
    newer = create_invite(services, owner.principal, Role.VIEWER)
    page = list_invites(services, owner.principal)
    assert [i.id for i in page.items] == [newer.id, older.id]
    assert page.total == 2
    clock.advance(timedelta(days=7, seconds=-1))  # older expires now, newer a second later
    expired = list_invites(services, owner.principal, InviteFilter.EXPIRED)
    assert [i.id for i in expired.items] == [older.id]
    assert [i.id for i in list_invites(services, owner.principal, InviteFilter.USED).items] == [
        used.id
    ]
    revoked_page = list_invites(services, owner.principal, InviteFilter.REVOKED)
    assert [i.id for i in revoked_page.items] == [revoked.id]
    assert list_invites(services, owner.principal, InviteFilter.ALL).total == 4


def test_listing_pages_with_limit_and_offset(services: Services, owner: SignedInMember) -> None:
    """``total`` counts every match; the items are one page of them."""
    issued = [create_invite(services, owner.principal, Role.VIEWER) for _ in range(3)]
    page = list_invites(services, owner.principal, limit=2, offset=1)
    assert page.total == len(issued)
    assert len(page.items) == 2


def test_an_admin_sees_only_the_invites_an_admin_may_create(
    services: Services, team: dict[Role, SignedInMember]
) -> None:
    """An owner's or admin's invite is the owner's business."""
    owner, admin = team[Role.OWNER].principal, team[Role.ADMIN].principal
    for_admin = create_invite(services, owner, Role.ADMIN, "second-admin@example.com")
    for_engineer = create_invite(services, admin, Role.ENGINEER, "eng2@example.com")
    assert [i.id for i in list_invites(services, admin).items] == [for_engineer.id]
    assert {i.id for i in list_invites(services, owner).items} == {for_admin.id, for_engineer.id}
    with pytest.raises(Forbidden):
        resend_invite(services, admin, for_admin.id)
    with pytest.raises(Forbidden):
        revoke_invite(services, admin, for_admin.id)


@pytest.mark.parametrize("role", [Role.ENGINEER, Role.VIEWER])
def test_engineers_and_viewers_manage_no_invites(
    services: Services, team: dict[Role, SignedInMember], role: Role
) -> None:
    """Listing, resending and revoking are for owners and admins."""
    issued = create_invite(services, team[Role.OWNER].principal, Role.VIEWER, NEWCOMER)
    caller = team[role].principal
    with pytest.raises(Forbidden):
        list_invites(services, caller)
    with pytest.raises(Forbidden):
        resend_invite(services, caller, issued.id)
    with pytest.raises(Forbidden):
        revoke_invite(services, caller, issued.id)


def test_resending_issues_a_new_code_and_expiry_and_the_old_link_stops_working(
    services: Services, store: MemoryStore, clock: FixedClock, owner: SignedInMember
) -> None:
    """Only the hash is kept, so the mail carries a new code; the old one is unknown now."""
    issued = create_invite(services, owner.principal, Role.VIEWER, NEWCOMER)
    clock.advance(timedelta(days=2))
    renewed = resend_invite(services, owner.principal, issued.id)
    assert renewed.expires_at == START + timedelta(days=9)
    first, second = invite_mails(store)
    assert second.values["code"] != first.values["code"] == issued.code
    assert renewed.code_hash == invite_code_hash(str(second.values["code"]))
    with pytest.raises(InvalidInvite):
        describe_invite(services, issued.code)
    with pytest.raises(InvalidInvite):
        register(services, joining(issued.code))
    assert register(services, joining(str(second.values["code"]))).role is Role.VIEWER
    [event] = events(store, audit.MEMBER_INVITE_RESENT)
    assert (event.resource_id, event.user_id) == (str(issued.id), owner.user.id)
    assert event.details == {"role": "viewer", "email": NEWCOMER}


def test_an_expired_invite_can_be_resent_and_is_open_again(
    services: Services, store: MemoryStore, clock: FixedClock, owner: SignedInMember
) -> None:
    """Resending renews it: the usual reason to resend is a link that ran out."""
    issued = create_invite(services, owner.principal, Role.VIEWER, NEWCOMER)
    clock.advance(timedelta(days=8))
    renewed = resend_invite(services, owner.principal, issued.id)
    assert renewed.state(clock.now()) is InviteState.OPEN
    assert len(invite_mails(store)) == 2


def test_a_used_or_revoked_invite_is_not_resent(
    services: Services, store: MemoryStore, owner: SignedInMember
) -> None:
    """409s, and nothing is mailed again."""
    used = create_invite(services, owner.principal, Role.VIEWER, NEWCOMER)
    register(services, joining(used.code))
    revoked = create_invite(services, owner.principal, Role.VIEWER, "other@example.com")
    revoke_invite(services, owner.principal, revoked.id)
    with pytest.raises(InviteUsed):
        resend_invite(services, owner.principal, used.id)
    with pytest.raises(InviteRevoked):
        resend_invite(services, owner.principal, revoked.id)
    assert len(invite_mails(store)) == 2
    assert events(store, audit.MEMBER_INVITE_RESENT) == []


def test_an_invite_without_an_email_cannot_be_resent(
    services: Services, owner: SignedInMember
) -> None:
    """There is no one to mail it to: 422."""
    issued = create_invite(services, owner.principal, Role.VIEWER)
    with pytest.raises(InviteWithoutEmail) as raised:
        resend_invite(services, owner.principal, issued.id)
    assert raised.value.problems == (
        "the invite has no email to send it to; create a new invite instead",
    )


def test_a_revoked_invite_answers_as_an_unknown_code(
    services: Services, store: MemoryStore, owner: SignedInMember
) -> None:
    """Neither the join page nor registering can use it; the revocation is audited once."""
    issued = create_invite(services, owner.principal, Role.VIEWER)
    revoke_invite(services, owner.principal, issued.id)
    with pytest.raises(InvalidInvite):
        describe_invite(services, issued.code)
    with pytest.raises(InvalidInvite):
        register(services, joining(issued.code))
    [event] = events(store, audit.MEMBER_INVITE_REVOKED)
    assert (event.resource_id, event.details) == (str(issued.id), {"role": "viewer", "email": None})
    assert store.tables.invites[issued.id].revoked_at == START


def test_revoking_twice_is_revoking_once(
    services: Services, store: MemoryStore, clock: FixedClock, owner: SignedInMember
) -> None:
    """Idempotent: the second call changes and writes nothing."""
    issued = create_invite(services, owner.principal, Role.VIEWER)
    revoke_invite(services, owner.principal, issued.id)
    clock.advance(timedelta(minutes=1))
    revoke_invite(services, owner.principal, issued.id)
    assert store.tables.invites[issued.id].revoked_at == START
    assert len(events(store, audit.MEMBER_INVITE_REVOKED)) == 1


def test_an_expired_invite_can_be_revoked(
    services: Services, clock: FixedClock, owner: SignedInMember
) -> None:
    """It then lists as revoked, not expired."""
    issued = create_invite(services, owner.principal, Role.VIEWER)
    clock.advance(timedelta(days=30))
    revoke_invite(services, owner.principal, issued.id)
    page = list_invites(services, owner.principal, InviteFilter.REVOKED)
    assert [i.id for i in page.items] == [issued.id]


def test_a_used_invite_cannot_be_revoked(services: Services, owner: SignedInMember) -> None:
    """The member joined: deactivate them instead."""
    issued = create_invite(services, owner.principal, Role.VIEWER)
    register(services, joining(issued.code))
    with pytest.raises(InviteUsed):
        revoke_invite(services, owner.principal, issued.id)


def test_another_accounts_invite_is_not_found(services: Services, owner: SignedInMember) -> None:
    """Nor is an id that names no invite."""
    stranger = owner_signed_in(services, "stranger@example.com")
    theirs = create_invite(services, stranger.principal, Role.VIEWER, NEWCOMER)
    for invite_id in (theirs.id, uuid4()):
        with pytest.raises(NotFound):
            resend_invite(services, owner.principal, invite_id)
        with pytest.raises(NotFound):
            revoke_invite(services, owner.principal, invite_id)
    assert list_invites(services, owner.principal).total == 0


def test_a_member_gone_cannot_create_an_invite(
    services: Services, store: MemoryStore, owner: SignedInMember
) -> None:
    """The caller is checked after its account is held."""
    del store.tables.users[owner.user.id]
    with pytest.raises(InvalidAccessToken):
        create_invite(services, owner.principal, Role.VIEWER)
