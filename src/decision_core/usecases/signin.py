"""Signing in and out, and recognising a signed-in caller."""

from __future__ import annotations

from datetime import datetime

import attrs

from decision_core import audit
from decision_core.clock import unix_seconds
from decision_core.errors import InvalidAccessToken, InvalidCredentials, TwoFactorRequired
from decision_core.identity import Rehash, User, email_key
from decision_core.login.revocation import SessionSelector
from decision_core.login.sessions import RevokeReason
from decision_core.login.two_factor import CHALLENGE_LIFETIME, new_challenge, second_factor_needed
from decision_core.usecases.context import ClientInfo, Principal, Services
from decision_core.usecases.password_attempts import Attempt, forget_failures, start_attempt
from decision_core.usecases.session_start import (
    login_event,
    session_tokens,
    sign_in_member,
    start_session,
)
from decision_core.usecases.token_issuing import IssuedTokens


def login(services: Services, email: str, password: str, client: ClientInfo) -> IssuedTokens:
    """Start a new login session with the account's *current* effective policy.

    Rules: a wrong password, an unknown email and an inactive user all raise
    the same ``InvalidCredentials``, after the same hashing work. After the
    configured number of failures for this email and client address within
    the window, attempts raise ``TooManyAttempts`` until the window passes,
    however many arrive at once (see :mod:`.password_attempts`: each is counted as a
    failure before its password is checked); a success clears the failures
    it counted. The hash is checked outside any transaction; a new password
    or a deactivation committed meanwhile refuses the sign-in
    (``InvalidCredentials``, starting nothing). A hash made with older
    parameters is replaced by one made with the current ones, computed
    before the transaction too.

    A user who enrolled a second factor, or any member of an account that
    requires one, gets no tokens: ``TwoFactorRequired`` carries a
    short-lived challenge instead, which :mod:`.two_factor_signin` completes
    (or, ``enrolment_required``, :mod:`.two_factor_enrolment`).
    """
    now = services.clock.now()
    with services.uow() as uow:
        attempt = start_attempt(uow, services.settings.auth, email_key(email), client.ip, now)
        user = uow.users.get_by_email(email)
        uow.commit()
    signed_in = _verified_user(services, user, password)
    if signed_in is None:
        if user is not None:
            _audit_failure(services, user, attempt, now)
        raise InvalidCredentials
    rehash = _rehash(services, signed_in, password)
    try:
        return _start_login_session(
            services, signed_in, client, now, attempt=attempt, rehash=rehash
        )
    except _SecondFactorNeeded as needed:
        raise _challenge(
            services,
            signed_in,
            now,
            attempt=attempt,
            rehash=rehash,
            enrolment_required=needed.enrolment_required,
        ) from None


def _rehash(services: Services, user: User, password: str) -> Rehash | None:
    """A new hash at the current parameters, if the stored one was made with others."""
    if services.hasher.needs_rehash(user.password_hash):
        return Rehash(replaces=user.password_hash, new_hash=services.hasher.hash(password))
    return None


def _verified_user(services: Services, user: User | None, password: str) -> User | None:
    """``user`` if the password matches and the user is active; same work either way."""
    if user is None:
        services.hasher.verify_dummy(password)
        return None
    matches = services.hasher.verify(user.password_hash, password)
    return user if matches and user.is_active else None


def _audit_failure(services: Services, user: User, attempt: Attempt, now: datetime) -> None:
    """The failure itself is already counted; a known user's account also hears of it.

    (An unknown email has no account to hold the event.)
    """
    reason = "inactive_user" if not user.is_active else "wrong_password"
    with services.uow() as uow:
        uow.audit.append(
            audit.audit_event(
                at=now,
                account_id=user.account_id,
                user_id=user.id,
                action=audit.LOGIN_FAILED,
                resource_type="user",
                resource_id=user.id,
                details={"reason": reason, "ip": attempt.address},
            )
        )
        uow.commit()


class _SecondFactorNeeded(Exception):
    """The password was right, but the sign-in needs a second factor."""

    def __init__(self, *, enrolment_required: bool) -> None:
        super().__init__("a second factor is needed")
        self.enrolment_required = enrolment_required


def _start_login_session(  # noqa: PLR0913 - a sign-in needs all of these
    services: Services,
    user: User,
    client: ClientInfo,
    now: datetime,
    *,
    attempt: Attempt,
    rehash: Rehash | None,
) -> IssuedTokens:
    """The new session and its tokens; the attempt's failures are forgotten.

    Raises ``_SecondFactorNeeded``, writing nothing, when the user enrolled a
    second factor or the account requires one: judged in this transaction,
    so an enrolment or a requirement committed meanwhile is not missed.
    ``InvalidCredentials``, starting nothing, if the user's password changed
    or they were deactivated since the check: that change ended every
    session of theirs, and one started after it must not outlive it (D189).
    Both are judged by the one UPDATE that records the sign-in and holds the
    user's row, as a password change holds it before it ends the sessions.
    """
    now_s = unix_seconds(now)
    with services.uow() as uow:
        current, account = sign_in_member(
            uow, user.id, now_s, checked_hash=user.password_hash, rehash=rehash
        )
        enrolment = uow.two_factor.get(current.id)
        if second_factor_needed(enrolment, required=account.require_two_factor):
            active = enrolment is not None and enrolment.is_active
            raise _SecondFactorNeeded(enrolment_required=not active)
        started = start_session(uow, services, current, account, client=client, now_s=now_s)
        forget_failures(uow, attempt)
        uow.audit.append(login_event(started, client, now))
        uow.commit()
    return session_tokens(services, started, now_s)


def _challenge(  # noqa: PLR0913 - a challenge settles all of these
    services: Services,
    user: User,
    now: datetime,
    *,
    attempt: Attempt,
    rehash: Rehash | None,
    enrolment_required: bool,
) -> TwoFactorRequired:
    """Store a sign-in challenge for ``user``; the error that hands its token to the client.

    The password was right, so its failures are forgotten and an outdated
    hash is replaced now; the sign-in itself (session, ``last_login_at``,
    ``auth.login``) waits for the second factor. ``InvalidCredentials``,
    storing nothing, if the user's password changed or they were
    deactivated since the check: that change closed every challenge of
    theirs, and one stored after it must not outlive it (D188). The user's
    row is held first, as a password change holds it before it closes the
    challenges, so the two take turns.
    """
    issued = new_challenge(user.id, now, enrolment_required=enrolment_required)
    with services.uow() as uow:
        current = uow.users.get(user.id, for_update=True)
        if current is None or not current.is_active or current.password_hash != user.password_hash:
            raise InvalidCredentials
        uow.sign_in_challenges.add(issued.challenge)
        forget_failures(uow, attempt)
        if rehash is not None:  # made from the hash just found unchanged (see ``Rehash``)
            uow.users.save(attrs.evolve(current, password_hash=rehash.new_hash))
        uow.commit()
    expires_in = int(CHALLENGE_LIFETIME.total_seconds())
    return TwoFactorRequired(issued.token, expires_in, enrolment_required=enrolment_required)


def authenticate(services: Services, access_token: str) -> Principal:
    """The caller behind an access token, or ``InvalidAccessToken``.

    No database: a revoked session's access token lives until its ``exp``.
    """
    claims = services.codec.decode_access(access_token)
    if unix_seconds(services.clock.now()) >= claims.exp:
        msg = "the access token has expired"
        raise InvalidAccessToken(msg)
    return Principal(user_id=claims.sub, sid=claims.sid, account_id=claims.acc, role=claims.role)


def logout(services: Services, principal: Principal) -> None:
    """End the caller's current login session. Idempotent: a repeat changes nothing."""
    now = services.clock.now()
    with services.uow() as uow:
        selector = SessionSelector(account_id=principal.account_id, sid=principal.sid)
        if uow.login_sessions.revoke_live(selector, now, RevokeReason.LOGOUT):
            uow.audit.append(
                audit.audit_event(
                    at=now,
                    account_id=principal.account_id,
                    user_id=principal.user_id,
                    action=audit.LOGOUT,
                    resource_type="login_session",
                    resource_id=principal.sid,
                )
            )
        uow.commit()
