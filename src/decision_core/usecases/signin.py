"""Signing in and out, and recognising a signed-in caller."""

from __future__ import annotations

from datetime import datetime
from uuid import uuid4

from decision_core import audit
from decision_core.clock import from_unix, unix_seconds
from decision_core.errors import InvalidAccessToken, InvalidCredentials
from decision_core.identity import Rehash, User, email_key
from decision_core.login.policy import effective_policy
from decision_core.login.revocation import SessionSelector
from decision_core.login.sessions import RefreshTokenRecord, RevokeReason, new_login_session
from decision_core.login.tokens import SessionSnapshot
from decision_core.usecases.context import ClientInfo, Principal, Services
from decision_core.usecases.password_attempts import Attempt, forget_failures, start_attempt
from decision_core.usecases.token_issuing import IssuedTokens, issue_tokens, new_jti


def login(services: Services, email: str, password: str, client: ClientInfo) -> IssuedTokens:
    """Start a new login session with the account's *current* effective policy.

    Rules: a wrong password, an unknown email and an inactive user all raise
    the same ``InvalidCredentials``, after the same hashing work. After the
    configured number of failures for this email and client address within
    the window, attempts raise ``TooManyAttempts`` until the window passes,
    however many arrive at once (see :mod:`.password_attempts`: each is counted as a
    failure before its password is checked); a success clears the failures
    it counted. The hash is checked outside any transaction. A hash made
    with older parameters is replaced by one made with the current ones,
    computed before the transaction too.
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
    return _start_login_session(
        services,
        signed_in,
        client,
        now,
        attempt=attempt,
        rehash=_rehash(services, signed_in, password),
    )


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


def _start_login_session(  # noqa: PLR0913 - a sign-in needs all of these
    services: Services,
    user: User,
    client: ClientInfo,
    now: datetime,
    *,
    attempt: Attempt,
    rehash: Rehash | None,
) -> IssuedTokens:
    """The new session and its tokens; the attempt's failures are forgotten."""
    now_s = unix_seconds(now)
    with services.uow() as uow:
        # First, so the user is held from here on: a deactivation committed meanwhile
        # refuses the sign-in, and one that comes later waits, then ends this session.
        if not uow.users.record_sign_in(user.id, from_unix(now_s), rehash=rehash):
            raise InvalidCredentials  # deactivated (or gone) since the password check
        found = uow.users.get_with_account(user.id)
        if found is None:
            raise InvalidCredentials  # its account is gone
        current, account = found
        policy = effective_policy(account.policy, services.settings.sessions)
        snapshot = SessionSnapshot(now_s, policy.idle_seconds, policy.absolute_seconds)
        session = new_login_session(
            sid=uuid4(),
            user_id=current.id,
            account_id=current.account_id,
            snapshot=snapshot,
            user_agent=client.user_agent,
            ip=client.ip,
        )
        jti = new_jti()
        uow.login_sessions.add(session)
        uow.refresh_tokens.add(
            RefreshTokenRecord(jti=jti, sid=session.id, issued_at=from_unix(now_s))
        )
        forget_failures(uow, attempt)
        uow.audit.append(
            audit.audit_event(
                at=now,
                account_id=current.account_id,
                user_id=current.id,
                action=audit.LOGIN,
                resource_type="login_session",
                resource_id=session.id,
                details={"user_agent": client.user_agent, "ip": client.ip},
            )
        )
        uow.commit()
    return issue_tokens(
        services,
        user=current,
        sid=session.id,
        jti=jti,
        refresh_iat=now_s,
        snapshot=snapshot,
        now_s=now_s,
    )


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
