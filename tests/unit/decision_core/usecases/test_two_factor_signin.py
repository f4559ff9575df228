"""Signing in with a second factor: the challenge a right password gets, and its completion."""

from __future__ import annotations

from datetime import timedelta

import attrs
import pytest

from adapters.memory import FixedClock, MemoryStore, MemoryUnitOfWork
from decision_core import audit
from decision_core.errors import (
    InvalidCredentials,
    InvalidSignInChallenge,
    InvalidTwoFactorCode,
    TooManyAttempts,
    TwoFactorRequired,
)
from decision_core.login.totp import PERIOD_SECONDS
from decision_core.usecases.context import ClientInfo, Services
from decision_core.usecases.signin import authenticate, login
from decision_core.usecases.two_factor_signin import complete_sign_in
from tests.fakes import FastHasher
from tests.unit.conftest import (
    BROWSER,
    PASSWORD,
    SignedInMember,
    Transactions,
    deactivate_directly,
    events,
    owner_signed_in,
    stored_session,
)
from tests.unit.two_factor_steps import Enrolled, enrol

NEXT_STEP = timedelta(seconds=PERIOD_SECONDS)


def challenged(services: Services, email: str = "owner@example.com") -> TwoFactorRequired:
    """The challenge a right password gets from a user with a second factor."""
    with pytest.raises(TwoFactorRequired) as raised:
        login(services, email, PASSWORD, BROWSER)
    return raised.value


@pytest.fixture
def enrolled(services: Services, clock: FixedClock, owner: SignedInMember) -> Enrolled:
    """The owner, with two-factor sign-in on; the clock then moves to the next step."""
    two_factor = enrol(services, owner)
    clock.advance(NEXT_STEP)
    return two_factor


@pytest.mark.usefixtures("enrolled")
def test_a_right_password_gets_a_challenge_not_tokens(
    services: Services, store: MemoryStore
) -> None:
    """No session is started and nothing says the user signed in until the second factor."""
    sessions_before = dict(store.tables.login_sessions)
    challenge = challenged(services)
    assert challenge.expires_in == 300
    assert not challenge.enrolment_required
    assert challenge.challenge not in str(challenge)
    assert store.tables.login_sessions == sessions_before
    assert len(events(store, audit.LOGIN)) == 1  # the owner's first sign-in only


def test_a_current_code_completes_the_sign_in_at_that_moment(
    services: Services, clock: FixedClock, store: MemoryStore, enrolled: Enrolled
) -> None:
    """The session starts at completion (auth_time); auth.login names the factor."""
    challenge = challenged(services)
    clock.advance(timedelta(seconds=40))
    code = enrolled.authenticator.code_at(clock.now())
    tokens = complete_sign_in(services, challenge.challenge, code, BROWSER)
    principal = authenticate(services, tokens.access_token)
    session = stored_session(store, principal.sid)
    assert session.auth_time == clock.now()
    login_event = events(store, audit.LOGIN)[-1]
    assert login_event.details["second_factor"] == "totp"
    assert login_event.resource_id == str(principal.sid)


def test_a_challenge_completes_once(
    services: Services, clock: FixedClock, enrolled: Enrolled
) -> None:
    """Used once, the challenge answers like an unknown one, even with the next code."""
    challenge = challenged(services)
    complete_sign_in(
        services, challenge.challenge, enrolled.authenticator.code_at(clock.now()), BROWSER
    )
    clock.advance(NEXT_STEP)
    with pytest.raises(InvalidSignInChallenge):
        complete_sign_in(
            services, challenge.challenge, enrolled.authenticator.code_at(clock.now()), BROWSER
        )


def test_a_code_is_accepted_once_even_by_another_sign_in(
    services: Services, clock: FixedClock, enrolled: Enrolled
) -> None:
    """A code seen over a shoulder is spent: a second sign-in in the same step is refused."""
    code = enrolled.authenticator.code_at(clock.now())
    complete_sign_in(services, challenged(services).challenge, code, BROWSER)
    with pytest.raises(InvalidTwoFactorCode):
        complete_sign_in(services, challenged(services).challenge, code, BROWSER)


def test_a_wrong_code_is_audited_and_leaves_the_challenge_open(
    services: Services,
    clock: FixedClock,
    store: MemoryStore,
    owner: SignedInMember,
    enrolled: Enrolled,
) -> None:
    """The person may try again with the right code; the failure is in the audit trail."""
    challenge = challenged(services)
    with pytest.raises(InvalidTwoFactorCode):
        complete_sign_in(services, challenge.challenge, "000000", BROWSER)
    [failed] = events(store, audit.TWO_FACTOR_FAILED)
    assert (failed.user_id, failed.details) == (owner.user.id, {"purpose": "sign_in"})
    code = enrolled.authenticator.code_at(clock.now())
    assert complete_sign_in(services, challenge.challenge, code, BROWSER).access_token


def test_wrong_codes_are_throttled_per_user_whatever_the_address(
    services: Services, clock: FixedClock, enrolled: Enrolled
) -> None:
    """After five wrong codes in the window even the right one waits, from any address."""
    challenge = challenged(services)
    for attempt in range(5):
        client = ClientInfo(user_agent="x", ip=f"198.51.100.{attempt}")
        with pytest.raises(InvalidTwoFactorCode):
            complete_sign_in(services, challenge.challenge, f"{attempt:06d}", client)
    with pytest.raises(TooManyAttempts) as raised:
        complete_sign_in(
            services, challenge.challenge, enrolled.authenticator.code_at(clock.now()), BROWSER
        )
    assert raised.value.retry_after_seconds > 0


def test_a_right_code_forgets_the_wrong_ones(
    services: Services, clock: FixedClock, enrolled: Enrolled
) -> None:
    """Four wrong codes, a right one: the count starts again."""
    for attempt in range(4):
        with pytest.raises(InvalidTwoFactorCode):
            complete_sign_in(services, challenged(services).challenge, f"{attempt:06d}", BROWSER)
    complete_sign_in(
        services,
        challenged(services).challenge,
        enrolled.authenticator.code_at(clock.now()),
        BROWSER,
    )
    clock.advance(NEXT_STEP)
    for attempt in range(4):
        with pytest.raises(InvalidTwoFactorCode):
            complete_sign_in(services, challenged(services).challenge, f"{attempt:06d}", BROWSER)


def test_a_recovery_code_signs_in_once(
    services: Services, store: MemoryStore, enrolled: Enrolled
) -> None:
    """Accepted however it is typed, spent, and audited with how many are left."""
    code = enrolled.recovery_codes[3]
    tokens = complete_sign_in(
        services, challenged(services).challenge, code.upper().replace("-", " "), BROWSER
    )
    assert tokens.access_token
    [used] = events(store, audit.RECOVERY_CODE_USED)
    assert used.details == {"purpose": "sign_in", "left": 9}
    assert events(store, audit.LOGIN)[-1].details["second_factor"] == "recovery_code"
    with pytest.raises(InvalidTwoFactorCode):
        complete_sign_in(services, challenged(services).challenge, code, BROWSER)


@pytest.mark.parametrize("seconds_after_expiry", [0, 1])
def test_an_expired_challenge_is_refused_at_its_deadline(
    services: Services, clock: FixedClock, enrolled: Enrolled, seconds_after_expiry: int
) -> None:
    """Five minutes on, the challenge answers like an unknown one; the password starts over."""
    challenge = challenged(services)
    clock.advance(timedelta(minutes=5, seconds=seconds_after_expiry))
    with pytest.raises(InvalidSignInChallenge):
        complete_sign_in(
            services, challenge.challenge, enrolled.authenticator.code_at(clock.now()), BROWSER
        )


def test_a_challenge_is_still_open_a_second_before_its_deadline(
    services: Services, clock: FixedClock, enrolled: Enrolled
) -> None:
    """At 4 min 59 s the code still completes it."""
    challenge = challenged(services)
    clock.advance(timedelta(minutes=5) - timedelta(seconds=1))
    code = enrolled.authenticator.code_at(clock.now())
    assert complete_sign_in(services, challenge.challenge, code, BROWSER).access_token


@pytest.mark.usefixtures("enrolled")
def test_an_unknown_challenge_is_refused(services: Services) -> None:
    """A made-up challenge is no challenge."""
    with pytest.raises(InvalidSignInChallenge):
        complete_sign_in(services, "not-a-challenge", "123456", BROWSER)


def test_a_user_deactivated_meanwhile_does_not_sign_in(
    services: Services,
    clock: FixedClock,
    store: MemoryStore,
    owner: SignedInMember,
    enrolled: Enrolled,
) -> None:
    """The code is right, but the user is no longer active: the same answer as a wrong password."""
    challenge = challenged(services)
    deactivate_directly(store, owner.user.id)
    with pytest.raises(InvalidCredentials):
        complete_sign_in(
            services, challenge.challenge, enrolled.authenticator.code_at(clock.now()), BROWSER
        )


@pytest.mark.usefixtures("enrolled")
def test_a_wrong_password_gets_no_challenge(services: Services) -> None:
    """The second factor is asked only after the password is right."""
    with pytest.raises(InvalidCredentials):
        login(services, "owner@example.com", "not the password", BROWSER)


@pytest.mark.usefixtures("enrolled")
def test_the_challenge_upgrades_an_old_hash_but_records_no_sign_in(
    services: Services, store: MemoryStore, hasher: FastHasher, owner: SignedInMember
) -> None:
    """The password was right, so its hash is renewed now; last_login_at waits for the code."""
    signed_in_at = store.tables.users[owner.user.id].last_login_at
    hasher.scheme = "stronger"
    challenged(services)
    stored = store.tables.users[owner.user.id]
    assert stored.password_hash.startswith("stronger$")
    assert stored.last_login_at == signed_in_at


@pytest.mark.usefixtures("enrolled")
def test_a_right_password_forgets_its_failures_before_the_code(services: Services) -> None:
    """Four wrong passwords, then the right one and a challenge: five more wrong ones may come."""
    for _ in range(4):
        with pytest.raises(InvalidCredentials):
            login(services, "owner@example.com", "wrong password", BROWSER)
    challenged(services)
    for _ in range(4):
        with pytest.raises(InvalidCredentials):
            login(services, "owner@example.com", "wrong password", BROWSER)
    challenged(services)


def test_of_two_completions_at_once_one_signs_in(
    traced: Services, transactions: Transactions, clock: FixedClock
) -> None:
    """The challenge is spent in the transaction that checks the code: the second one loses.

    (A recovery code and a TOTP code, so each is right on its own.)
    """
    owner = owner_signed_in(traced)
    enrolled = enrol(traced, owner)
    clock.advance(NEXT_STEP)
    challenge = challenged(traced)
    code = enrolled.authenticator.code_at(clock.now())

    def the_other_completes_first() -> None:
        complete_sign_in(traced, challenge.challenge, enrolled.recovery_codes[0], BROWSER)

    checking_the_code = len(transactions.opened) + 1
    transactions.before[checking_the_code] = the_other_completes_first
    with pytest.raises(InvalidSignInChallenge):
        complete_sign_in(traced, challenge.challenge, code, BROWSER)


@pytest.mark.usefixtures("enrolled")
def test_a_challenge_of_a_user_gone_since_is_refused(
    services: Services, store: MemoryStore, owner: SignedInMember
) -> None:
    """No user behind the challenge: as if there were no challenge."""
    challenge = challenged(services)
    del store.tables.users[owner.user.id]
    with pytest.raises(InvalidSignInChallenge):
        complete_sign_in(services, challenge.challenge, "123456", BROWSER)


def test_a_password_changed_during_the_check_gets_no_challenge_and_stays_changed(
    traced: Services, transactions: Transactions, store: MemoryStore, hasher: FastHasher
) -> None:
    """Right when checked, replaced before the challenge: none is stored, nothing is upgraded.

    The change closed every challenge of the user; one stored after it would
    outlive it. And, as at a plain sign-in, the new hash stays the new one.
    """
    owner = owner_signed_in(traced)
    enrol(traced, owner)
    hasher.scheme = "stronger"
    changed = hasher.hash("a new password set elsewhere")

    def change_password_elsewhere() -> None:
        with MemoryUnitOfWork(store) as uow:
            stored = uow.users.get(owner.user.id)
            assert stored is not None
            uow.users.save(attrs.evolve(stored, password_hash=changed))
            uow.commit()

    issuing_the_challenge = len(transactions.opened) + 2  # after the attempt and the session's
    transactions.before[issuing_the_challenge] = change_password_elsewhere
    with pytest.raises(InvalidCredentials):
        login(traced, "owner@example.com", PASSWORD, BROWSER)
    assert store.tables.users[owner.user.id].password_hash == changed
    assert store.tables.sign_in_challenges == {}


def test_a_member_deactivated_during_the_check_gets_no_challenge(
    traced: Services, transactions: Transactions, store: MemoryStore
) -> None:
    """A deactivation closes the challenges too: none may be stored after it."""
    owner = owner_signed_in(traced)
    enrol(traced, owner)
    issuing_the_challenge = len(transactions.opened) + 2
    transactions.before[issuing_the_challenge] = lambda: deactivate_directly(store, owner.user.id)
    with pytest.raises(InvalidCredentials):
        login(traced, "owner@example.com", PASSWORD, BROWSER)
    assert store.tables.sign_in_challenges == {}
