import attrs

from decision_core.identity import invite_code_hash
from decision_core.ports.unit_of_work import UnitOfWorkFactory

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
        assert uow.invites.mark_used(invite.id, first.id, NOW)
        uow.commit()
    with uow_factory() as uow:
        assert not uow.invites.mark_used(invite.id, second.id, NOW)
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
        assert not uow.invites.mark_used(an_invite(account, owner, code="x").id, owner.id, NOW)
