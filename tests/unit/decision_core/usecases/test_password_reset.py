"""Password recovery: a link for known users only, used once, ending every session."""

from __future__ import annotations

from datetime import datetime, timedelta
from uuid import UUID

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

from adapters.memory import FixedClock, MemoryStore, MemoryUnitOfWork
from adapters.memory.password_resets import MemoryPasswordResetTokens
from adapters.memory.store import Tables
from decision_core import audit
from decision_core.errors import (
    InvalidCredentials,
    InvalidPassword,
    InvalidRefreshToken,
    InvalidResetToken,
    TooManyAttempts,
    UnknownUser,
)
from decision_core.login.sessions import RevokeReason
from decision_core.mail import PASSWORD_RESET
from decision_core.password_reset import RESET_TOKEN_LIFETIME, reset_token_hash
from decision_core.roles import Role
from decision_core.settings import CoreSettings
from decision_core.usecases.context import CLI_OPERATOR, Services
from decision_core.usecases.password_reset import (
    accept_reset_request,
    request_password_reset,
    reset_link_is_usable,
    reset_password,
    send_reset_link,
    set_password_by_operator,
)
from decision_core.usecases.refreshing import refresh
from decision_core.usecases.signin import login
from tests.fakes import FastHasher
from tests.unit.conftest import (
    BROWSER,
    PASSWORD,
    START,
    SignedInMember,
    Transactions,
    deactivate_directly,
    events,
    member_with_role,
    register_owner,
    services_with,
    sign_in,
)

OWNER = "owner@example.com"
NEW_PASSWORD = "a brand new passphrase"  # noqa: S105 - a test user's password


@attrs.define
class Wakes:
    """Counts how often a use case woke the drainer."""

    count: int = 0

    def __call__(self) -> None:
        """One more wake."""
        self.count += 1


def link_token(store: MemoryStore) -> str:
    """The token of the newest reset mail in the outbox."""
    mails = [r.mail for r in store.tables.outbox.values() if r.mail.template == PASSWORD_RESET]
    token = max(mails, key=lambda m: m.created_at).values["token"]
    assert isinstance(token, str)
    return token


def asked_for_link(services: Services, store: MemoryStore, email: str = OWNER) -> str:
    """Ask for a reset link; the token it carries."""
    request_password_reset(services, email, BROWSER)
    return link_token(store)


def test_a_known_user_gets_a_link_by_mail_stored_only_as_a_hash(
    services: Services, store: MemoryStore, owner: SignedInMember
) -> None:
    """The mail names the user and carries the token; the table holds its hash; one event."""
    wakes = Wakes()
    request_password_reset(attrs.evolve(services, mail_added=wakes), "OWNER@example.com", BROWSER)
    (record,) = store.tables.outbox.values()
    assert record.mail.to == owner.user.email
    assert (record.mail.values["name"], record.mail.values["minutes"]) == (owner.user.name, 30)
    token = link_token(store)
    (stored,) = store.tables.password_reset_tokens.values()
    assert stored.token_hash == reset_token_hash(token)
    assert stored.user_id == owner.user.id
    assert stored.expires_at == START + RESET_TOKEN_LIFETIME
    (event,) = events(store, audit.PASSWORD_RESET_REQUESTED)
    assert (event.user_id, event.details["ip"]) == (owner.user.id, BROWSER.ip)
    assert token not in str(event.details)
    assert wakes.count == 1


def test_accepting_a_request_does_for_a_known_email_what_it_does_for_any(
    services: Services, store: MemoryStore, owner: SignedInMember
) -> None:
    """Only the count is written; the link comes with sending, after the server has answered."""
    store.tables.login_failures.clear()
    before = len(store.tables.audit)
    accepted = accept_reset_request(services, OWNER, BROWSER)
    assert accepted.recipient == owner.user
    assert (len(store.tables.login_failures), len(store.tables.audit)) == (1, before)
    assert store.tables.password_reset_tokens == {}
    assert store.tables.outbox == {}
    send_reset_link(services, accepted)
    assert len(store.tables.password_reset_tokens) == len(store.tables.outbox) == 1
    assert len(store.tables.audit) == before + 1


@pytest.mark.parametrize("deactivated", [False, True])
def test_an_unknown_or_inactive_email_gets_nothing_and_the_same_answer(
    services: Services, store: MemoryStore, owner: SignedInMember, *, deactivated: bool
) -> None:
    """No token, no mail, no event, no wake: only the request is counted."""
    email = "nobody@example.com"
    if deactivated:
        email = "viewer@example.com"
        deactivate_directly(store, member_with_role(services, owner, Role.VIEWER, email).user.id)
    store.tables.outbox.clear()  # the member's invite mail
    store.tables.login_failures.clear()
    before = len(store.tables.audit)
    wakes = Wakes()
    request_password_reset(attrs.evolve(services, mail_added=wakes), email, BROWSER)
    assert store.tables.outbox == {}
    assert store.tables.password_reset_tokens == {}
    assert len(store.tables.audit) == before
    assert wakes.count == 0
    assert len(store.tables.login_failures) == 1


@pytest.mark.parametrize("email", [OWNER, "nobody@example.com"])
def test_requests_are_throttled_per_email_and_address_known_or_not(
    services: Services, owner: SignedInMember, email: str
) -> None:
    """The sixth request within the window waits; another address may still ask."""
    del owner
    for _ in range(services.settings.auth.login_failure_limit):
        request_password_reset(services, email, BROWSER)
    with pytest.raises(TooManyAttempts) as refused:
        request_password_reset(services, email, BROWSER)
    assert refused.value.retry_after_seconds == 15 * 60
    request_password_reset(services, email, attrs.evolve(BROWSER, ip="198.51.100.9"))


def test_a_new_request_spends_the_earlier_link(
    services: Services, store: MemoryStore, clock: FixedClock, owner: SignedInMember
) -> None:
    """Only the newest link works."""
    del owner
    first = asked_for_link(services, store)
    clock.advance(timedelta(seconds=1))
    second = asked_for_link(services, store)
    assert not reset_link_is_usable(services, first)
    assert reset_link_is_usable(services, second)
    with pytest.raises(InvalidResetToken):
        reset_password(services, first, NEW_PASSWORD)


def test_a_reset_sets_the_password_and_ends_every_session(
    services: Services, store: MemoryStore, owner: SignedInMember
) -> None:
    """The new password signs in, the old one does not, every earlier session is revoked."""
    other_device = sign_in(services, OWNER)
    reset_password(services, asked_for_link(services, store), NEW_PASSWORD)
    for signed in (owner, other_device):
        session = store.tables.login_sessions[signed.principal.sid]
        assert session.revoke_reason is RevokeReason.PASSWORD_RESET
        with pytest.raises(InvalidRefreshToken):
            refresh(services, signed.tokens.refresh_token, BROWSER)
    with pytest.raises(InvalidCredentials):
        login(services, OWNER, PASSWORD, BROWSER)
    login(services, OWNER, NEW_PASSWORD, BROWSER)
    (event,) = events(store, audit.PASSWORD_RESET)
    assert (event.user_id, event.details) == (owner.user.id, {"revoked_sessions": 2})


def test_a_link_works_once(services: Services, store: MemoryStore, owner: SignedInMember) -> None:
    """The second use is ``InvalidResetToken`` and changes nothing."""
    del owner
    token = asked_for_link(services, store)
    reset_password(services, token, NEW_PASSWORD)
    assert not reset_link_is_usable(services, token)
    with pytest.raises(InvalidResetToken):
        reset_password(services, token, "yet another passphrase")
    login(services, OWNER, NEW_PASSWORD, BROWSER)


def test_an_unknown_token_is_invalid(services: Services) -> None:
    """Whatever it looks like."""
    assert not reset_link_is_usable(services, "not-a-token")
    with pytest.raises(InvalidResetToken):
        reset_password(services, "not-a-token", NEW_PASSWORD)


def test_a_too_short_password_leaves_the_link_usable(
    services: Services, store: MemoryStore, owner: SignedInMember
) -> None:
    """The registration rules apply; the link can be used again with a good password."""
    del owner
    token = asked_for_link(services, store)
    with pytest.raises(InvalidPassword):
        reset_password(services, token, "short")
    assert reset_link_is_usable(services, token)


def test_a_user_deactivated_after_asking_cannot_reset(
    services: Services, store: MemoryStore, owner: SignedInMember
) -> None:
    """The link names a user who may no longer sign in: invalid."""
    token = asked_for_link(services, store)
    deactivate_directly(store, owner.user.id)
    with pytest.raises(InvalidResetToken):
        reset_password(services, token, NEW_PASSWORD)


def test_of_two_uses_racing_only_the_first_sets_a_password(
    traced: Services, transactions: Transactions, store: MemoryStore
) -> None:
    """A use committed between this one's check and its write makes this one invalid."""
    register_owner(traced)
    token = asked_for_link(traced, store)
    opened = len(transactions.opened)
    # The reset's second transaction (its write) opens after the other use committed.
    transactions.before[opened + 1] = lambda: reset_password(traced, token, NEW_PASSWORD)
    with pytest.raises(InvalidResetToken):
        reset_password(traced, token, "the loser's passphrase")
    login(traced, OWNER, NEW_PASSWORD, BROWSER)


class TokensSpentFirstElsewhere(MemoryPasswordResetTokens):
    """A spend that finds the token spent: another use committed after this one read it.

    On PostgreSQL the token is read before the user's row is held, so a use
    that waited for that row meets a token spent meanwhile only at its write.
    """

    def spend(self, token_id: UUID, now: datetime) -> bool:
        """Someone was first."""
        del token_id, now
        return False


class RacedUnitOfWork(MemoryUnitOfWork):
    """A unit of work whose reset tokens were spent by another use at the last moment."""

    def _bind(self, tables: Tables) -> None:
        super()._bind(tables)
        self.password_reset_tokens = TokensSpentFirstElsewhere(tables)


def test_a_link_spent_between_reading_and_writing_sets_nothing(
    services: Services,
    store: MemoryStore,
    clock: FixedClock,
    hasher: FastHasher,
    owner: SignedInMember,
) -> None:
    """The conditional spend decides: no password, no revocation, no event."""
    token = asked_for_link(services, store)
    raced = services_with(
        store, clock, hasher, services.settings, uow=lambda: RacedUnitOfWork(store)
    )
    with pytest.raises(InvalidResetToken):
        reset_password(raced, token, NEW_PASSWORD)
    assert store.tables.users[owner.user.id].password_hash == owner.user.password_hash
    assert store.tables.login_sessions[owner.principal.sid].revoked_at is None
    assert events(store, audit.PASSWORD_RESET) == []


@given(seconds=st.integers(min_value=-120, max_value=120))
def test_a_link_expires_at_its_deadline(seconds: int) -> None:
    """Usable until the second before ``expires_at``; at it and after, invalid."""
    store, clock = MemoryStore(), FixedClock(START)
    services = services_with(store, clock, FastHasher(), CoreSettings())
    register_owner(services)
    token = asked_for_link(services, store)
    clock.set(START + RESET_TOKEN_LIFETIME + timedelta(seconds=seconds))
    assert reset_link_is_usable(services, token) is (seconds < 0)
    if seconds < 0:
        reset_password(services, token, NEW_PASSWORD)
        login(services, OWNER, NEW_PASSWORD, BROWSER)
    else:
        with pytest.raises(InvalidResetToken):
            reset_password(services, token, NEW_PASSWORD)


def test_an_operator_sets_a_password_ending_sessions_and_links(
    services: Services, store: MemoryStore, owner: SignedInMember
) -> None:
    """As a reset does; the event has no user and names the operator."""
    token = asked_for_link(services, store)
    user = set_password_by_operator(services, "Owner@Example.com", NEW_PASSWORD)
    assert user.id == owner.user.id
    assert user.password_hash == store.tables.users[owner.user.id].password_hash
    session = store.tables.login_sessions[owner.principal.sid]
    assert session.revoke_reason is RevokeReason.PASSWORD_SET_BY_OPERATOR
    assert not reset_link_is_usable(services, token)
    login(services, OWNER, NEW_PASSWORD, BROWSER)
    (event,) = events(store, audit.PASSWORD_SET_BY_OPERATOR)
    assert event.user_id is None
    assert event.resource_id == str(owner.user.id)
    assert event.details == {"revoked_sessions": 1, "actor": CLI_OPERATOR}


def test_an_operator_may_set_an_inactive_users_password(
    services: Services, store: MemoryStore, owner: SignedInMember
) -> None:
    """It takes effect when the user is active again."""
    deactivate_directly(store, owner.user.id)
    set_password_by_operator(services, OWNER, NEW_PASSWORD)
    assert store.tables.users[owner.user.id].password_hash != owner.user.password_hash


def test_an_operator_naming_an_unknown_email_is_told_so(services: Services) -> None:
    """``UnknownUser``, naming the email."""
    with pytest.raises(UnknownUser, match=r"nobody@example\.com"):
        set_password_by_operator(services, "nobody@example.com", NEW_PASSWORD)


def test_an_operator_whose_user_vanishes_meanwhile_is_told_so(
    traced: Services, transactions: Transactions, store: MemoryStore
) -> None:
    """A user gone between the lookup and the write (no use case deletes one, but a DBA may)."""
    user = register_owner(traced)

    def delete_user() -> None:
        del store.tables.users[user.id]

    transactions.before[len(transactions.opened) + 1] = delete_user
    with pytest.raises(UnknownUser):
        set_password_by_operator(traced, OWNER, NEW_PASSWORD)
