"""Throttled password checks: a sign-in, or a password change's current password.

The limit must hold when many attempts arrive at once, on several workers.
So an attempt is counted *before* its password is checked: in one
transaction that holds its (subject, address) pair, it reads the pair's
recent failures, is refused at the limit, and otherwise records itself as a
failure. The password is checked after that commit; a success forgets the
record again (with the failures it counted) in the transaction that acts on
it. Of any number of simultaneous attempts, at most ``limit`` are checked.
"""

from __future__ import annotations

import hashlib
from datetime import datetime, timedelta
from typing import Final
from uuid import UUID

import attrs

from decision_core.errors import TooManyAttempts
from decision_core.identity import email_key
from decision_core.login.throttle import retry_after_seconds
from decision_core.ports.unit_of_work import UnitOfWork
from decision_core.settings import AuthSettings

UNKNOWN_ADDRESS: Final = "unknown"


@attrs.frozen
class Attempt:
    """One password check, counted as a failure (number ``mark``) until it succeeds."""

    subject: str
    address: str
    mark: int


def password_change_subject(user_id: UUID) -> str:
    """What a user's failed password changes are counted under.

    In upper case, which no email key (case-folded) can be, so the count is
    never shared with a sign-in's.
    """
    return f"PASSWORD-CHANGE:{user_id}"


def password_reset_subject(email: str) -> str:
    """What requests for a reset link to ``email`` are counted under (every request counts).

    Upper case, like :func:`password_change_subject`, so never a sign-in's
    count; the email key's SHA-256 rather than the key, so the subject fits
    the column however long the address.
    """
    return f"PASSWORD-RESET:{hashlib.sha256(email_key(email).encode()).hexdigest()}"


def start_attempt(
    uow: UnitOfWork, auth: AuthSettings, subject: str, address: str | None, now: datetime
) -> Attempt:
    """Count a password check about to happen, or raise ``TooManyAttempts``.

    Rules: after ``login_failure_limit`` failures of the pair within
    ``login_failure_window_minutes``, the attempt is refused until the
    oldest of them leaves the window; a refused attempt is not counted, so
    a throttled client cannot extend its own wait. The caller commits.
    """
    pair = (subject, address or UNKNOWN_ADDRESS)
    failures = uow.login_failures
    failures.hold(*pair)
    window = timedelta(minutes=auth.login_failure_window_minutes)
    recent = failures.recent(*pair, since=now - window)
    # A failure stamped later than ``now`` has happened all the same: recorded while this
    # attempt waited for the pair, or by a worker whose clock is slightly ahead. Judge as
    # of the latest, so it counts, and so the pair's stamps never go back in time.
    as_of = max([now, *recent])
    retry_after = retry_after_seconds(recent, as_of, auth.login_failure_limit, window)
    if retry_after is not None:
        raise TooManyAttempts(retry_after)
    return Attempt(*pair, mark=failures.record(*pair, as_of))


def forget_failures(uow: UnitOfWork, attempt: Attempt) -> None:
    """A success resets the count: forget ``attempt`` and the failures it counted.

    Failures recorded after it (other attempts, checked meanwhile) stay.
    """
    uow.login_failures.clear(attempt.subject, attempt.address, through=attempt.mark)
