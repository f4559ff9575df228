"""Which login sessions and refresh tokens ``prune-tokens`` may delete, and when.

A row may go once nothing a client can still present depends on it, and it
has stayed that way for the whole retention. Two instants decide that:

* A refresh token's ``exp`` (:func:`token_expires_at`). From then on, step 1
  of a refresh refuses the token as idle-expired before the database is
  asked, so deleting its row changes no answer. Before it, a *consumed*
  token must stay: its replay is how reuse detection finds a stolen family,
  and without the row the replay would look like an unknown token.
* A login session's end (:func:`session_finished_at`): its revocation, or
  else its idle deadline, which is the ``exp`` of its newest token and so of
  every token it has. The absolute deadline alone does not end it: until the
  idle deadline its live token still answers ``session_expired_absolute``,
  which a client shows differently from an unknown token. A revoked session's
  tokens all answer ``invalid_refresh_token`` with or without their rows.

Nothing live is ever prunable: a live session is unrevoked with its idle
deadline, and so the ``exp`` of every one of its tokens, still ahead.
"""

from __future__ import annotations

from datetime import datetime, timedelta

import attrs

from decision_core.clock import from_unix, unix_seconds
from decision_core.login.sessions import LoginSession, RefreshTokenRecord


def token_expires_at(token: RefreshTokenRecord, session: LoginSession) -> datetime:
    """The token's ``exp``: its whole-second issue time plus its session's idle window."""
    return from_unix(unix_seconds(token.issued_at) + session.idle_max)


def session_finished_at(session: LoginSession) -> datetime:
    """When the session stopped mattering: revoked, or else past its idle deadline."""
    if session.revoked_at is not None:
        return session.revoked_at
    return session.idle_expires_at


@attrs.frozen
class Retention:
    """Keep every row for ``cutoff``'s distance into the past after it stopped mattering.

    ``cutoff`` is ``now - retention``, fixed once per run so that a rerun
    converges on the same set.
    """

    cutoff: datetime

    @classmethod
    def before(cls, now: datetime, older_than: timedelta) -> Retention:
        """The retention of a run started at ``now`` keeping ``older_than`` of history."""
        return cls(now - older_than)

    def may_delete_session(self, session: LoginSession) -> bool:
        """Whether the session, with all its tokens, finished at or before the cutoff."""
        return session_finished_at(session) <= self.cutoff

    def may_delete_token(self, token: RefreshTokenRecord, session: LoginSession) -> bool:
        """Whether the token, consumed or not, expired at or before the cutoff."""
        return token_expires_at(token, session) <= self.cutoff


@attrs.frozen
class PrunedSessions:
    """What one batch of session pruning deleted."""

    sessions: int
    tokens: int
