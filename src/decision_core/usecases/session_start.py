"""Starting a login session: what a password sign-in and a completed second factor share."""

from __future__ import annotations

from datetime import datetime
from uuid import UUID, uuid4

import attrs

from decision_core import audit
from decision_core.clock import from_unix
from decision_core.errors import InvalidCredentials
from decision_core.identity import Account, Rehash, User
from decision_core.json_value import JsonValue
from decision_core.login.policy import effective_policy
from decision_core.login.sessions import LoginSession, RefreshTokenRecord, new_login_session
from decision_core.login.tokens import SessionSnapshot
from decision_core.ports.unit_of_work import UnitOfWork
from decision_core.usecases.context import ClientInfo, Services
from decision_core.usecases.token_issuing import IssuedTokens, issue_tokens, new_jti


@attrs.frozen
class StartedSession:
    """A login session just stored, with its first refresh token's jti and its user."""

    user: User
    session: LoginSession
    jti: str
    snapshot: SessionSnapshot


def sign_in_member(
    uow: UnitOfWork,
    user_id: UUID,
    now_s: int,
    *,
    checked_hash: str | None,
    rehash: Rehash | None,
) -> tuple[User, Account]:
    """The user (still active) and account of a sign-in at ``now_s``, recorded as signed in.

    First in the sign-in's transaction, so the user is held from here on: a
    deactivation committed meanwhile refuses the sign-in (``InvalidCredentials``),
    and one that comes later waits, then ends the new session. So does a new
    password, given the ``checked_hash`` the sign-in's password was checked
    against (D189).
    """
    at = from_unix(now_s)
    if not uow.users.record_sign_in(user_id, at, checked_hash=checked_hash, rehash=rehash):
        raise InvalidCredentials  # deactivated, gone or given a new password since the check
    found = uow.users.get_with_account(user_id)
    if found is None:
        raise InvalidCredentials  # its account is gone
    return found


def start_session(  # noqa: PLR0913 - a session is born of all of these
    uow: UnitOfWork,
    services: Services,
    user: User,
    account: Account,
    *,
    client: ClientInfo,
    now_s: int,
) -> StartedSession:
    """Store a login session with the account's *current* effective policy, and its first token."""
    policy = effective_policy(account.policy, services.settings.sessions)
    snapshot = SessionSnapshot(now_s, policy.idle_seconds, policy.absolute_seconds)
    session = new_login_session(
        sid=uuid4(),
        user_id=user.id,
        account_id=user.account_id,
        snapshot=snapshot,
        user_agent=client.user_agent,
        ip=client.ip,
    )
    jti = new_jti()
    uow.login_sessions.add(session)
    uow.refresh_tokens.add(RefreshTokenRecord(jti=jti, sid=session.id, issued_at=from_unix(now_s)))
    return StartedSession(user=user, session=session, jti=jti, snapshot=snapshot)


def login_event(
    started: StartedSession, client: ClientInfo, now: datetime, **details: JsonValue
) -> audit.AuditEvent:
    """The ``auth.login`` event of a new session, with any further ``details``."""
    return audit.audit_event(
        at=now,
        account_id=started.user.account_id,
        user_id=started.user.id,
        action=audit.LOGIN,
        resource_type="login_session",
        resource_id=started.session.id,
        details={"user_agent": client.user_agent, "ip": client.ip, **details},
    )


def session_tokens(services: Services, started: StartedSession, now_s: int) -> IssuedTokens:
    """The token pair of a session started at ``now_s``."""
    return issue_tokens(
        services,
        user=started.user,
        sid=started.session.id,
        jti=started.jti,
        refresh_iat=now_s,
        snapshot=started.snapshot,
        now_s=now_s,
    )
