"""The caller's own user, login sessions and password."""

from __future__ import annotations

from datetime import datetime
from uuid import UUID

import attrs

from decision_core import audit
from decision_core.errors import InvalidAccessToken, NotFound, RuleViolation
from decision_core.identity import Account, User, check_password
from decision_core.login.revocation import SessionSelector
from decision_core.login.sessions import LoginSession, RevokeReason
from decision_core.roles import Role
from decision_core.usecases.context import (
    ACTOR_GONE,
    ClientInfo,
    Principal,
    Services,
    checked_actor,
    load_actor,
)
from decision_core.usecases.password_attempts import (
    forget_failures,
    password_change_subject,
    start_attempt,
)
from decision_core.usecases.user_sign_ins import replace_password


class IncorrectPassword(RuleViolation):
    """The current password given to a password change does not match."""

    code = "incorrect_password"


@attrs.frozen
class Me:
    """Who the caller is."""

    user: User
    account: Account
    role: Role


def me(services: Services, principal: Principal) -> Me:
    """The caller's user and account; any active member may ask."""
    with services.uow().read_only() as uow:
        # One read: the user and its account together (a deleted account hides the user).
        found = uow.users.get_with_account(principal.user_id)
    if found is None:
        raise InvalidAccessToken(ACTOR_GONE)
    user, account = found
    checked_actor(user, principal, Role.VIEWER)
    return Me(user=user, account=account, role=user.role)


@attrs.frozen
class MySession:
    """One of the caller's live login sessions; ``current`` is the one calling."""

    session: LoginSession
    current: bool


def list_my_sessions(services: Services, principal: Principal) -> list[MySession]:
    """The caller's live login sessions, most recently used first."""
    now = services.clock.now()
    with services.uow() as uow:
        load_actor(uow, principal, Role.VIEWER)
        sessions = uow.login_sessions.live_for_user(principal.user_id, now)
    return [MySession(session=s, current=s.id == principal.sid) for s in sessions]


def revoke_my_session(services: Services, principal: Principal, sid: UUID) -> None:
    """End one of the caller's login sessions.

    Rules: another user's or an unknown sid raises ``NotFound`` (no existence
    leak); ending one that already ended changes nothing.
    """
    now = services.clock.now()
    with services.uow() as uow:
        load_actor(uow, principal, Role.VIEWER)
        session = uow.login_sessions.get(sid)
        if session is None or session.user_id != principal.user_id:
            raise NotFound
        selector = SessionSelector(account_id=principal.account_id, sid=sid)
        if uow.login_sessions.revoke_live(selector, now, RevokeReason.REVOKED_BY_USER):
            uow.audit.append(
                audit.audit_event(
                    at=now,
                    account_id=principal.account_id,
                    user_id=principal.user_id,
                    action=audit.SESSION_REVOKED,
                    resource_type="login_session",
                    resource_id=sid,
                )
            )
        uow.commit()


def revoke_my_other_sessions(services: Services, principal: Principal) -> int:
    """End every live login session of the caller but the current one; return how many.

    Rules: one set-based write, so an immediate repeat ends 0; an
    ``auth.other_sessions_revoked`` event is written only when one ended.
    """
    now = services.clock.now()
    with services.uow() as uow:
        user = load_actor(uow, principal, Role.VIEWER)
        others = SessionSelector(
            account_id=user.account_id, user_id=user.id, except_sid=principal.sid
        )
        revoked = uow.login_sessions.revoke_live(others, now, RevokeReason.REVOKED_BY_USER)
        if revoked:
            uow.audit.append(
                audit.audit_event(
                    at=now,
                    account_id=user.account_id,
                    user_id=user.id,
                    action=audit.OTHER_SESSIONS_REVOKED,
                    resource_type="user",
                    resource_id=user.id,
                    details={"revoked_sessions": revoked},
                )
            )
        uow.commit()
    return revoked


def change_password(
    services: Services,
    principal: Principal,
    current_password: str,
    new_password: str,
    client: ClientInfo | None = None,
) -> None:
    """Replace the caller's password and end all their *other* login sessions.

    Their open sign-in challenges close too (see :mod:`.user_sign_ins`).

    Rules: the new password is 8 to 1024 characters; the current one must
    match (else ``IncorrectPassword``). Wrong current passwords are throttled
    like sign-ins, per user and client address (see :mod:`.password_attempts`):
    at the limit, ``TooManyAttempts`` without a check. Hashing runs outside
    any transaction; a password changed meanwhile makes this change
    ``IncorrectPassword``, as if it had come second.
    """
    check_password(new_password)
    now = services.clock.now()
    address = None if client is None else client.ip
    with services.uow() as uow:
        user = load_actor(uow, principal, Role.VIEWER)
        subject = password_change_subject(user.id)
        attempt = start_attempt(uow, services.settings.auth, subject, address, now)
        uow.commit()
    checked_hash = user.password_hash
    if not services.hasher.verify(checked_hash, current_password):
        raise IncorrectPassword(["current_password is incorrect"])
    new_hash = services.hasher.hash(new_password)
    with services.uow() as uow:
        user = checked_actor(
            uow.users.get(principal.user_id, for_update=True), principal, Role.VIEWER
        )
        if user.password_hash != checked_hash:
            # Changed since the check: as if this change came second, its current password
            # is no longer current.
            raise IncorrectPassword(["current_password is incorrect"])
        revoked = replace_password(
            uow, user, new_hash, now, RevokeReason.PASSWORD_CHANGED, keep_sid=principal.sid
        )
        forget_failures(uow, attempt)
        uow.audit.append(_password_changed(user, now, revoked))
        uow.commit()


def _password_changed(user: User, now: datetime, revoked: int) -> audit.AuditEvent:
    return audit.audit_event(
        at=now,
        account_id=user.account_id,
        user_id=user.id,
        action=audit.PASSWORD_CHANGED,
        resource_type="user",
        resource_id=user.id,
        details={"revoked_sessions": revoked},
    )
