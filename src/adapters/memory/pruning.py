"""Pruning of login sessions and refresh tokens over the in-memory tables.

The repositories of :mod:`.login_sessions` call these, as the SQL ones call
:mod:`adapters.sqlalchemy.pruning`.
"""

from __future__ import annotations

from itertools import islice

from adapters.memory.store import Tables
from decision_core.login.retention import PrunedSessions, Retention


def prune_login_sessions(tables: Tables, retention: Retention, limit: int) -> PrunedSessions:
    """Delete up to ``limit`` finished sessions and every token of them."""
    sessions = tables.login_sessions
    doomed = set(
        islice((sid for sid, s in sessions.items() if retention.may_delete_session(s)), limit)
    )
    tokens = tables.refresh_tokens
    doomed_tokens = [jti for jti, token in tokens.items() if token.sid in doomed]
    for jti in doomed_tokens:
        del tokens[jti]
    for sid in doomed:
        del sessions[sid]
    return PrunedSessions(sessions=len(doomed), tokens=len(doomed_tokens))


def prune_refresh_tokens(tables: Tables, retention: Retention, limit: int) -> int:
    """Delete up to ``limit`` tokens that expired at or before the cutoff."""
    sessions, tokens = tables.login_sessions, tables.refresh_tokens
    doomed = list(
        islice(
            (
                jti
                for jti, token in tokens.items()
                if retention.may_delete_token(token, sessions[token.sid])
            ),
            limit,
        )
    )
    for jti in doomed:
        del tokens[jti]
    return len(doomed)
