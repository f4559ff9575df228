import itertools
import secrets
import threading
from concurrent.futures import ThreadPoolExecutor

import attrs

from decision_core.identity import Account
from decision_core.login.revocation import SessionSelector
from decision_core.login.sessions import (
    LoginSession,
    RefreshTokenRecord,
    RevokeReason,
    TokenConsumed,
    TokenNotLive,
)
from decision_core.ports.unit_of_work import UnitOfWorkFactory

from .examples import NOW, a_login_session, a_token, a_user, an_account, given

SESSIONS = 12
ROTATORS = 4
ROTATIONS_BEFORE_THE_REVOCATION = 3
# A rotator stops once its sessions are revoked; this bound turns a lost revocation into
# a failed assertion instead of a hang.
MAX_ROUNDS = 200
WAIT_SECONDS = 60


def rotate_once(uow_factory: UnitOfWorkFactory, chain: list[str]) -> bool:
    """Refresh the chain's newest token as the use case does: consume, mint, save, commit."""
    with uow_factory() as uow:
        outcome = uow.refresh_tokens.consume_if_live(chain[-1], NOW)
        if not isinstance(outcome, TokenConsumed):
            return False
        successor = RefreshTokenRecord(
            jti=secrets.token_urlsafe(16),
            sid=outcome.session.id,
            issued_at=NOW,
            parent_jti=chain[-1],
        )
        uow.refresh_tokens.add(successor)
        uow.login_sessions.save(attrs.evolve(outcome.session, last_used_at=NOW, ip="192.0.2.99"))
        uow.commit()
    chain.append(successor.jti)
    return True


def test_a_bulk_revocation_racing_rotations_loses_nothing(uow_factory: UnitOfWorkFactory) -> None:
    """Afterwards every session is revoked, no token is live, and every rotation is whole."""
    account = an_account()
    user = a_user(account)
    sessions = [a_login_session(user) for _ in range(SESSIONS)]
    first_tokens = [a_token(session) for session in sessions]
    given(uow_factory, account, user, *sessions, *first_tokens)
    chains = [[token.jti] for token in first_tokens]
    revocation_may_start = threading.Barrier(ROTATORS + 1)

    def rotate(own: list[list[str]]) -> None:
        live = list(own)
        for rounds in range(1, MAX_ROUNDS + 1):
            live = [chain for chain in live if rotate_once(uow_factory, chain)]
            if rounds == ROTATIONS_BEFORE_THE_REVOCATION:
                revocation_may_start.wait(timeout=WAIT_SECONDS)
            if not live:
                return

    def revoke() -> int:
        revocation_may_start.wait(timeout=WAIT_SECONDS)
        with uow_factory() as uow:
            count = uow.login_sessions.revoke_live(
                SessionSelector(account.id), NOW, RevokeReason.BULK_ALL
            )
            uow.commit()
        return count

    with ThreadPoolExecutor(ROTATORS + 1) as pool:
        rotators = [pool.submit(rotate, chains[i::ROTATORS]) for i in range(ROTATORS)]
        revoked = pool.submit(revoke)
        for rotator in rotators:
            rotator.result()
        assert revoked.result() == SESSIONS

    assert_every_session_revoked(uow_factory, account, sessions)
    for chain in chains:
        assert len(chain) > ROTATIONS_BEFORE_THE_REVOCATION
        assert_chain_intact_and_dead(uow_factory, chain)


def assert_every_session_revoked(
    uow_factory: UnitOfWorkFactory, account: Account, sessions: list[LoginSession]
) -> None:
    """Each session carries the bulk revocation, whatever rotation saved it later."""
    with uow_factory() as uow:
        for session in sessions:
            stored = uow.login_sessions.get(session.id)
            assert stored is not None
            assert (stored.revoked_at, stored.revoke_reason) == (NOW, RevokeReason.BULK_ALL)
        assert uow.login_sessions.active_users(account.id, NOW) == []


def assert_chain_intact_and_dead(uow_factory: UnitOfWorkFactory, chain: list[str]) -> None:
    """Every rotated token names its successor; the newest is unconsumed but unusable."""
    with uow_factory() as uow:  # never committed: presenting a token here changes nothing
        for jti, successor_jti in itertools.pairwise(chain):
            outcome = uow.refresh_tokens.consume_if_live(jti, NOW)
            assert isinstance(outcome, TokenNotLive)
            assert outcome.successor is not None
            assert outcome.successor.jti == successor_jti
        newest = uow.refresh_tokens.consume_if_live(chain[-1], NOW)
    assert isinstance(newest, TokenNotLive)
    assert newest.token is not None
    assert newest.token.consumed_at is None
    assert newest.session is not None
    assert newest.session.revoked_at is not None
