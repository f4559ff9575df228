"""The batch jobs' repository: pruning and walk paging, on memory, SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import timedelta
from uuid import UUID

import attrs
import pytest

from decision_core.login.retention import PrunedSessions, Retention
from decision_core.login.sessions import (
    LoginSession,
    RefreshTokenRecord,
    RevokeReason,
    TokenNotLive,
)
from decision_core.ports.unit_of_work import UnitOfWork, UnitOfWorkFactory

from .examples import NOW, a_login_session, a_token, a_user, an_account, given
from .test_walks_repository import a_walk
from .tree_examples import a_tree, given_trees

MINUTE = timedelta(minutes=1)
HOURS = timedelta(hours=1)
# Everything below uses an idle window of 2 h and keeps one hour of history.
RETENTION = Retention.before(NOW, timedelta(hours=1))


def consumed(token: RefreshTokenRecord) -> RefreshTokenRecord:
    """The token, rotated right away."""
    return attrs.evolve(token, consumed_at=token.issued_at + MINUTE)


def revoked(session: LoginSession, ago: timedelta) -> LoginSession:
    """The session, logged out ``ago`` before NOW."""
    return attrs.evolve(session, revoked_at=NOW - ago, revoke_reason=RevokeReason.LOGOUT)


def stored_jtis(uow: UnitOfWork, jtis: list[str]) -> set[str]:
    """Which of ``jtis`` are stored: a consume attempt (never committed) tells unknown apart."""
    found = set()
    for jti in jtis:
        outcome = uow.refresh_tokens.consume_if_live(jti, NOW)
        if not (isinstance(outcome, TokenNotLive) and outcome.token is None):
            found.add(jti)
    return found


@attrs.frozen
class Scene:
    """Sessions and tokens of every kind, and which of them must survive pruning."""

    kept_sessions: list[UUID]
    pruned_sessions: list[UUID]
    kept_tokens: list[str]
    pruned_tokens: list[str]


def a_scene(uow_factory: UnitOfWorkFactory) -> Scene:
    """One of each case around the cutoff NOW - 1 h (idle window 2 h, absolute 1 day)."""
    account = an_account()
    user = a_user(account)
    # Live, in use for 20 h: an old consumed token (exp NOW - 18 h) goes; a consumed one whose
    # exp is ahead stays (its replay is reuse detection); the live token stays.
    live = a_login_session(user, started=NOW - 20 * HOURS, last_used_at=NOW - 10 * MINUTE)
    old = consumed(a_token(live, issued_at=NOW - 20 * HOURS))
    replayable = consumed(a_token(live, parent_jti=old.jti, issued_at=NOW - 90 * MINUTE))
    current = a_token(live, parent_jti=replayable.jti, issued_at=NOW - 10 * MINUTE)
    # Expired but younger than the retention: exp NOW - 30 min.
    young_expired = consumed(a_token(live, issued_at=NOW - 150 * MINUTE))
    # Logged out 2 h ago: goes with its tokens. Logged out 30 min ago: stays.
    logged_out = revoked(a_login_session(user, started=NOW - 3 * HOURS), 2 * HOURS)
    logged_out_tokens = [consumed(a_token(logged_out, issued_at=NOW - 3 * HOURS))]
    logged_out_tokens.append(a_token(logged_out, issued_at=NOW - 2 * HOURS - MINUTE))
    recently_out = revoked(a_login_session(user, started=NOW - 3 * HOURS), 30 * MINUTE)
    recent_token = a_token(recently_out, issued_at=NOW - 150 * MINUTE)
    # Idle-expired 3 h ago: goes. Idle-expired 30 min ago: stays.
    idle = a_login_session(user, started=NOW - 5 * HOURS)
    idle_token = a_token(idle, issued_at=NOW - 5 * HOURS)
    recently_idle = a_login_session(user, started=NOW - 150 * MINUTE)
    # Past its absolute deadline 90 min ago, but its last token (issued a minute before it)
    # still answers session_expired_absolute until NOW + 29 min: stays.
    deadline = NOW - 90 * MINUTE
    a_day_before = deadline - timedelta(days=1)
    absolute = a_login_session(user, started=a_day_before, last_used_at=deadline - MINUTE)
    absolute_token = a_token(absolute, issued_at=deadline - MINUTE)
    given(
        uow_factory,
        account,
        user,
        live,
        old,
        replayable,
        current,
        young_expired,
        logged_out,
        *logged_out_tokens,
        recently_out,
        recent_token,
        idle,
        idle_token,
        recently_idle,
        absolute,
        absolute_token,
    )
    return Scene(
        kept_sessions=[live.id, recently_out.id, recently_idle.id, absolute.id],
        pruned_sessions=[logged_out.id, idle.id],
        kept_tokens=[
            replayable.jti,
            current.jti,
            young_expired.jti,
            recent_token.jti,
            absolute_token.jti,
        ],
        pruned_tokens=[old.jti, idle_token.jti, *(t.jti for t in logged_out_tokens)],
    )


def test_pruning_deletes_exactly_the_finished_and_expired_rows(
    uow_factory: UnitOfWorkFactory,
) -> None:
    """Batches of one until nothing is left; live rows and young dead rows all stay."""
    scene = a_scene(uow_factory)
    session_batches: list[PrunedSessions] = []
    token_batches: list[int] = []
    with uow_factory() as uow:
        while (pruned := uow.login_sessions.prune(RETENTION, 1)).sessions:
            session_batches.append(pruned)
        while count := uow.refresh_tokens.prune(RETENTION, 1):
            token_batches.append(count)
        uow.commit()
    assert sorted(b.tokens for b in session_batches) == [1, 2]
    assert [b.sessions for b in session_batches] == [1, 1]
    assert token_batches == [1]
    with uow_factory() as uow:
        assert [uow.login_sessions.get(sid) for sid in scene.pruned_sessions] == [None, None]
        assert all(uow.login_sessions.get(sid) for sid in scene.kept_sessions)
        everything = scene.kept_tokens + scene.pruned_tokens
        assert stored_jtis(uow, everything) == set(scene.kept_tokens)


def test_a_batch_is_bounded_by_its_limit_and_a_rollback_keeps_everything(
    uow_factory: UnitOfWorkFactory,
) -> None:
    """Without commit nothing is gone; a generous limit takes all in one batch."""
    scene = a_scene(uow_factory)
    with uow_factory() as uow:
        assert uow.login_sessions.prune(RETENTION, 10) == PrunedSessions(2, 3)
        assert uow.refresh_tokens.prune(RETENTION, 10) == 1
    with uow_factory() as uow:
        assert all(uow.login_sessions.get(sid) for sid in scene.pruned_sessions)
        assert uow.login_sessions.prune(RETENTION, 10) == PrunedSessions(2, 3)
        assert uow.login_sessions.prune(RETENTION, 10) == PrunedSessions(0, 0)


@pytest.mark.parametrize("limit", [1, 2, 10])
def test_walk_pages_follow_started_at_then_id_without_gaps_or_repeats(
    uow_factory: UnitOfWorkFactory, limit: int
) -> None:
    """Ties on started_at are broken by id; ``since`` is inclusive; other accounts stay out."""
    account, other = an_account(), an_account()
    tree, foreign_tree = a_tree(account), a_tree(other)
    given_trees(uow_factory, account, tree)
    given_trees(uow_factory, other, foreign_tree)
    walks = [a_walk(account, tree, minutes_ago=m) for m in (30, 20, 20, 20, 10)]
    with uow_factory() as uow:
        for walk in [*walks, a_walk(other, foreign_tree, minutes_ago=15)]:
            uow.walks.add(walk)
        uow.commit()
    expected = sorted(walks, key=lambda w: (w.started_at, w.id.int))
    since = NOW - 20 * MINUTE
    with uow_factory() as uow:
        assert uow.walks.count_started_since(account.id, None) == 5
        assert uow.walks.count_started_since(account.id, since) == 4
        seen: list[UUID] = []
        after = None
        while page := uow.walks.oldest_first_after(
            account.id, since=since, after=after, limit=limit
        ):
            assert len(page) <= limit
            seen += [walk.id for walk in page]
            after = (page[-1].started_at, page[-1].id)
    assert seen == [walk.id for walk in expected[1:]]
    assert page == []


def test_a_token_goes_when_its_whole_second_exp_reaches_the_cutoff(
    uow_factory: UnitOfWorkFactory,
) -> None:
    """``exp`` = whole-second issue time + idle window, compared inclusively, on every database."""
    account = an_account()
    user = a_user(account)
    session = a_login_session(user, started=NOW - 4 * HOURS, last_used_at=NOW - MINUTE)
    exp_at_cutoff = RETENTION.cutoff - timedelta(seconds=session.idle_max)
    at_cutoff = consumed(a_token(session, issued_at=exp_at_cutoff))
    fraction = consumed(a_token(session, issued_at=exp_at_cutoff + timedelta(microseconds=999_999)))
    second_later = consumed(a_token(session, issued_at=exp_at_cutoff + timedelta(seconds=1)))
    given(uow_factory, account, user, session, at_cutoff, fraction, second_later)
    with uow_factory() as uow:
        assert uow.refresh_tokens.prune(RETENTION, 10) == 2
        uow.commit()
    with uow_factory() as uow:
        jtis = [at_cutoff.jti, fraction.jti, second_later.jti]
        assert stored_jtis(uow, jtis) == {second_later.jti}
