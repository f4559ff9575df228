"""Pruning finished login sessions and expired refresh tokens, one committed batch per call.

The rules of what may go are in :mod:`decision_core.login.retention`. A run fixes
its :class:`~decision_core.login.retention.Retention` once, at the start, and then
calls the two batch functions until each reports nothing left: every call is
its own transaction, so an interrupted run keeps its finished batches, loses
the one in flight whole, and a rerun converges on the same end state.
Pruning writes no audit event: it removes only rows no client can use any
more, belongs to no account, and has no counterpart in the HTTP API.
"""

from __future__ import annotations

from datetime import timedelta

from decision_core.login.retention import PrunedSessions, Retention
from decision_core.usecases.context import Services


def retention_from_now(services: Services, older_than: timedelta) -> Retention:
    """The retention of a run starting now that keeps ``older_than`` of history."""
    return Retention.before(services.clock.now(), older_than)


def prune_login_sessions(services: Services, retention: Retention, limit: int) -> PrunedSessions:
    """Delete, and commit, up to ``limit`` finished login sessions with all their tokens."""
    with services.uow() as uow:
        pruned = uow.login_sessions.prune(retention, limit)
        uow.commit()
    return pruned


def prune_refresh_tokens(services: Services, retention: Retention, limit: int) -> int:
    """Delete, and commit, up to ``limit`` refresh tokens expired before the cutoff."""
    with services.uow() as uow:
        pruned = uow.refresh_tokens.prune(retention, limit)
        uow.commit()
    return pruned
