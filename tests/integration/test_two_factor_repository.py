"""The two-factor repositories, and the step-up and requirement columns, on every backend."""

from __future__ import annotations

from datetime import datetime, timedelta
from uuid import UUID, uuid4

import attrs

from decision_core.login.two_factor import (
    CHALLENGE_LIFETIME,
    SignInChallenge,
    TwoFactorEnrolment,
    hashed_recovery_codes,
    new_challenge,
    new_enrolment,
    new_recovery_codes,
)
from decision_core.ports.unit_of_work import UnitOfWorkFactory

from .examples import NOW, a_login_session, a_user, an_account, given


def enrolled_user(uow_factory: UnitOfWorkFactory) -> TwoFactorEnrolment:
    """A stored user with a pending enrolment."""
    account = an_account()
    user = a_user(account)
    given(uow_factory, account, user)
    enrolment = new_enrolment(user.id, NOW)
    with uow_factory() as uow:
        assert uow.two_factor.start(enrolment)
        uow.commit()
    return enrolment


def test_an_enrolment_is_stored_pending_and_read_back(uow_factory: UnitOfWorkFactory) -> None:
    """What was started is what is read; a user without one reads ``None``."""
    enrolment = enrolled_user(uow_factory)
    with uow_factory() as uow:
        assert uow.two_factor.get(enrolment.user_id) == enrolment
        assert uow.two_factor.get(uuid4()) is None


def test_a_new_enrolment_replaces_a_pending_one_but_not_an_active_one(
    uow_factory: UnitOfWorkFactory,
) -> None:
    """Pending: replaced. Active: left as it is, and the start says so."""
    first = enrolled_user(uow_factory)
    second = new_enrolment(first.user_id, NOW + timedelta(minutes=1))
    with uow_factory() as uow:
        assert uow.two_factor.start(second)
        assert uow.two_factor.activate(first.user_id, second.seed, NOW, 100)
        uow.commit()
    with uow_factory() as uow:
        assert not uow.two_factor.start(new_enrolment(first.user_id, NOW))
        uow.commit()
    with uow_factory() as uow:
        stored = uow.two_factor.get(first.user_id)
    assert stored == attrs.evolve(second, confirmed_at=NOW, last_step=100)


def test_only_the_pending_seed_activates_and_only_once(uow_factory: UnitOfWorkFactory) -> None:
    """Another seed (a replaced enrolment) or a second confirmation changes nothing."""
    enrolment = enrolled_user(uow_factory)
    with uow_factory() as uow:
        assert not uow.two_factor.activate(enrolment.user_id, "another seed", NOW, 5)
        assert uow.two_factor.activate(enrolment.user_id, enrolment.seed, NOW, 5)
        assert not uow.two_factor.activate(enrolment.user_id, enrolment.seed, NOW, 6)
        uow.commit()
    with uow_factory() as uow:
        stored = uow.two_factor.get(enrolment.user_id)
    assert stored is not None
    assert (stored.is_active, stored.last_step) == (True, 5)


def test_a_step_is_spent_only_after_the_last_one(uow_factory: UnitOfWorkFactory) -> None:
    """Later steps move it on; the same step or an earlier one is refused."""
    enrolment = enrolled_user(uow_factory)
    with uow_factory() as uow:
        assert not uow.two_factor.spend_step(enrolment.user_id, 9)  # pending: nothing to spend
        uow.two_factor.activate(enrolment.user_id, enrolment.seed, NOW, 10)
        assert not uow.two_factor.spend_step(enrolment.user_id, 10)
        assert not uow.two_factor.spend_step(enrolment.user_id, 9)
        assert uow.two_factor.spend_step(enrolment.user_id, 11)
        assert not uow.two_factor.spend_step(enrolment.user_id, 11)
        uow.commit()
    with uow_factory() as uow:
        stored = uow.two_factor.get(enrolment.user_id)
    assert stored is not None
    assert stored.last_step == 11


def test_a_recovery_code_is_used_once(uow_factory: UnitOfWorkFactory) -> None:
    """Unused codes are counted; a used or unknown one is refused."""
    enrolment = enrolled_user(uow_factory)
    user_id = enrolment.user_id
    hashes = hashed_recovery_codes(user_id, new_recovery_codes())
    with uow_factory() as uow:
        uow.two_factor.replace_recovery_codes(user_id, hashes)
        uow.commit()
    with uow_factory() as uow:
        assert uow.two_factor.recovery_codes_left(user_id) == 10
        assert uow.two_factor.use_recovery_code(user_id, hashes[4], NOW)
        assert not uow.two_factor.use_recovery_code(user_id, hashes[4], NOW)
        assert not uow.two_factor.use_recovery_code(user_id, "0" * 64, NOW)
        assert not uow.two_factor.use_recovery_code(uuid4(), hashes[5], NOW)
        uow.commit()
    with uow_factory() as uow:
        assert uow.two_factor.recovery_codes_left(user_id) == 9


def test_new_recovery_codes_forget_the_old_ones(uow_factory: UnitOfWorkFactory) -> None:
    """Replacing them leaves only the new ones, unused."""
    enrolment = enrolled_user(uow_factory)
    user_id = enrolment.user_id
    old = hashed_recovery_codes(user_id, new_recovery_codes())
    new = hashed_recovery_codes(user_id, new_recovery_codes())
    with uow_factory() as uow:
        uow.two_factor.replace_recovery_codes(user_id, old)
        uow.two_factor.use_recovery_code(user_id, old[0], NOW)
        uow.two_factor.replace_recovery_codes(user_id, new)
        uow.commit()
    with uow_factory() as uow:
        assert uow.two_factor.recovery_codes_left(user_id) == 10
        assert not uow.two_factor.use_recovery_code(user_id, old[1], NOW)


def test_removing_an_enrolment_removes_its_recovery_codes(uow_factory: UnitOfWorkFactory) -> None:
    """Nothing of the second factor is left; a second removal finds nothing."""
    enrolment = enrolled_user(uow_factory)
    user_id = enrolment.user_id
    with uow_factory() as uow:
        uow.two_factor.replace_recovery_codes(
            user_id, hashed_recovery_codes(user_id, new_recovery_codes())
        )
        assert uow.two_factor.remove(user_id)
        assert not uow.two_factor.remove(user_id)
        uow.commit()
    with uow_factory() as uow:
        assert uow.two_factor.get(user_id) is None
        assert uow.two_factor.recovery_codes_left(user_id) == 0


def test_a_challenge_is_found_by_its_hash_and_used_once_before_it_expires(
    uow_factory: UnitOfWorkFactory,
) -> None:
    """Open: used once. At its deadline: not usable at all."""
    account = an_account()
    user = a_user(account)
    given(uow_factory, account, user)
    first = new_challenge(user.id, NOW, enrolment_required=True).challenge
    second = new_challenge(user.id, NOW, enrolment_required=False).challenge
    with uow_factory() as uow:
        uow.sign_in_challenges.add(first)
        uow.sign_in_challenges.add(second)
        uow.commit()
    with uow_factory() as uow:
        assert uow.sign_in_challenges.get_by_token_hash(first.token_hash) == first
        assert uow.sign_in_challenges.get_by_token_hash("0" * 64) is None
        assert uow.sign_in_challenges.use(first.id, NOW + timedelta(minutes=1))
        assert not uow.sign_in_challenges.use(first.id, NOW + timedelta(minutes=1))
        assert not uow.sign_in_challenges.use(second.id, second.expires_at)
        assert not uow.sign_in_challenges.use(uuid4(), NOW)
        uow.commit()
    with uow_factory() as uow:
        used = uow.sign_in_challenges.get_by_token_hash(first.token_hash)
    assert used == attrs.evolve(first, used_at=NOW + timedelta(minutes=1))


def test_a_confirmation_is_stored_on_the_session_and_survives_a_save(
    uow_factory: UnitOfWorkFactory,
) -> None:
    """A rotation saving the session it read before the confirmation does not undo it."""
    account = an_account()
    user = a_user(account)
    session = a_login_session(user)
    given(uow_factory, account, user, session)
    confirmed_at = NOW + timedelta(minutes=20)
    with uow_factory() as uow:
        uow.login_sessions.mark_reauthenticated(session.id, confirmed_at)
        uow.commit()
    with uow_factory() as uow:
        uow.login_sessions.save(attrs.evolve(session, last_used_at=NOW + timedelta(minutes=21)))
        uow.commit()
    with uow_factory() as uow:
        stored = uow.login_sessions.get(session.id)
    assert stored is not None
    assert stored.reauthenticated_at == confirmed_at
    assert stored.last_proved_at == confirmed_at
    assert stored.auth_time == session.auth_time


def test_an_accounts_requirement_is_stored(uow_factory: UnitOfWorkFactory) -> None:
    """Off by default; on once set; read with the user too."""
    account = an_account()
    user = a_user(account)
    given(uow_factory, account, user)
    with uow_factory() as uow:
        assert uow.accounts.get(account.id) == account
        uow.accounts.save_two_factor_requirement(account.id, required=True)
        uow.commit()
    with uow_factory() as uow:
        stored = uow.accounts.get(account.id)
        found = uow.users.get_with_account(user.id)
    assert stored == attrs.evolve(account, require_two_factor=True)
    assert found is not None
    assert found[1].require_two_factor


def a_challenge(
    user_id: UUID, created_at: datetime, *, enrolment_required: bool = False
) -> SignInChallenge:
    """A new challenge of ``user_id``, issued at ``created_at``."""
    return new_challenge(user_id, created_at, enrolment_required=enrolment_required).challenge


def test_closing_a_users_challenges_spends_only_their_open_ones(
    uow_factory: UnitOfWorkFactory,
) -> None:
    """Open ones are spent at ``now``; used, expired and another user's stay as they were."""
    account = an_account()
    user, other = a_user(account), a_user(account)
    given(uow_factory, account, user, other)
    later = NOW + timedelta(minutes=1)
    open_ = a_challenge(user.id, NOW)
    enrolling = a_challenge(user.id, NOW, enrolment_required=True)
    used = attrs.evolve(a_challenge(user.id, NOW), used_at=NOW)
    expired = a_challenge(user.id, later - CHALLENGE_LIFETIME)  # expires at ``later`` itself
    others = a_challenge(other.id, NOW)
    with uow_factory() as uow:
        for challenge in (open_, enrolling, used, expired, others):
            uow.sign_in_challenges.add(challenge)
        uow.commit()
    with uow_factory() as uow:
        assert uow.sign_in_challenges.close_open_for(user.id, later) == 2
        assert uow.sign_in_challenges.close_open_for(user.id, later) == 0
        uow.commit()
    with uow_factory() as uow:
        stored = {
            c.id: uow.sign_in_challenges.get_by_token_hash(c.token_hash)
            for c in (open_, enrolling, used, expired, others)
        }
        assert not uow.sign_in_challenges.use(open_.id, later)
        assert uow.sign_in_challenges.use(others.id, later)
    assert stored[open_.id] == attrs.evolve(open_, used_at=later)
    assert stored[enrolling.id] == attrs.evolve(enrolling, used_at=later)
    assert (stored[used.id], stored[expired.id], stored[others.id]) == (used, expired, others)
