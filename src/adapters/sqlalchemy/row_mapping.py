"""Explicit conversions between domain values and rows, one pair per table.

Writes go through ``*_columns`` dicts fed to INSERT and UPDATE statements;
reads turn loaded rows into values with ``*_from_row``. A domain value never
becomes an ORM-instrumented object, and no row object outlives a repository call.
"""

from __future__ import annotations

from typing import Any, TypeAlias

from sqlalchemy import Row

from adapters.sqlalchemy.rows import (
    AccountRow,
    AuditEventRow,
    InviteRow,
    LoginSessionRow,
    RefreshTokenRow,
    UserRow,
)
from decision_core.audit import AuditEvent
from decision_core.identity import Account, Invite, User, email_key
from decision_core.login.policy import PolicyOverrides
from decision_core.login.sessions import LoginSession, RefreshTokenRecord, RevokeReason
from decision_core.roles import Role

# Hot paths read the fast path's records (named tuples, see fast_path.compiled), other
# paths Core rows; both have one attribute per column, as the ORM rows do.
# (A named tuple's fields are known only at run time, hence Any.)
CoreRow: TypeAlias = Row[Any] | Any


def account_columns(account: Account) -> dict[str, Any]:
    """Every column of an account's row."""
    return {
        "id": account.id,
        "name": account.name,
        "created_at": account.created_at,
        **policy_columns(account.policy),
        "require_two_factor": account.require_two_factor,
    }


def policy_columns(policy: PolicyOverrides) -> dict[str, Any]:
    """The override columns; ``None`` stands for the system default."""
    return {
        "session_idle_minutes": policy.idle_minutes,
        "session_absolute_minutes": policy.absolute_minutes,
    }


def account_from_row(row: AccountRow | CoreRow) -> Account:
    """The account a row stores."""
    return Account(
        id=row.id,
        name=row.name,
        created_at=row.created_at,
        policy=PolicyOverrides(
            idle_minutes=row.session_idle_minutes,
            absolute_minutes=row.session_absolute_minutes,
        ),
        require_two_factor=row.require_two_factor,
    )


def user_columns(user: User) -> dict[str, Any]:
    """Every column of a user's row, ``email_key`` derived from ``email``."""
    return {
        "id": user.id,
        "account_id": user.account_id,
        "email": user.email,
        "email_key": email_key(user.email),
        "name": user.name,
        "role": user.role.value,
        "password_hash": user.password_hash,
        "is_active": user.is_active,
        "created_at": user.created_at,
        "last_login_at": user.last_login_at,
    }


def user_from_row(row: UserRow | CoreRow) -> User:
    """The user a row stores."""
    return User(
        id=row.id,
        account_id=row.account_id,
        email=row.email,
        name=row.name,
        role=Role(row.role),
        password_hash=row.password_hash,
        is_active=row.is_active,
        created_at=row.created_at,
        last_login_at=row.last_login_at,
    )


def invite_columns(invite: Invite) -> dict[str, Any]:
    """Every column of an invite's row."""
    return {
        "id": invite.id,
        "account_id": invite.account_id,
        "code_hash": invite.code_hash,
        "role": invite.role.value,
        "email": invite.email,
        "created_by": invite.created_by,
        "created_at": invite.created_at,
        "expires_at": invite.expires_at,
        "used_at": invite.used_at,
        "used_by": invite.used_by,
        "revoked_at": invite.revoked_at,
    }


def invite_from_row(row: InviteRow) -> Invite:
    """The invite a row stores."""
    return Invite(
        id=row.id,
        account_id=row.account_id,
        code_hash=row.code_hash,
        role=Role(row.role),
        email=row.email,
        created_by=row.created_by,
        created_at=row.created_at,
        expires_at=row.expires_at,
        used_at=row.used_at,
        used_by=row.used_by,
        revoked_at=row.revoked_at,
    )


def login_session_columns(session: LoginSession) -> dict[str, Any]:
    """Every column of a session's row, the two stored deadlines included.

    The deadlines come from the domain's own properties, so the SQL liveness
    filter and ``LoginSession.is_live`` can never disagree.
    """
    return {
        "id": session.id,
        "user_id": session.user_id,
        "account_id": session.account_id,
        "auth_time": session.auth_time,
        "idle_max": session.idle_max,
        "abs_max": session.abs_max,
        "created_at": session.created_at,
        "last_used_at": session.last_used_at,
        "user_agent": session.user_agent,
        "ip": session.ip,
        "revoked_at": session.revoked_at,
        "revoke_reason": None if session.revoke_reason is None else session.revoke_reason.value,
        "idle_expires_at": session.idle_expires_at,
        "absolute_expires_at": session.absolute_expires_at,
        "reauthenticated_at": session.reauthenticated_at,
    }


def login_session_from_row(row: LoginSessionRow | CoreRow) -> LoginSession:
    """The session a row stores; the derived deadline columns are not read back."""
    return LoginSession(
        id=row.id,
        user_id=row.user_id,
        account_id=row.account_id,
        auth_time=row.auth_time,
        idle_max=row.idle_max,
        abs_max=row.abs_max,
        created_at=row.created_at,
        last_used_at=row.last_used_at,
        user_agent=row.user_agent,
        ip=row.ip,
        revoked_at=row.revoked_at,
        revoke_reason=None if row.revoke_reason is None else RevokeReason(row.revoke_reason),
        reauthenticated_at=row.reauthenticated_at,
    )


def refresh_token_columns(token: RefreshTokenRecord) -> dict[str, Any]:
    """Every column of a token's row."""
    return {
        "jti": token.jti,
        "sid": token.sid,
        "parent_jti": token.parent_jti,
        "issued_at": token.issued_at,
        "consumed_at": token.consumed_at,
    }


def refresh_token_from_row(row: RefreshTokenRow | CoreRow) -> RefreshTokenRecord:
    """The token record a row stores."""
    return RefreshTokenRecord(
        jti=row.jti,
        sid=row.sid,
        issued_at=row.issued_at,
        parent_jti=row.parent_jti,
        consumed_at=row.consumed_at,
    )


def audit_event_columns(event: AuditEvent) -> dict[str, Any]:
    """Every column of an event's row; ``details`` becomes a plain JSON object."""
    return {
        "id": event.id,
        "at": event.at,
        "account_id": event.account_id,
        "user_id": event.user_id,
        "action": event.action,
        "resource_type": event.resource_type,
        "resource_id": event.resource_id,
        "details": dict(event.details),
    }


def audit_event_from_row(row: AuditEventRow) -> AuditEvent:
    """The event a row stores."""
    return AuditEvent(
        id=row.id,
        at=row.at,
        account_id=row.account_id,
        user_id=row.user_id,
        action=row.action,
        resource_type=row.resource_type,
        resource_id=row.resource_id,
        details=row.details,
    )
