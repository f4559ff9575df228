from datetime import timedelta
from uuid import uuid4

import attrs
import pytest

from decision_core.identity import Invite, invite_code_hash
from decision_core.invites import InviteFilter, InviteQuery
from decision_core.ports.unit_of_work import UnitOfWorkFactory
from decision_core.roles import Role

from .examples import NOW, a_user, an_account, an_invite, given


def test_an_invite_is_found_by_the_hash_of_its_code(uow_factory: UnitOfWorkFactory) -> None:
    """The code hash finds the invite; another code finds nothing."""
    account = an_account()
    owner = a_user(account)
    invite = an_invite(account, owner, code="join-us", email="new@example.com")
    given(uow_factory, account, owner, invite)
    with uow_factory() as uow:
        assert uow.invites.get_by_code_hash(invite_code_hash("join-us")) == invite
        assert uow.invites.get_by_code_hash(invite_code_hash("guess")) is None


def test_an_invite_can_be_marked_used_once(uow_factory: UnitOfWorkFactory) -> None:
    """The first redeemer wins; the second is told so and changes nothing."""
    account = an_account()
    owner, first, second = a_user(account), a_user(account), a_user(account)
    invite = an_invite(account, owner, code="once")
    given(uow_factory, account, owner, first, second, invite)
    with uow_factory() as uow:
        assert uow.invites.mark_used(invite, first.id, NOW)
        uow.commit()
    with uow_factory() as uow:
        assert not uow.invites.mark_used(invite, second.id, NOW)
        uow.commit()
    with uow_factory() as uow:
        stored = uow.invites.get_by_code_hash(invite.code_hash)
    assert stored == attrs.evolve(invite, used_at=NOW, used_by=first.id)


def test_an_unknown_invite_cannot_be_marked_used(uow_factory: UnitOfWorkFactory) -> None:
    """Marking an id nobody stored reports failure."""
    account = an_account()
    owner = a_user(account)
    given(uow_factory, account, owner)
    with uow_factory() as uow:
        assert not uow.invites.mark_used(an_invite(account, owner, code="x"), owner.id, NOW)


def test_a_revoked_or_resent_invite_cannot_be_marked_used(uow_factory: UnitOfWorkFactory) -> None:
    """A redeemer that read the invite before it was revoked or given a new code loses."""
    account = an_account()
    owner, newcomer = a_user(account), a_user(account)
    revoked, resent = an_invite(account, owner, code="r"), an_invite(account, owner, code="s")
    given(uow_factory, account, owner, newcomer, revoked, resent)
    with uow_factory() as uow:
        uow.invites.save(attrs.evolve(revoked, revoked_at=NOW))
        uow.invites.save(attrs.evolve(resent, code_hash=invite_code_hash("new")))
        uow.commit()
    with uow_factory() as uow:
        assert not uow.invites.mark_used(revoked, newcomer.id, NOW)
        assert not uow.invites.mark_used(resent, newcomer.id, NOW)
        uow.commit()
    with uow_factory() as uow:
        assert uow.invites.get(revoked.id) == attrs.evolve(revoked, revoked_at=NOW)
        assert uow.invites.get(resent.id, for_update=True) == attrs.evolve(
            resent, code_hash=invite_code_hash("new")
        )
        assert uow.invites.get(uuid4()) is None


def test_save_rewrites_the_code_expiry_and_revocation(uow_factory: UnitOfWorkFactory) -> None:
    """What a resend and a revocation change is stored, and read back the same."""
    account = an_account()
    owner = a_user(account)
    invite = an_invite(account, owner, code="old", email="new@example.com")
    given(uow_factory, account, owner, invite)
    changed = attrs.evolve(
        invite,
        code_hash=invite_code_hash("new"),
        expires_at=NOW + timedelta(days=9),
        revoked_at=NOW + timedelta(hours=1),
    )
    with uow_factory() as uow:
        uow.invites.save(changed)
        uow.commit()
    with uow_factory() as uow:
        assert uow.invites.get_by_code_hash(invite_code_hash("new")) == changed
        assert uow.invites.get_by_code_hash(invite_code_hash("old")) is None


EVERY_ROLE = frozenset(Role)


@pytest.mark.parametrize(
    ("state", "expected"),
    [
        (InviteFilter.OPEN, ["open_late", "open_early"]),
        (InviteFilter.EXPIRED, ["expired"]),
        (InviteFilter.USED, ["used"]),
        (InviteFilter.REVOKED, ["revoked"]),
        (InviteFilter.ALL, ["open_late", "open_early", "expired", "used", "revoked"]),
    ],
)
def test_a_page_holds_the_invites_of_one_state_newest_first(
    uow_factory: UnitOfWorkFactory, state: InviteFilter, expected: list[str]
) -> None:
    """Each state by the same rules as the core's; another account's invites never show."""
    account, elsewhere = an_account(), an_account()
    owner, newcomer, stranger = a_user(account), a_user(account), a_user(elsewhere)
    at = NOW + timedelta(days=7)  # the moment the listing asks at: NOW's invites expire now

    def made(name: str, minutes_ago: int) -> Invite:
        invite = an_invite(account, owner, code=name)
        return attrs.evolve(invite, created_at=NOW - timedelta(minutes=minutes_ago))

    invites = {
        "open_late": attrs.evolve(made("open_late", 1), expires_at=at + timedelta(microseconds=1)),
        "open_early": attrs.evolve(made("open_early", 2), expires_at=at + timedelta(days=1)),
        "expired": attrs.evolve(made("expired", 3), expires_at=at),
        "used": attrs.evolve(made("used", 4), used_at=NOW, used_by=newcomer.id),
        "revoked": attrs.evolve(made("revoked", 5), revoked_at=NOW),
    }
    theirs = an_invite(elsewhere, stranger, code="theirs")
    given(uow_factory, account, elsewhere, owner, newcomer, stranger, *invites.values(), theirs)
    names = {invite.id: name for name, invite in invites.items()}
    with uow_factory() as uow:
        page = uow.invites.page(account.id, InviteQuery(roles=EVERY_ROLE, state=state), at)
    assert [names[invite.id] for invite in page.items] == expected
    assert page.total == len(expected)
    assert all(invite == invites[names[invite.id]] for invite in page.items)


def test_a_page_holds_only_the_roles_asked_for_and_pages_by_limit_and_offset(
    uow_factory: UnitOfWorkFactory,
) -> None:
    """``total`` counts every match; ties on ``created_at`` are ordered by id, newest first."""
    account = an_account()
    owner = a_user(account)
    admins = [an_invite(account, owner, code=f"a{n}") for n in range(3)]
    viewer = attrs.evolve(an_invite(account, owner, code="v"), role=Role.VIEWER)
    given(uow_factory, account, owner, *admins, viewer)
    by_id = sorted(admins, key=lambda invite: str(invite.id), reverse=True)
    admins_only = InviteQuery(roles=frozenset({Role.ADMIN}), limit=2, offset=1)
    with uow_factory() as uow:
        page = uow.invites.page(account.id, admins_only, NOW)
        nothing = uow.invites.page(account.id, InviteQuery(roles=frozenset()), NOW)
    assert (list(page.items), page.total) == (by_id[1:3], 3)
    assert (nothing.items, nothing.total) == ((), 0)
