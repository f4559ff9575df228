"""Ending every way in a user has: after a new password, or a deactivation.

A sign-in challenge is a sign-in half done: the password was right and the
second factor is still to come. So whatever ends a user's login sessions
because their password changed or they were deactivated also closes their
open challenges, in the same transaction; otherwise whoever knew the old
password and holds a challenge could still finish signing in with it
(docs/decisions.md, D188).
"""

from __future__ import annotations

from datetime import datetime
from uuid import UUID

import attrs

from decision_core.identity import User
from decision_core.login.revocation import SessionSelector
from decision_core.login.sessions import RevokeReason
from decision_core.ports.unit_of_work import UnitOfWork


def end_sign_ins(
    uow: UnitOfWork,
    user: User,
    now: datetime,
    reason: RevokeReason,
    *,
    keep_sid: UUID | None = None,
) -> int:
    """Close ``user``'s open sign-in challenges and revoke their live login sessions.

    ``keep_sid``, if given, is the one session that stays (the caller's own).
    Returns how many sessions ended; both writes are set-based, so a repeat
    ends nothing.
    """
    uow.sign_in_challenges.close_open_for(user.id, now)
    sessions = SessionSelector(account_id=user.account_id, user_id=user.id, except_sid=keep_sid)
    return uow.login_sessions.revoke_live(sessions, now, reason)


def replace_password(  # noqa: PLR0913 - a new password ends sign-ins, which need all of these
    uow: UnitOfWork,
    user: User,
    new_hash: str,
    now: datetime,
    reason: RevokeReason,
    *,
    keep_sid: UUID | None = None,
) -> int:
    """Save ``new_hash`` as ``user``'s password and end what the old one let in.

    The one place a password changes: a reset, an operator's ``set-password``
    and the user's own change all come here, so none of them can forget a
    challenge. (A sign-in replacing an outdated hash keeps the same password
    and is no change.) Returns how many sessions ended, as :func:`end_sign_ins`.
    """
    uow.users.save(attrs.evolve(user, password_hash=new_hash))
    return end_sign_ins(uow, user, now, reason, keep_sid=keep_sid)
