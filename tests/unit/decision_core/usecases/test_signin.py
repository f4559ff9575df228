from __future__ import annotations

from datetime import timedelta

import attrs
import pytest

from adapters.memory import FixedClock, MemoryStore, MemoryUnitOfWork
from decision_core import audit
from decision_core.errors import InvalidAccessToken, InvalidCredentials
from decision_core.login.sessions import RevokeReason
from decision_core.roles import Role
from decision_core.usecases.context import ClientInfo, Services
from decision_core.usecases.password_reset import reset_password
from decision_core.usecases.signin import authenticate, login, logout
from tests.fakes import FastHasher
from tests.unit.conftest import (
    ADDRESS,
    BROWSER,
    PASSWORD,
    START,
    Transactions,
    deactivate_directly,
    events,
    owner_signed_in,
    refresh_claims,
    register_owner,
    remove_account,
    sign_in,
    stored_session,
    stored_token,
)
from tests.unit.decision_core.usecases.test_password_reset import NEW_PASSWORD, asked_for_link

DAY = 24 * 60 * 60


def test_login_snapshots_default_policy_3d_14d(services: Services, store: MemoryStore) -> None:
    """A sign-in snapshots the default policy, 3 days idle and 14 days absolute, in seconds."""
    register_owner(services)
    tokens = login(services, "owner@example.com", PASSWORD, BROWSER)
    claims = refresh_claims(services, tokens.refresh_token)
    start = int(START.timestamp())
    assert (claims.auth_time, claims.idle_max, claims.abs_max) == (start, 3 * DAY, 14 * DAY)
    assert (claims.iat, claims.exp) == (start, start + 3 * DAY)
    session = stored_session(store, claims.sid)
    assert (session.idle_max, session.abs_max, session.auth_time) == (3 * DAY, 14 * DAY, START)


def test_login_answers_the_token_response(services: Services) -> None:
    """The token response carries the access lifetime and both deadlines of the new session."""
    register_owner(services)
    tokens = login(services, "owner@example.com", PASSWORD, BROWSER)
    assert tokens.token_type == "bearer"  # noqa: S105 - the OAuth token type
    assert tokens.expires_in == 300
    assert tokens.idle_expires_at == START + timedelta(days=3)
    assert tokens.absolute_expires_at == START + timedelta(days=14)


def test_login_starts_a_session_for_the_client(services: Services, store: MemoryStore) -> None:
    """The new session remembers the client, its token is live, and the login is audited."""
    owner = owner_signed_in(services)
    claims = refresh_claims(services, owner.tokens.refresh_token)
    session = stored_session(store, claims.sid)
    assert (session.user_agent, session.ip, session.user_id) == (
        "Firefox/140",
        ADDRESS,
        owner.user.id,
    )
    assert stored_token(store, claims.jti).consumed_at is None
    assert owner.user.last_login_at == START
    [event] = events(store, audit.LOGIN)
    assert (event.user_id, event.resource_id) == (owner.user.id, str(claims.sid))
    assert event.details == {"user_agent": "Firefox/140", "ip": ADDRESS}


def test_each_login_starts_a_new_session(services: Services) -> None:
    """Two sign-ins of one user are two login sessions with their own ids."""
    first = owner_signed_in(services)
    second = sign_in(services, "owner@example.com")
    assert first.principal.sid != second.principal.sid


def test_email_is_matched_case_insensitively(services: Services) -> None:
    """A sign-in with the email in other case and padded with spaces finds the user."""
    register_owner(services)
    signed_in = sign_in(services, "  OWNER@Example.COM ")
    assert signed_in.user.email == "owner@example.com"


def test_wrong_password_is_invalid_credentials(
    services: Services, store: MemoryStore, hasher: FastHasher
) -> None:
    """A wrong password is refused, after one verify, and audited with its reason."""
    user = register_owner(services)
    before = hasher.verifications
    with pytest.raises(InvalidCredentials):
        login(services, "owner@example.com", "not the password", BROWSER)
    assert hasher.verifications == before + 1
    [event] = events(store, audit.LOGIN_FAILED)
    assert (event.user_id, event.details) == (user.id, {"reason": "wrong_password", "ip": ADDRESS})
    assert store.tables.login_sessions == {}


def test_unknown_email_is_invalid_credentials_after_a_dummy_verify(
    services: Services, store: MemoryStore, hasher: FastHasher
) -> None:
    """An unknown email costs one (dummy) verify too, and has no account to audit in."""
    register_owner(services)
    before = hasher.verifications
    with pytest.raises(InvalidCredentials):
        login(services, "nobody@example.com", PASSWORD, BROWSER)
    assert hasher.verifications == before + 1
    assert events(store, audit.LOGIN_FAILED) == []


def test_inactive_user_is_invalid_credentials(
    services: Services, store: MemoryStore, hasher: FastHasher
) -> None:
    """An inactive user with the right password gets the same answer, after one verify."""
    user = register_owner(services)
    deactivate_directly(store, user.id)
    before = hasher.verifications
    with pytest.raises(InvalidCredentials):
        login(services, "owner@example.com", PASSWORD, BROWSER)
    assert hasher.verifications == before + 1
    [event] = events(store, audit.LOGIN_FAILED)
    assert event.details == {"reason": "inactive_user", "ip": ADDRESS}


def test_user_deactivated_during_the_password_check_is_refused(
    traced: Services, transactions: Transactions, store: MemoryStore
) -> None:
    """A user deactivated between the password check and the new session gets no session."""
    user = register_owner(traced)
    # login reads in one transaction, checks the password, then starts the session in the next.
    starting_the_session = len(transactions.opened) + 1
    transactions.before[starting_the_session] = lambda: deactivate_directly(store, user.id)
    with pytest.raises(InvalidCredentials):
        login(traced, "owner@example.com", PASSWORD, BROWSER)
    assert store.tables.login_sessions == {}
    assert events(store, audit.LOGIN) == []
    assert not transactions.opened[-1].committed


def test_a_reset_during_the_password_check_starts_no_session(
    traced: Services, transactions: Transactions, store: MemoryStore
) -> None:
    """The reset ended every session of the old password: none may start after it (D189)."""
    user = register_owner(traced)
    token = asked_for_link(traced, store)
    starting_the_session = len(transactions.opened) + 1
    transactions.before[starting_the_session] = lambda: reset_password(traced, token, NEW_PASSWORD)
    with pytest.raises(InvalidCredentials):
        login(traced, "owner@example.com", PASSWORD, BROWSER)
    assert store.tables.login_sessions == {}
    assert events(store, audit.LOGIN) == []
    assert store.tables.users[user.id].last_login_at is None
    login(traced, "owner@example.com", NEW_PASSWORD, BROWSER)


def test_user_whose_account_is_gone_is_refused(services: Services, store: MemoryStore) -> None:
    """Without its account a user cannot start a session (the account holds the policy)."""
    user = register_owner(services)
    remove_account(store, user.account_id)
    with pytest.raises(InvalidCredentials):
        login(services, "owner@example.com", PASSWORD, BROWSER)
    assert store.tables.login_sessions == {}


def test_a_hash_made_with_older_parameters_is_upgraded_at_sign_in(
    services: Services, store: MemoryStore, hasher: FastHasher
) -> None:
    """After the hash parameters change, a sign-in stores a hash made with the new ones."""
    user = register_owner(services)
    hasher.scheme = "stronger"
    login(services, "owner@example.com", PASSWORD, BROWSER)
    upgraded = store.tables.users[user.id].password_hash
    assert upgraded.startswith("stronger$")
    login(services, "owner@example.com", PASSWORD, BROWSER)
    assert store.tables.users[user.id].password_hash == upgraded


def test_a_password_changed_during_the_check_starts_no_session_and_stays_changed(
    traced: Services, transactions: Transactions, store: MemoryStore, hasher: FastHasher
) -> None:
    """Right when checked, replaced before the session: none starts, nothing is upgraded.

    The new hash replaces only the hash the password was checked against.
    """
    user = register_owner(traced)
    hasher.scheme = "stronger"
    changed = hasher.hash("a new password set elsewhere")

    def change_password_elsewhere() -> None:
        with MemoryUnitOfWork(store) as uow:
            stored = uow.users.get(user.id)
            assert stored is not None
            uow.users.save(attrs.evolve(stored, password_hash=changed))
            uow.commit()

    starting_the_session = len(transactions.opened) + 1
    transactions.before[starting_the_session] = change_password_elsewhere
    with pytest.raises(InvalidCredentials):
        login(traced, "owner@example.com", PASSWORD, BROWSER)
    assert store.tables.users[user.id].password_hash == changed
    assert store.tables.login_sessions == {}
    assert events(store, audit.LOGIN) == []


def test_access_token_authenticates_its_caller(services: Services) -> None:
    """The principal behind an access token is its user, session, account and role."""
    owner = owner_signed_in(services)
    principal = owner.principal
    assert (principal.user_id, principal.account_id) == (owner.user.id, owner.user.account_id)
    assert principal.role is Role.OWNER
    assert principal.sid == refresh_claims(services, owner.tokens.refresh_token).sid


def test_access_token_works_until_one_second_before_exp(
    services: Services, clock: FixedClock
) -> None:
    """An access token is accepted in the last second of its five minutes."""
    owner = owner_signed_in(services)
    clock.advance(timedelta(minutes=5, seconds=-1))
    assert authenticate(services, owner.tokens.access_token) == owner.principal


def test_access_token_is_expired_at_exactly_exp(services: Services, clock: FixedClock) -> None:
    """An access token is refused at the instant of its ``exp``."""
    owner = owner_signed_in(services)
    clock.advance(timedelta(minutes=5))
    with pytest.raises(InvalidAccessToken):
        authenticate(services, owner.tokens.access_token)


def test_unknown_access_token_is_refused(services: Services) -> None:
    """A token the codec never issued is not an access token."""
    with pytest.raises(InvalidAccessToken):
        authenticate(services, "not-a-token")


def test_refresh_token_is_not_an_access_token(services: Services) -> None:
    """A refresh token presented as an access token is refused."""
    owner = owner_signed_in(services)
    with pytest.raises(InvalidAccessToken):
        authenticate(services, owner.tokens.refresh_token)


def test_logout_is_idempotent(services: Services, store: MemoryStore) -> None:
    """A second sign-out of the same session changes nothing and writes no second event."""
    owner = owner_signed_in(services)
    logout(services, owner.principal)
    logout(services, owner.principal)
    session = stored_session(store, owner.principal.sid)
    assert session.revoke_reason is RevokeReason.LOGOUT
    assert session.revoked_at == START
    [event] = events(store, audit.LOGOUT)
    assert event.resource_id == str(owner.principal.sid)


def test_logout_ends_only_the_callers_session(services: Services, store: MemoryStore) -> None:
    """Signing out of one device leaves the user's other sessions live."""
    laptop = owner_signed_in(services)
    phone = sign_in(services, "owner@example.com", client=ClientInfo(user_agent="iOS"))
    logout(services, laptop.principal)
    assert stored_session(store, phone.principal.sid).revoked_at is None
