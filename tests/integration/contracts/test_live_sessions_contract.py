"""Which sessions are live, and which a revocation ends: every store answers as the core.

For random stores (sessions revoked or not, each deadline before, at or after
the instant asked about, by a second or a microsecond), the SQL filters
``live_at`` and ``selected_by`` agree with ``LoginSession.is_live`` and
``SessionSelector.matches``: ``live_for_user``, ``count_live`` and
``revoke_live`` answer on the memory fakes, on SQLite and on PostgreSQL
(``uow_factory`` runs each test on all three) exactly as the core's rules
say. Each example runs in one unit of work that is never committed.
"""

from __future__ import annotations

from datetime import datetime
from uuid import UUID

from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from decision_core.login.revocation import SessionSelector
from decision_core.login.sessions import LoginSession, RevokeReason
from decision_core.ports.unit_of_work import UnitOfWorkFactory

from .stores import ASKED_AT, Store, T, mostly, stores

# Bounded, so that the PostgreSQL run of each test stays within seconds.
CONTRACT = settings(
    max_examples=100, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
NOBODY = UUID(int=0)


def most_recently_used_first(sessions: list[LoginSession]) -> list[UUID]:
    """The ids in the order ``live_for_user`` promises, the id breaking ties."""
    return [s.id for s in sorted(sessions, key=lambda s: (s.last_used_at, str(s.id)), reverse=True)]


@st.composite
def stores_and_selectors(draw: st.DrawFn) -> tuple[Store, SessionSelector]:
    """A store and a selector naming its accounts, users and sessions (or nobody's)."""
    store = draw(stores(least=2))
    # Live ones first, which draws favour: naming a session that is not live changes little.
    by_liveness = sorted(store.sessions, key=lambda s: not s.is_live(T))
    sids = [*(s.id for s in by_liveness), NOBODY]
    user_ids = [
        *dict.fromkeys(s.user_id for s in by_liveness),
        *(u.id for u in store.users),
        NOBODY,
    ]

    def narrowed_by(values: list[UUID]) -> UUID | None:
        return None if mostly(draw) else draw(st.sampled_from(values))

    selector = SessionSelector(
        # Usually the account of one of the sessions, so there is something to select.
        account_id=draw(
            st.sampled_from([s.account_id for s in store.sessions] + [a.id for a in store.accounts])
        ),
        sid=narrowed_by(sids),
        user_id=narrowed_by(user_ids),
        except_user_id=narrowed_by(user_ids),
        except_sid=narrowed_by(sids),
    )
    return store, selector


@CONTRACT
@given(store=stores(least=2), now=st.sampled_from(ASKED_AT))
def test_each_users_live_sessions_are_those_live_at_the_instant(
    uow_factory: UnitOfWorkFactory, store: Store, now: datetime
) -> None:
    """``live_for_user`` is ``is_live`` for every user, most recently used first."""
    with uow_factory() as uow:
        store.write_to(uow)
        answers = {
            user_id: [s.id for s in uow.login_sessions.live_for_user(user_id, now)]
            for user_id in [NOBODY, *(u.id for u in store.users)]
        }
    for user_id, live in answers.items():
        expected = [s for s in store.sessions if s.user_id == user_id and s.is_live(now)]
        event(f"{min(len(expected), 2)} live sessions of a user")
        assert live == most_recently_used_first(expected)


@CONTRACT
@given(
    example=stores_and_selectors(),
    now=st.sampled_from(ASKED_AT),
    limit=st.sampled_from([None, 1, 2]),
)
def test_a_revocation_counts_and_ends_exactly_the_sessions_its_selector_matches(
    uow_factory: UnitOfWorkFactory,
    example: tuple[Store, SessionSelector],
    now: datetime,
    limit: int | None,
) -> None:
    """``count_live`` counts them; ``revoke_live`` ends them (or ``limit`` of them), no other."""
    store, selector = example
    matching = {s.id for s in store.sessions if selector.matches(s, now)}
    event(f"{min(len(matching), 3)} sessions selected")
    with uow_factory() as uow:
        store.write_to(uow)
        counted = uow.login_sessions.count_live(selector, now)
        revoked = uow.login_sessions.revoke_live(selector, now, RevokeReason.BULK_ALL, limit=limit)
        after = {s.id: uow.login_sessions.get(s.id) for s in store.sessions}
        counted_again = uow.login_sessions.count_live(selector, now)
    assert counted == len(matching)
    ended = {sid for sid, session in after.items() if session != store.session(sid)}
    assert revoked == len(ended) == (len(matching) if limit is None else min(limit, len(matching)))
    assert ended <= matching
    for sid in ended:
        session = after[sid]
        assert session is not None
        assert (session.revoked_at, session.revoke_reason) == (now, RevokeReason.BULK_ALL)
    assert counted_again == len(matching) - revoked
