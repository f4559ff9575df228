"""Rotating a refresh token: SPEC 3.2 steps 1-7 in one transaction."""

from __future__ import annotations

from datetime import datetime
from typing import assert_never
from uuid import UUID

import attrs

from decision_core import audit
from decision_core.clock import from_unix, unix_seconds
from decision_core.errors import InvalidRefreshToken, SessionExpiredAbsolute, SessionExpiredIdle
from decision_core.identity import User
from decision_core.login.policy import EffectivePolicy, effective_policy
from decision_core.login.refresh import (
    Admitted,
    ExpiredAbsolute,
    ExpiredIdle,
    GraceReissue,
    Invalid,
    Replay,
    Rotate,
    admit_refresh,
    decide_after_consume,
    plan_rotation,
)
from decision_core.login.revocation import SessionSelector
from decision_core.login.sessions import RefreshTokenRecord, RevokeReason
from decision_core.login.tokens import RefreshClaims, SessionSnapshot
from decision_core.ports.unit_of_work import UnitOfWork
from decision_core.usecases.context import ClientInfo, Services
from decision_core.usecases.token_issuing import IssuedTokens, issue_tokens, new_jti


def refresh(services: Services, refresh_token: str, client: ClientInfo) -> IssuedTokens:
    """Exchange a refresh token for a new pair, at most once per token.

    Rules: a token that does not decode raises ``InvalidRefreshToken``; past
    its ``exp``, ``SessionExpiredIdle`` (nothing consumed). Otherwise the
    token is consumed atomically whatever happens next: at or past the
    absolute deadline the consumption is committed and
    ``SessionExpiredAbsolute`` raised; a token already rotated is a replay,
    which revokes the whole login session and is audited (unless it is the
    live token's predecessor within the reuse grace, which answers the live
    token again). A legacy token is grandfathered once with ``auth_time`` =
    now and the account's current policy.

    The plain case (a current token inside its deadlines, live in its
    session) is tried first, as one ``rotate_if_live``: it writes nothing
    unless it rotates, so anything else falls through to the full steps.
    """
    claims = services.codec.decode_refresh(refresh_token)
    now = services.clock.now()
    now_s = unix_seconds(now)
    plan = plan_rotation(claims, now, new_jti=new_jti(), user_agent=client.user_agent, ip=client.ip)
    if plan is not None:
        with services.uow() as uow:
            user = uow.refresh_tokens.rotate_if_live(plan)
            if user is not None:
                uow.commit()
                return _rotated(services, user, plan.successor, plan.snapshot, now_s)
    # Not the plain case, or the database found the token not live: every step decides.
    with services.uow() as uow:
        user = uow.users.get(claims.sub)
        legacy_policy = _current_policy(services, uow, user) if claims.snapshot is None else None
        admission = admit_refresh(claims, user, now, legacy_policy)
        if isinstance(admission, ExpiredIdle):
            raise SessionExpiredIdle
        if isinstance(admission, Invalid) or user is None:
            raise InvalidRefreshToken
        outcome = uow.refresh_tokens.consume_if_live(claims.jti, now)
        grace = services.settings.auth.refresh_reuse_grace_seconds
        decision = decide_after_consume(claims, admission, outcome, now, grace)
        match decision:
            case Rotate() as rotation:
                new_token = _rotate(
                    uow,
                    rotation=rotation,
                    claims=claims,
                    admission=admission,
                    client=client,
                    now_s=now_s,
                )
                uow.commit()
                return _rotated(services, user, new_token, rotation.snapshot, now_s)
            case GraceReissue(live_token=live, snapshot=snapshot):
                # Nothing consumed, nothing minted: the live token again, deadlines unmoved.
                return issue_tokens(
                    services,
                    user=user,
                    sid=live.sid,
                    jti=live.jti,
                    refresh_iat=unix_seconds(live.issued_at),
                    snapshot=snapshot,
                    now_s=now_s,
                )
            case ExpiredAbsolute():
                # Keep the consumption (when this call made one): the token can never be replayed.
                uow.commit()
                raise SessionExpiredAbsolute
            case Replay(sid=sid):
                _revoke_replayed_family(uow, user, sid, now)
                uow.commit()
                raise InvalidRefreshToken
            case Invalid():
                raise InvalidRefreshToken
            case _:
                assert_never(decision)


def _rotated(
    services: Services,
    user: User,
    token: RefreshTokenRecord,
    snapshot: SessionSnapshot,
    now_s: int,
) -> IssuedTokens:
    """The pair answering a rotation that stored ``token``, issued now."""
    return issue_tokens(
        services,
        user=user,
        sid=token.sid,
        jti=token.jti,
        refresh_iat=now_s,
        snapshot=snapshot,
        now_s=now_s,
    )


def _current_policy(
    services: Services, uow: UnitOfWork, user: User | None
) -> EffectivePolicy | None:
    account = uow.accounts.get(user.account_id) if user is not None else None
    if account is None:
        return None
    return effective_policy(account.policy, services.settings.sessions)


def _rotate(  # noqa: PLR0913 - one rotation needs all of these
    uow: UnitOfWork,
    *,
    rotation: Rotate,
    claims: RefreshClaims,
    admission: Admitted,
    client: ClientInfo,
    now_s: int,
) -> RefreshTokenRecord:
    """Store a new jti as the session's live token; carry the snapshot forward."""
    session, snapshot = rotation.session, rotation.snapshot
    issued_at = from_unix(now_s)
    token = RefreshTokenRecord(
        jti=new_jti(), sid=session.id, issued_at=issued_at, parent_jti=claims.jti
    )
    uow.refresh_tokens.add(token)
    used = session.used(issued_at, user_agent=client.user_agent, ip=client.ip)
    if admission.grandfathered:
        used = attrs.evolve(
            used,
            auth_time=from_unix(snapshot.auth_time),
            idle_max=snapshot.idle_max,
            abs_max=snapshot.abs_max,
        )
    uow.login_sessions.save(used)
    return token


def _revoke_replayed_family(uow: UnitOfWork, user: User, sid: UUID, now: datetime) -> None:
    """Reuse detection: whoever holds the family's live token loses it too."""
    selector = SessionSelector(account_id=user.account_id, sid=sid)
    revoked = uow.login_sessions.revoke_live(selector, now, RevokeReason.REFRESH_TOKEN_REUSED)
    uow.audit.append(
        audit.audit_event(
            at=now,
            account_id=user.account_id,
            user_id=user.id,
            action=audit.REFRESH_TOKEN_REUSED,
            resource_type="login_session",
            resource_id=sid,
            details={"revoked_sessions": revoked},
        )
    )
