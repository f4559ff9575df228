"""What the use cases rely on from the in-memory adapters."""

from __future__ import annotations

import threading
from datetime import datetime, timedelta
from uuid import uuid4

import attrs
import pytest

from adapters.memory import FixedClock, MemoryStore, MemoryTokenCodec, MemoryUnitOfWork
from decision_core.errors import InvalidAccessToken, InvalidRefreshToken
from decision_core.identity import Account
from decision_core.login.sessions import RevokeReason, TokenConsumed, TokenNotLive
from decision_core.login.tokens import AccessClaims, RefreshClaims
from decision_core.roles import Role
from decision_core.usecases.context import Services
from decision_core.usecases.signin import logout
from tests.unit.conftest import START, SignedInMember, refresh_claims


def an_account() -> Account:
    """A new account created at START."""
    return Account(id=uuid4(), name="Acme", created_at=START)


def add_then_fail(store: MemoryStore, account: Account) -> None:
    """Add ``account``, then fail before committing."""
    with MemoryUnitOfWork(store) as uow:
        uow.accounts.add(account)
        raise RuntimeError


def test_writes_are_rolled_back_unless_committed(store: MemoryStore) -> None:
    """Leaving a unit of work without commit discards its writes."""
    account = an_account()
    with MemoryUnitOfWork(store) as uow:
        uow.accounts.add(account)
        assert uow.accounts.get(account.id) == account
    assert account.id not in store.tables.accounts


def test_an_error_rolls_back(store: MemoryStore) -> None:
    """An exception inside the unit of work leaves the committed state as it was."""
    with pytest.raises(RuntimeError):
        add_then_fail(store, an_account())
    assert store.tables.accounts == {}


def test_commit_publishes_and_sets_committed(store: MemoryStore) -> None:
    """After commit the writes are visible to the next unit of work, and ``committed`` is set."""
    account = an_account()
    uow = MemoryUnitOfWork(store)
    with uow:
        assert not uow.committed
        uow.accounts.add(account)
        uow.commit()
    assert uow.committed
    with MemoryUnitOfWork(store) as reader:
        assert reader.accounts.get(account.id) == account


def test_committed_is_reset_by_the_next_transaction(store: MemoryStore) -> None:
    """Re-entering a unit of work starts uncommitted."""
    uow = MemoryUnitOfWork(store)
    with uow:
        uow.commit()
    with uow:
        assert not uow.committed


def test_writes_after_a_commit_need_another_commit(store: MemoryStore) -> None:
    """Only what was committed is kept; later writes in the same block are discarded."""
    first, second = an_account(), an_account()
    with MemoryUnitOfWork(store) as uow:
        uow.accounts.add(first)
        uow.commit()
        uow.accounts.add(second)
    assert set(store.tables.accounts) == {first.id}


def test_a_transaction_holds_the_store_for_itself(store: MemoryStore) -> None:
    """While one unit of work is open, another thread cannot begin one."""
    acquired: list[bool] = []

    def try_to_begin() -> None:
        acquired.append(store.lock.acquire(blocking=False))

    with MemoryUnitOfWork(store):
        thread = threading.Thread(target=try_to_begin)
        thread.start()
        thread.join()
    assert acquired == [False]


def test_a_token_is_consumed_at_most_once(
    services: Services, store: MemoryStore, owner: SignedInMember
) -> None:
    """The first consume wins; the second finds the token consumed and not rotated."""
    jti = refresh_claims(services, owner.tokens.refresh_token).jti
    with MemoryUnitOfWork(store) as uow:
        first = uow.refresh_tokens.consume_if_live(jti, START)
        second = uow.refresh_tokens.consume_if_live(jti, START)
    assert isinstance(first, TokenConsumed)
    assert first.token.consumed_at == START
    assert isinstance(second, TokenNotLive)
    assert (second.token, second.successor) == (first.token, None)


def test_codec_keeps_access_and_refresh_apart() -> None:
    """Each kind of token decodes only as itself."""
    codec = MemoryTokenCodec()
    access = AccessClaims(uuid4(), uuid4(), uuid4(), Role.VIEWER, 0, 300)
    refresh = RefreshClaims(uuid4(), uuid4(), "jti", 0, 60)
    access_token, refresh_token = codec.encode_access(access), codec.encode_refresh(refresh)
    assert codec.decode_access(access_token) == access
    assert codec.decode_refresh(refresh_token) == refresh
    with pytest.raises(InvalidAccessToken):
        codec.decode_access(refresh_token)
    with pytest.raises(InvalidRefreshToken):
        codec.decode_refresh(access_token)


def test_fixed_clock_moves_only_when_told(clock: FixedClock) -> None:
    """The clock stays put until advanced or set."""
    assert clock.now() == clock.now() == START
    clock.advance(timedelta(minutes=5))
    assert clock.now() == START + timedelta(minutes=5)
    clock.set(START)
    assert clock.now() == START


def test_fixed_clock_refuses_a_naive_start() -> None:
    """A clock cannot start at a datetime without a timezone."""
    with pytest.raises(ValueError, match="timezone-aware"):
        FixedClock(datetime(2026, 11, 22, 9, 0, 0))  # noqa: DTZ001 - naive on purpose


def test_fixed_clock_refuses_to_be_set_to_a_naive_datetime(clock: FixedClock) -> None:
    """Jumping to a datetime without a timezone is refused like starting at one."""
    with pytest.raises(ValueError, match="timezone-aware"):
        clock.set(datetime(2026, 11, 22, 9, 0, 0))  # noqa: DTZ001 - naive on purpose
    assert clock.now() == START


def test_saving_a_session_keeps_a_stored_revocation(
    services: Services, store: MemoryStore, owner: SignedInMember
) -> None:
    """A session saved from a read made before its revocation stays revoked."""
    with MemoryUnitOfWork(store) as uow:
        read_before = uow.login_sessions.get(owner.principal.sid)
    logout(services, owner.principal)
    assert read_before is not None
    with MemoryUnitOfWork(store) as uow:
        uow.login_sessions.save(attrs.evolve(read_before, user_agent="Safari"))
        uow.commit()
    saved = store.tables.login_sessions[owner.principal.sid]
    assert (saved.user_agent, saved.revoke_reason) == ("Safari", RevokeReason.LOGOUT)
    assert saved.revoked_at == START
