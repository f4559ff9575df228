from uuid import uuid4

import attrs
import pytest

from decision_core.errors import EmailAlreadyRegistered
from decision_core.identity import Rehash
from decision_core.login.policy import PolicyOverrides
from decision_core.ports.unit_of_work import UnitOfWorkFactory
from decision_core.roles import Role

from .examples import NOW, a_user, an_account, given


def test_an_added_account_reads_back_equal(uow_factory: UnitOfWorkFactory) -> None:
    """An account and its overrides come back as they went in."""
    account = an_account(policy=PolicyOverrides(idle_minutes=60, absolute_minutes=600))
    given(uow_factory, account)
    with uow_factory() as uow:
        assert uow.accounts.get(account.id) == account
        assert uow.accounts.get(an_account().id) is None


def test_any_account_exists_once_one_is_added(uow_factory: UnitOfWorkFactory) -> None:
    """A fresh database has none; one account is enough."""
    with uow_factory() as uow:
        assert not uow.accounts.any_exists()
    given(uow_factory, an_account())
    with uow_factory() as uow:
        assert uow.accounts.any_exists()


def test_save_policy_replaces_both_overrides(uow_factory: UnitOfWorkFactory) -> None:
    """Setting overrides and clearing them back to the defaults both stick."""
    account = an_account()
    given(uow_factory, account)
    custom = PolicyOverrides(idle_minutes=10080, absolute_minutes=43200)
    for policy in (custom, PolicyOverrides(idle_minutes=None, absolute_minutes=43200)):
        with uow_factory() as uow:
            uow.accounts.save_policy(account.id, policy)
            uow.commit()
        with uow_factory() as uow:
            assert uow.accounts.get(account.id) == attrs.evolve(account, policy=policy)


def test_a_user_is_found_by_id_and_by_email_in_any_case(uow_factory: UnitOfWorkFactory) -> None:
    """Email lookup ignores case and surrounding blanks; the stored email keeps its case."""
    account = an_account()
    user = a_user(account, email="Grace.Hopper@Example.COM", last_login_at=None)
    given(uow_factory, account, user)
    with uow_factory() as uow:
        assert uow.users.get(user.id) == user
        assert uow.users.get_by_email(" grace.hopper@example.com ") == user
        assert uow.users.get_by_email("GRACE.HOPPER@EXAMPLE.COM") == user
        assert uow.users.get_by_email("someone.else@example.com") is None
        assert uow.users.get(a_user(account).id) is None


def test_a_user_reads_back_with_its_account_in_one_call(uow_factory: UnitOfWorkFactory) -> None:
    """Each as it went in, every column of both; an unknown user reads as None."""
    account = an_account(policy=PolicyOverrides(idle_minutes=60, absolute_minutes=600))
    other = an_account(name="Other")
    user = a_user(account, role=Role.OWNER)
    given(uow_factory, account, other, user, a_user(other))
    with uow_factory() as uow:
        assert uow.users.get_with_account(user.id) == (user, account)
        assert uow.users.get_with_account(a_user(account).id) is None


def test_emails_are_compared_after_unicode_casefolding(uow_factory: UnitOfWorkFactory) -> None:
    """``Straße`` and ``STRASSE`` are one address, as the core's email_key says."""
    account = an_account()
    given(uow_factory, account, a_user(account, email="straße@example.de"))
    with uow_factory() as uow:
        assert uow.users.get_by_email("STRASSE@example.de") is not None
        with pytest.raises(EmailAlreadyRegistered):
            uow.users.add(a_user(account, email="Strasse@Example.de"))


def test_a_duplicate_email_is_refused_without_spoiling_the_transaction(
    uow_factory: UnitOfWorkFactory,
) -> None:
    """After the refusal the same transaction still writes and commits."""
    account = an_account()
    first = a_user(account, email="dup@example.com")
    given(uow_factory, account, first)
    later = a_user(account)
    with uow_factory() as uow:
        with pytest.raises(EmailAlreadyRegistered):
            uow.users.add(a_user(account, email="  DUP@example.com"))
        uow.users.add(later)
        uow.commit()
    with uow_factory() as uow:
        assert uow.users.get(first.id) == first
        assert uow.users.get(later.id) == later


def test_save_replaces_a_user(uow_factory: UnitOfWorkFactory) -> None:
    """Role, activity, name and last sign-in are all replaced."""
    account = an_account()
    user = a_user(account, last_login_at=None)
    given(uow_factory, account, user)
    changed = attrs.evolve(user, role=Role.ADMIN, is_active=False, name="Grace", last_login_at=NOW)
    with uow_factory() as uow:
        uow.users.save(changed)
        uow.commit()
    with uow_factory() as uow:
        assert uow.users.get(user.id) == changed


def test_a_sign_in_records_its_time_and_new_hash_and_nothing_else(
    uow_factory: UnitOfWorkFactory,
) -> None:
    """Without a hash only the time changes; with one, both; other columns stay as stored."""
    account = an_account()
    user = a_user(account, last_login_at=None)
    given(uow_factory, account, user)
    promoted = attrs.evolve(user, role=Role.ADMIN, name="Changed meanwhile")
    with uow_factory() as uow:
        uow.users.save(promoted)
        uow.commit()
    later, upgraded = NOW.replace(hour=9), f"{user.password_hash}-upgraded"
    with uow_factory() as uow:
        assert uow.users.record_sign_in(user.id, NOW)
        uow.commit()
    with uow_factory() as uow:
        assert uow.users.get(user.id) == attrs.evolve(promoted, last_login_at=NOW)
        rehash = Rehash(replaces=user.password_hash, new_hash=upgraded)
        assert uow.users.record_sign_in(user.id, later, rehash=rehash)
        uow.commit()
    with uow_factory() as uow:
        assert uow.users.get(user.id) == attrs.evolve(
            promoted, last_login_at=later, password_hash=upgraded
        )


def test_a_sign_in_rehashes_only_over_the_hash_it_checked(
    uow_factory: UnitOfWorkFactory,
) -> None:
    """A password changed since the sign-in checked the old one stays changed."""
    account = an_account()
    user = a_user(account)
    changed = attrs.evolve(user, password_hash="$argon2id$changed-meanwhile")  # noqa: S106 - a placeholder
    given(uow_factory, account, changed)
    rehash = Rehash(replaces=user.password_hash, new_hash="$argon2id$rehash-of-the-old")
    with uow_factory() as uow:
        assert uow.users.record_sign_in(user.id, NOW, rehash=rehash)
        uow.commit()
    with uow_factory() as uow:
        assert uow.users.get(user.id) == attrs.evolve(changed, last_login_at=NOW)


def test_a_sign_in_whose_checked_hash_is_no_longer_stored_writes_nothing(
    uow_factory: UnitOfWorkFactory,
) -> None:
    """A password changed since the check refuses the sign-in, rehash and all (D189)."""
    account = an_account()
    user = a_user(account, last_login_at=None)
    changed = attrs.evolve(user, password_hash="$argon2id$changed-meanwhile")  # noqa: S106 - a placeholder
    given(uow_factory, account, changed)
    rehash = Rehash(replaces=user.password_hash, new_hash="$argon2id$rehash-of-the-old")
    with uow_factory() as uow:
        assert not uow.users.record_sign_in(user.id, NOW, checked_hash=user.password_hash)
        assert not uow.users.record_sign_in(
            user.id, NOW, checked_hash=user.password_hash, rehash=rehash
        )
        uow.commit()
    with uow_factory() as uow:
        assert uow.users.get(user.id) == changed


def test_a_sign_in_whose_checked_hash_is_still_stored_records_it_and_the_rehash(
    uow_factory: UnitOfWorkFactory,
) -> None:
    """The hash the password was checked against is the one stored: time and new hash."""
    account = an_account()
    user = a_user(account, last_login_at=None)
    given(uow_factory, account, user)
    rehash = Rehash(replaces=user.password_hash, new_hash="$argon2id$upgraded")
    with uow_factory() as uow:
        assert uow.users.record_sign_in(
            user.id, NOW, checked_hash=user.password_hash, rehash=rehash
        )
        uow.commit()
    with uow_factory() as uow:
        assert uow.users.get(user.id) == attrs.evolve(
            user, last_login_at=NOW, password_hash=rehash.new_hash
        )


def test_a_sign_in_of_an_inactive_user_is_refused_whatever_hash_it_checked(
    uow_factory: UnitOfWorkFactory,
) -> None:
    """The right hash does not make an inactive user signable."""
    account = an_account()
    inactive = a_user(account, is_active=False, last_login_at=None)
    given(uow_factory, account, inactive)
    with uow_factory() as uow:
        assert not uow.users.record_sign_in(inactive.id, NOW, checked_hash=inactive.password_hash)
        uow.commit()
    with uow_factory() as uow:
        assert uow.users.get(inactive.id) == inactive


def test_a_sign_in_of_an_inactive_or_unknown_user_writes_nothing(
    uow_factory: UnitOfWorkFactory,
) -> None:
    """The answer says the user is not active; the row stays as it was."""
    account = an_account()
    inactive = a_user(account, is_active=False, last_login_at=None)
    given(uow_factory, account, inactive)
    with uow_factory() as uow:
        assert not uow.users.record_sign_in(inactive.id, NOW)
        assert not uow.users.record_sign_in(uuid4(), NOW)
        uow.commit()
    with uow_factory() as uow:
        assert uow.users.get(inactive.id) == inactive


def test_members_are_listed_oldest_first_within_their_account(
    uow_factory: UnitOfWorkFactory,
) -> None:
    """Another account's users never show; ties on creation time break by id."""
    account, other = an_account(), an_account()
    newest = a_user(account, created_at=NOW)
    oldest = a_user(account, created_at=NOW.replace(hour=1))
    tied = [a_user(account, created_at=NOW.replace(hour=5)) for _ in range(3)]
    given(uow_factory, account, other, newest, a_user(other), *tied, oldest)
    with uow_factory() as uow:
        members = uow.users.list_by_account(account.id)
    assert members == [oldest, *sorted(tied, key=lambda u: str(u.id)), newest]


def test_only_active_owners_of_the_account_are_counted(uow_factory: UnitOfWorkFactory) -> None:
    """Inactive owners, admins and other accounts' owners do not count."""
    account, other = an_account(), an_account()
    given(
        uow_factory,
        account,
        other,
        a_user(account, role=Role.OWNER),
        a_user(account, role=Role.OWNER),
        a_user(account, role=Role.OWNER, is_active=False),
        a_user(account, role=Role.ADMIN),
        a_user(other, role=Role.OWNER),
    )
    with uow_factory() as uow:
        assert uow.users.count_active_owners(account.id) == 2
        assert uow.users.count_active_owners(an_account().id) == 0
