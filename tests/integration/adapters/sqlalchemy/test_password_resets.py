"""The reset-token contract, on the in-memory store, SQLite and PostgreSQL alike."""

from __future__ import annotations

from datetime import timedelta

from decision_core.password_reset import issue_reset_token
from decision_core.ports.unit_of_work import UnitOfWorkFactory
from tests.integration.examples import NOW, a_user, an_account, given


def test_a_token_is_found_by_its_hash_and_spent_once(uow_factory: UnitOfWorkFactory) -> None:
    """The hash finds it; the first spend wins, the second is told it came second."""
    account = an_account()
    user = a_user(account)
    given(uow_factory, account, user)
    token, record = issue_reset_token(user.id, NOW)
    with uow_factory() as uow:
        uow.password_reset_tokens.add(record)
        uow.commit()
    with uow_factory() as uow:
        assert uow.password_reset_tokens.get_by_hash(record.token_hash) == record
        assert uow.password_reset_tokens.get_by_hash(token) is None  # the token itself is no key
        assert uow.password_reset_tokens.spend(record.id, NOW + timedelta(minutes=1))
        uow.commit()
    with uow_factory() as uow:
        assert not uow.password_reset_tokens.spend(record.id, NOW + timedelta(minutes=2))
        stored = uow.password_reset_tokens.get_by_hash(record.token_hash)
    assert stored is not None
    assert stored.used_at == NOW + timedelta(minutes=1)


def test_spending_all_of_a_users_tokens_leaves_others_alone(
    uow_factory: UnitOfWorkFactory,
) -> None:
    """Only the user's unspent tokens are spent, and counted."""
    account = an_account()
    user, other = a_user(account), a_user(account)
    given(uow_factory, account, user, other)
    mine = [issue_reset_token(user.id, NOW)[1] for _ in range(2)]
    spent = issue_reset_token(user.id, NOW)[1]
    theirs = issue_reset_token(other.id, NOW)[1]
    with uow_factory() as uow:
        for record in [*mine, spent, theirs]:
            uow.password_reset_tokens.add(record)
        uow.password_reset_tokens.spend(spent.id, NOW)
        uow.commit()
    later = NOW + timedelta(minutes=5)
    with uow_factory() as uow:
        assert uow.password_reset_tokens.spend_all_of(user.id, later) == 2
        uow.commit()
    with uow_factory() as uow:
        stored = [
            uow.password_reset_tokens.get_by_hash(r.token_hash) for r in [*mine, spent, theirs]
        ]
    assert [None if r is None else r.used_at for r in stored] == [later, later, NOW, None]


def test_an_unknown_token_cannot_be_spent(uow_factory: UnitOfWorkFactory) -> None:
    """Spending an id nobody stored reports failure."""
    account = an_account()
    user = a_user(account)
    given(uow_factory, account, user)
    with uow_factory() as uow:
        assert not uow.password_reset_tokens.spend(issue_reset_token(user.id, NOW)[1].id, NOW)
        assert uow.password_reset_tokens.spend_all_of(user.id, NOW) == 0
