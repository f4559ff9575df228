"""The refresh decision of SPEC 3.2, as pure functions.

Step 4 (consume the token atomically) is I/O, so the decision is two pure
functions around it. Both take ``now`` as the clock's exact instant: token
deadlines are whole seconds, so flooring ``now`` is exact for them, while the
reuse grace counts from the sub-second instant of a rotation.

* :func:`admit_refresh` covers steps 1-3: claims no token of ours carries,
  idle expiry, the user, and the grandfathering of legacy tokens. Nothing is
  written when it refuses.
* :func:`decide_after_consume` covers steps 5-7 from what the atomic consume
  reported: rotate, absolute expiry (consumption kept), replay (revoke the
  family), a grace re-issue, or a plain invalid token.

Most refreshes are the plain case: a current token, inside both deadlines,
live in its session. :func:`plan_rotation` decides that rotation before any
I/O, so that a repository can carry it out in one step (one statement on
PostgreSQL) when the database confirms the token is live; whenever it is
not, nothing is written and the steps above decide, as they always would.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import TypeAlias
from uuid import UUID

import attrs

from decision_core.clock import from_unix, unix_seconds
from decision_core.identity import User
from decision_core.login.policy import EffectivePolicy
from decision_core.login.sessions import (
    ConsumeOutcome,
    LoginSession,
    RefreshTokenRecord,
    TokenConsumed,
    TokenNotLive,
    idle_deadline,
)
from decision_core.login.tokens import RefreshClaims, SessionSnapshot, refresh_claims_problem


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
    is ``None``); without one a legacy token cannot be admitted. Claims out of
    any bounds we issue (``refresh_claims_problem``) are malformed: invalid.
    """
    problem = refresh_claims_problem(claims)
    if problem is not None:
        return Invalid(problem)
    now_s = unix_seconds(now)
    if _idle_expired(claims, now_s):
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
    if _absolutely_expired(admitted.snapshot, unix_seconds(now)):
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
        if _absolutely_expired(session.snapshot, unix_seconds(now)):
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


def deadline_passed(claims: RefreshClaims, now: datetime) -> ExpiredIdle | ExpiredAbsolute | None:
    """Which deadline of the login session behind ``claims`` has passed at ``now``, if any.

    What a holder of the token can tell without the database, in the order a
    refresh would answer (idle first); a revoked session shows only when it
    refreshes. A legacy token has no absolute deadline of its own yet.
    """
    now_s = unix_seconds(now)
    if _idle_expired(claims, now_s):
        return ExpiredIdle()
    snapshot = claims.snapshot
    if snapshot is not None and _absolutely_expired(snapshot, now_s):
        return ExpiredAbsolute()
    return None


def _idle_expired(claims: RefreshClaims, now_s: int) -> bool:
    """Step 1: the token's ``exp`` is its idle deadline."""
    return now_s >= claims.exp


def _absolutely_expired(snapshot: SessionSnapshot, now_s: int) -> bool:
    """Step 6: at or past ``auth_time + abs_max``."""
    return now_s >= snapshot.absolute_deadline


@attrs.frozen
class RotationPlan:
    """The rotation of a current token inside both deadlines, decided before any I/O.

    A repository carries it out only if, atomically, :meth:`holds_for` the
    stored token, session and user: the token ``jti`` is unconsumed, its
    session is ``sid``, belongs to ``user_id``, is unrevoked and still has
    the token's ``idle_max``, and the user is active; exactly what steps 2-5
    and 7 would then find. Carrying it out consumes ``jti`` at ``now``,
    stores ``successor`` and marks the session used.
    """

    jti: str
    sid: UUID
    user_id: UUID
    snapshot: SessionSnapshot
    now: datetime
    successor: RefreshTokenRecord
    # The client's, when known; otherwise the session keeps the ones it has.
    user_agent: str | None
    ip: str | None

    @property
    def last_used_at(self) -> datetime:
        """The session is marked used by its successor's issue (whole seconds, like its iat)."""
        return self.successor.issued_at

    @property
    def idle_expires_at(self) -> datetime:
        """The session's idle deadline once it is marked used."""
        return idle_deadline(self.last_used_at, self.snapshot.idle_max)

    def holds_for(self, token: RefreshTokenRecord, session: LoginSession, user: User) -> bool:
        """Whether the plan may be carried out over these stored records, read together.

        ``token`` is the record stored under ``jti``, ``session`` the one
        under ``sid`` and ``user`` the one under ``user_id``; when any of
        them is missing the plan does not hold. This is the condition of
        ``RefreshTokenRepository.rotate_if_live``: a SQL adapter writes the
        same rule as its WHERE.
        """
        return (
            token.jti == self.jti
            and token.consumed_at is None
            and token.sid == self.sid
            and session.id == self.sid
            and session.user_id == self.user_id
            and session.revoked_at is None
            and session.idle_max == self.snapshot.idle_max
            and user.id == self.user_id
            and user.is_active
        )


def plan_rotation(
    claims: RefreshClaims,
    now: datetime,
    *,
    new_jti: str,
    user_agent: str | None,
    ip: str | None,
) -> RotationPlan | None:
    """The plain rotation ``claims`` would get, or ``None`` if another step may answer.

    ``None`` for a legacy token (grandfathering needs the account's policy),
    for claims out of bounds, and for a token past either deadline (each has
    its own answer).
    """
    snapshot = claims.snapshot
    now_s = unix_seconds(now)
    if (
        snapshot is None
        or refresh_claims_problem(claims) is not None
        or _idle_expired(claims, now_s)
        or _absolutely_expired(snapshot, now_s)
    ):
        return None
    return RotationPlan(
        jti=claims.jti,
        sid=claims.sid,
        user_id=claims.sub,
        snapshot=snapshot,
        now=now,
        successor=RefreshTokenRecord(
            jti=new_jti, sid=claims.sid, issued_at=from_unix(now_s), parent_jti=claims.jti
        ),
        user_agent=user_agent,
        ip=ip,
    )
