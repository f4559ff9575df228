"""Which login sessions a revocation ends: one rule, used by every adapter.

Every revocation is one set-based write over *live* sessions only, so an
immediate repeat ends nothing and counts 0. :meth:`SessionSelector.matches`
is the definition; a SQL adapter translates the same fields into its WHERE.
"""

from __future__ import annotations

import enum
from datetime import datetime
from uuid import UUID

import attrs

from decision_core.login.sessions import LoginSession, RevokeReason


@attrs.frozen
class SessionSelector:
    """Live sessions of one account, narrowed by the optional fields."""

    account_id: UUID
    sid: UUID | None = None
    user_id: UUID | None = None
    except_user_id: UUID | None = None
    except_sid: UUID | None = None

    def matches(self, session: LoginSession, now: datetime) -> bool:
        """Whether a revocation with this selector at ``now`` ends ``session``."""
        return (
            session.is_live(now)
            and session.account_id == self.account_id
            and self.sid in (None, session.id)
            and self.user_id in (None, session.user_id)
            and session.user_id != self.except_user_id
            and session.id != self.except_sid
        )


class BulkScope(enum.Enum):
    """``all`` includes the caller's own sessions; ``others`` keeps every one of them."""

    ALL = "all"
    OTHERS = "others"


def bulk_selector(account_id: UUID, caller_id: UUID, scope: BulkScope) -> SessionSelector:
    """The sessions an owner's bulk revocation ends."""
    if scope is BulkScope.OTHERS:
        return SessionSelector(account_id=account_id, except_user_id=caller_id)
    return SessionSelector(account_id=account_id)


def bulk_reason(scope: BulkScope) -> RevokeReason:
    """The reason recorded on sessions ended by a bulk revocation."""
    return RevokeReason.BULK_OTHERS if scope is BulkScope.OTHERS else RevokeReason.BULK_ALL
