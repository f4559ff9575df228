"""Audit events as values: append-only, never carrying a token, password or hash."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import Final
from uuid import UUID, uuid4

import attrs

from decision_core.json_value import JsonValue
from decision_core.login.policy import EffectivePolicy, PolicyOverrides

LOGIN: Final = "auth.login"
LOGIN_FAILED: Final = "auth.login_failed"
LOGOUT: Final = "auth.logout"
REFRESH_TOKEN_REUSED: Final = "auth.refresh_token_reused"  # noqa: S105 - an action name
PASSWORD_CHANGED: Final = "auth.password_changed"  # noqa: S105 - an action name
SESSION_REVOKED: Final = "auth.session_revoked"
OTHER_SESSIONS_REVOKED: Final = "auth.other_sessions_revoked"
USER_REGISTERED: Final = "auth.registered"
SESSION_POLICY_UPDATE: Final = "account.session_policy_update"
SESSIONS_REVOKED_BULK: Final = "account.sessions_revoked_bulk"
MEMBER_INVITED: Final = "member.invited"
MEMBER_UPDATED: Final = "member.updated"
MEMBER_INVITE_RESENT: Final = "member.invite_resent"
MEMBER_INVITE_REVOKED: Final = "member.invite_revoked"
# Two-factor sign-in and step-up.
TWO_FACTOR_ENABLED: Final = "auth.two_factor_enabled"
TWO_FACTOR_DISABLED: Final = "auth.two_factor_disabled"
TWO_FACTOR_FAILED: Final = "auth.two_factor_failed"
RECOVERY_CODE_USED: Final = "auth.recovery_code_used"
RECOVERY_CODES_REGENERATED: Final = "auth.recovery_codes_regenerated"
TWO_FACTOR_REQUIRED_CHANGED: Final = "account.two_factor_required_changed"
REAUTHENTICATED: Final = "auth.reauthenticated"
TREE_CREATED: Final = "tree.created"
TREE_UPDATED: Final = "tree.updated"
TREE_DELETED: Final = "tree.deleted"
PASSWORD_RESET_REQUESTED: Final = "auth.password_reset_requested"  # noqa: S105 - an action name
PASSWORD_RESET: Final = "auth.password_reset"  # noqa: S105 - an action name
PASSWORD_SET_BY_OPERATOR: Final = "auth.password_set_by_operator"  # noqa: S105 - an action name


@attrs.frozen
class AuditEvent:
    """One thing that happened in an account, and who did it."""

    id: UUID
    at: datetime
    account_id: UUID
    user_id: UUID | None
    action: str
    resource_type: str
    resource_id: str | None
    details: Mapping[str, JsonValue] = attrs.field(factory=dict)


@attrs.frozen
class AuditCursor:
    """Keyset position for paging newest first: strictly older than (at, id)."""

    at: datetime
    id: UUID

    def is_after(self, event: AuditEvent) -> bool:
        """Whether ``event`` comes after this position in newest-first order."""
        return (event.at, str(event.id)) < (self.at, str(self.id))


@attrs.frozen
class AuditPage:
    """A page of events, newest first, and where the next page starts."""

    items: tuple[AuditEvent, ...]
    next_before: AuditCursor | None


def audit_event(  # noqa: PLR0913 - mirrors the event's columns
    *,
    at: datetime,
    account_id: UUID,
    user_id: UUID | None,
    action: str,
    resource_type: str,
    resource_id: object | None,
    details: Mapping[str, JsonValue] | None = None,
) -> AuditEvent:
    """A new event with a fresh id; ``resource_id`` is stored as text."""
    return AuditEvent(
        id=uuid4(),
        at=at,
        account_id=account_id,
        user_id=user_id,
        action=action,
        resource_type=resource_type,
        resource_id=None if resource_id is None else str(resource_id),
        details=details or {},
    )


def overrides_details(overrides: PolicyOverrides) -> dict[str, JsonValue]:
    """The ``old`` / ``new`` payload of a policy update."""
    return {"idle_minutes": overrides.idle_minutes, "absolute_minutes": overrides.absolute_minutes}


def effective_details(policy: EffectivePolicy) -> dict[str, JsonValue]:
    """The ``effective_old`` / ``effective_new`` payload of a policy update."""
    return {"idle_minutes": policy.idle_minutes, "absolute_minutes": policy.absolute_minutes}
