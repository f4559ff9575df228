"""The refresh decision of SPEC 3.2, as pure functions.

Step 4 (consume the token atomically) is I/O, so the decision is two pure
functions around it. Both take ``now`` as the clock's exact instant: token
deadlines are whole seconds, so flooring ``now`` is exact for them, while the
reuse grace counts from the sub-second instant of a rotation.

* :func:`admit_refresh` covers steps 1-3: idle expiry, the user, and the
  grandfathering of legacy tokens. Nothing is written when it refuses.
* :func:`decide_after_consume` covers steps 5-7 from what the atomic consume
  reported: rotate, absolute expiry (consumption kept), replay (revoke the
  family), a grace re-issue, or a plain invalid token.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import TypeAlias
from uuid import UUID

import attrs

from decision_core.clock import unix_seconds
from decision_core.identity import User
from decision_core.login_sessions import (
    ConsumeOutcome,
    LoginSession,
    RefreshTokenRecord,
    TokenConsumed,
    TokenNotLive,
)
from decision_core.policy import EffectivePolicy
from decision_core.tokens import RefreshClaims, SessionSnapshot


@attrs.frozen
class ExpiredIdle:
    """Step 1: past ``exp``. Answer ``session_expired_idle``; consume nothing."""


@attrs.frozen
class Invalid:
    """Answer ``invalid_refresh_token``; nothing else happens."""

    reason: str


@attrs.frozen
class Admitted:
    """Steps 1-3 passed; ``snapshot`` is what a rotation carries forward."""

    snapshot: SessionSnapshot
    grandfathered: bool


Admission: TypeAlias = ExpiredIdle | Invalid | Admitted


def admit_refresh(
    claims: RefreshClaims, user: User | None, now: datetime, current_policy: EffectivePolicy | None
) -> Admission:
    """Steps 1-3. ``current_policy`` (the account's, now) grandfathers a legacy token.

    Callers need only look the policy up for a legacy token (``claims.snapshot``
    is ``None``); without one a legacy token cannot be admitted.
    """
    now_s = unix_seconds(now)
    if now_s >= claims.exp:
        return ExpiredIdle()
    if user is None or not user.is_active:
        return Invalid("the user is unknown or inactive")
    snapshot = claims.snapshot
    if snapshot is None:
        if current_policy is None:
            return Invalid("no account policy to grandfather a legacy token with")
        fresh = SessionSnapshot(
            auth_time=now_s,
            idle_max=current_policy.idle_seconds,
            abs_max=current_policy.absolute_seconds,
        )
        return Admitted(fresh, grandfathered=True)
    return Admitted(snapshot, grandfathered=False)


@attrs.frozen
class Rotate:
    """Step 7: mint a new pair for ``session`` carrying ``snapshot`` forward."""

    session: LoginSession
    snapshot: SessionSnapshot


@attrs.frozen
class ExpiredAbsolute:
    """Step 6: the consumption stays committed; answer ``session_expired_absolute``."""


@attrs.frozen
class Replay:
    """Step 5: an already-rotated token came back. Revoke login session ``sid``."""

    sid: UUID


@attrs.frozen
class GraceReissue:
    """Within the reuse grace: answer with the *same* live token, moving nothing."""

    live_token: RefreshTokenRecord
    snapshot: SessionSnapshot


RefreshDecision: TypeAlias = Rotate | ExpiredAbsolute | Replay | GraceReissue | Invalid


def decide_after_consume(
    claims: RefreshClaims,
    admitted: Admitted,
    outcome: ConsumeOutcome,
    now: datetime,
    grace_seconds: int,
) -> RefreshDecision:
    """Steps 5-7, given what the atomic consume of ``claims.jti`` reported."""
    if isinstance(outcome, TokenConsumed):
        return _decide_consumed(claims, admitted, outcome, now)
    return _decide_not_live(outcome, now, grace_seconds)


def _decide_consumed(
    claims: RefreshClaims, admitted: Admitted, outcome: TokenConsumed, now: datetime
) -> Rotate | ExpiredAbsolute | Invalid:
    """This presentation won the consume: steps 6 and 7."""
    if outcome.session.user_id != claims.sub or outcome.session.id != claims.sid:
        return Invalid("the token does not belong to this user's login session")
    if unix_seconds(now) >= admitted.snapshot.absolute_deadline:
        return ExpiredAbsolute()
    return Rotate(outcome.session, admitted.snapshot)


def _decide_not_live(
    outcome: TokenNotLive, now: datetime, grace_seconds: int
) -> Replay | GraceReissue | ExpiredAbsolute | Invalid:
    """Nothing was consumed: step 5, a replay unless within the grace."""
    token, session, successor = outcome.token, outcome.session, outcome.successor
    if token is None or session is None:
        return Invalid("unknown token")
    if session.revoked_at is not None:
        return Invalid("the login session was revoked")
    if successor is None:
        return Invalid("the token was consumed without rotation")
    if _within_grace(token, successor, now, grace_seconds):
        if unix_seconds(now) >= session.snapshot.absolute_deadline:
            # The grace forgives a race between tabs, not the session's lifetime.
            return ExpiredAbsolute()
        return GraceReissue(live_token=successor, snapshot=session.snapshot)
    return Replay(session.id)


def _within_grace(
    token: RefreshTokenRecord, successor: RefreshTokenRecord, now: datetime, grace_seconds: int
) -> bool:
    """The immediate predecessor of the live token, presented soon enough.

    Compared as exact instants: the rotation happened at a fraction of a
    second, and flooring both sides could shrink the window to nothing.
    """
    if grace_seconds <= 0 or successor.consumed_at is not None or token.consumed_at is None:
        return False
    return now < token.consumed_at + timedelta(seconds=grace_seconds)
