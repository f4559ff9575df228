"""``revoke_sessions_batch``: the CLI's bulk revocation, one committed batch per call.

``count_sessions_to_revoke`` is its progress total, taken before the first batch.
"""

from __future__ import annotations

from uuid import UUID

import pytest

from adapters.memory import FixedClock, MemoryStore
from decision_core import audit
from decision_core.errors import NotFound, RuleViolation, UnknownAccount
from decision_core.login.revocation import BulkScope
from decision_core.login.sessions import RevokeReason
from decision_core.roles import Role
from decision_core.usecases.account_security import count_sessions_to_revoke, revoke_sessions_batch
from decision_core.usecases.context import Operator, Services
from tests.unit.conftest import SignedInMember, events, owner_signed_in, sign_in

CLI = {"actor": "cli"}


def live_of(store: MemoryStore, clock: FixedClock, account_id: UUID) -> set[UUID]:
    """The ids of the account's live sessions."""
    now = clock.now()
    return {
        s.id
        for s in store.tables.login_sessions.values()
        if s.account_id == account_id and s.is_live(now)
    }


def run_to_the_end(services: Services, caller: Operator, limit: int, **keep: str) -> list[int]:
    """Call the batch until it ends nothing; what each call returned."""
    counts = [revoke_sessions_batch(services, caller, BulkScope.OTHERS, limit=limit, **keep)]
    while counts[-1]:
        counts.append(
            revoke_sessions_batch(services, caller, BulkScope.OTHERS, limit=limit, **keep)
        )
    return counts


def test_batches_respect_the_limit_and_converge_on_every_live_session(
    services: Services, store: MemoryStore, clock: FixedClock, team: dict[Role, SignedInMember]
) -> None:
    """5 sessions in batches of 2: 2, 2, 1, then 0; each ended with the bulk reason."""
    sign_in(services, "viewer@example.com")
    account_id = team[Role.OWNER].user.account_id
    before = live_of(store, clock, account_id)
    assert len(before) == len(team) + 1
    operator = Operator(account_id)
    counts: list[int] = []
    while count := revoke_sessions_batch(services, operator, BulkScope.ALL, limit=2):
        counts.append(count)
        assert len(live_of(store, clock, account_id)) == len(before) - sum(counts)
    assert counts == [2, 2, 1]
    for sid in before:
        assert store.tables.login_sessions[sid].revoke_reason is RevokeReason.BULK_ALL


def test_each_batch_writes_one_event_with_its_size_and_an_empty_batch_none(
    services: Services, store: MemoryStore, team: dict[Role, SignedInMember]
) -> None:
    """Details as revoke_sessions writes them, plus batch_size; a finished rerun writes nothing."""
    operator = Operator(team[Role.OWNER].user.account_id)
    kept = team[Role.ADMIN].user.id
    assert run_to_the_end(services, operator, 2, keep_email="admin@example.com") == [2, 1, 0]
    bulk = events(store, audit.SESSIONS_REVOKED_BULK)
    assert [(e.user_id, e.details) for e in bulk] == [
        (None, {"scope": "others", "revoked_count": n, "kept_user_id": str(kept),
                "batch_size": 2, **CLI})
        for n in (2, 1)
    ]  # fmt: skip
    assert run_to_the_end(services, operator, 2, keep_email="admin@example.com") == [0]
    assert events(store, audit.SESSIONS_REVOKED_BULK) == bulk


def test_an_owners_batch_keeps_the_owners_sessions_with_scope_others(
    services: Services, store: MemoryStore, clock: FixedClock, team: dict[Role, SignedInMember]
) -> None:
    """The owner is the kept user when no email is given; the event names the owner."""
    owner = team[Role.OWNER]
    ended = revoke_sessions_batch(services, owner.principal, BulkScope.OTHERS, limit=10)
    assert ended == len(team) - 1
    assert live_of(store, clock, owner.user.account_id) == {owner.principal.sid}
    [event] = events(store, audit.SESSIONS_REVOKED_BULK)
    assert event.user_id == owner.user.id
    assert event.details == {"scope": "others", "revoked_count": ended, "batch_size": 10}


def test_a_batch_never_touches_another_account(
    services: Services, store: MemoryStore, owner: SignedInMember
) -> None:
    """The stranger's session stays live while the owner's account is emptied."""
    stranger = owner_signed_in(services, "stranger@example.org")
    operator = Operator(owner.user.account_id)
    assert revoke_sessions_batch(services, operator, BulkScope.ALL, limit=1) == 1
    assert revoke_sessions_batch(services, operator, BulkScope.ALL, limit=1) == 0
    assert store.tables.login_sessions[stranger.principal.sid].revoked_at is None


@pytest.mark.parametrize("limit", [0, -5])
def test_a_batch_of_less_than_one_session_is_refused(
    services: Services, store: MemoryStore, owner: SignedInMember, limit: int
) -> None:
    """It would end nothing and look finished; nothing is written."""
    with pytest.raises(RuleViolation, match=f"at least 1 session, not {limit}"):
        revoke_sessions_batch(services, owner.principal, BulkScope.ALL, limit=limit)
    assert store.tables.login_sessions[owner.principal.sid].revoked_at is None
    assert events(store, audit.SESSIONS_REVOKED_BULK) == []


def test_a_batch_applies_the_rules_of_the_whole_revocation(
    services: Services, store: MemoryStore, owner: SignedInMember
) -> None:
    """Unknown account, an operator's bare "others", a stranger kept: refused as before."""
    operator = Operator(owner.user.account_id)
    with pytest.raises(UnknownAccount):
        revoke_sessions_batch(services, Operator(UUID(int=7)), BulkScope.ALL, limit=5)
    with pytest.raises(RuleViolation, match="needs the member whose sessions are kept"):
        revoke_sessions_batch(services, operator, BulkScope.OTHERS, limit=5)
    with pytest.raises(NotFound, match="no member nobody@"):
        revoke_sessions_batch(
            services, operator, BulkScope.OTHERS, keep_email="nobody@example.com", limit=5
        )
    assert events(store, audit.SESSIONS_REVOKED_BULK) == []


def test_the_count_is_what_the_whole_revocation_would_end_and_writes_nothing(
    services: Services, store: MemoryStore, team: dict[Role, SignedInMember]
) -> None:
    """All, others-but-admin, an owner's others; after the batches, 0."""
    owner = team[Role.OWNER]
    operator = Operator(owner.user.account_id)
    sign_in(services, "admin@example.com")
    owner_signed_in(services, "stranger@example.org")
    assert count_sessions_to_revoke(services, operator, BulkScope.ALL) == len(team) + 1
    kept = count_sessions_to_revoke(services, operator, BulkScope.OTHERS, "admin@example.com")
    assert kept == len(team) - 1
    assert count_sessions_to_revoke(services, owner.principal, BulkScope.OTHERS) == len(team)
    assert events(store, audit.SESSIONS_REVOKED_BULK) == []
    assert run_to_the_end(services, operator, 3, keep_email="admin@example.com") == [3, 0]
    assert count_sessions_to_revoke(services, operator, BulkScope.OTHERS, "admin@example.com") == 0
    assert count_sessions_to_revoke(services, operator, BulkScope.ALL) == 2


def test_the_count_applies_the_rules_of_the_whole_revocation(
    services: Services, owner: SignedInMember
) -> None:
    """Checked before any batch: the CLI refuses a bad request before showing progress."""
    operator = Operator(owner.user.account_id)
    with pytest.raises(UnknownAccount):
        count_sessions_to_revoke(services, Operator(UUID(int=7)), BulkScope.ALL)
    with pytest.raises(RuleViolation, match="'others' only"):
        count_sessions_to_revoke(services, operator, BulkScope.ALL, "owner@example.com")
    with pytest.raises(NotFound, match="no member nobody@"):
        count_sessions_to_revoke(services, operator, BulkScope.OTHERS, "nobody@example.com")
