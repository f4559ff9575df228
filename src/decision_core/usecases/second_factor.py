"""Checking a second factor: a current TOTP code, or one of the user's unused recovery codes.

Every use case that takes a code (completing a sign-in, confirming or
turning off an enrolment, a step-up) counts it first, like a password
(:mod:`.password_attempts`): in a transaction of its own, under the subject
``TWO-FACTOR:<user id>``. Codes are counted per user whatever the client's
address: whoever types one already knows the password, and a count per
address would let many addresses share out the guessing. The code is then
spent in the transaction that acts on it, so a code that was accepted has
done its work, and one that was not is not spent.
"""

from __future__ import annotations

import enum
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime
from typing import Final
from uuid import UUID

from decision_core import audit
from decision_core.errors import InvalidTwoFactorCode
from decision_core.identity import User
from decision_core.login.totp import accepted_step
from decision_core.login.two_factor import (
    TwoFactorEnrolment,
    normalised_recovery_code,
    recovery_code_hash,
)
from decision_core.ports.unit_of_work import UnitOfWork
from decision_core.usecases.context import Services
from decision_core.usecases.password_attempts import Attempt, start_attempt

# Codes are counted per user, whatever the address (see the module docstring).
ANY_ADDRESS: Final = "any"


class SecondFactor(enum.Enum):
    """Which kind of code proved the second factor."""

    TOTP = "totp"
    RECOVERY_CODE = "recovery_code"


def two_factor_subject(user_id: UUID) -> str:
    """What a user's wrong codes are counted under (upper case: never an email key)."""
    return f"TWO-FACTOR:{user_id}"


def start_code_attempt(
    uow: UnitOfWork, services: Services, user_id: UUID, now: datetime
) -> Attempt:
    """Count a code check about to happen, or raise ``TooManyAttempts``; the caller commits."""
    auth = services.settings.auth
    return start_attempt(uow, auth, two_factor_subject(user_id), ANY_ADDRESS, now)


def spend_second_factor(
    uow: UnitOfWork,
    services: Services,
    enrolment: TwoFactorEnrolment | None,
    code: str,
    now: datetime,
) -> SecondFactor:
    """Spend ``code`` in the caller's transaction, or raise ``InvalidTwoFactorCode``.

    Rules: a TOTP code of the active enrolment within the window and after
    the last spent step (see :func:`~decision_core.login.totp.accepted_step`),
    or an unused recovery code; a user without an active enrolment has
    neither. Each is spent by one conditional write, so
    of concurrent uses of one code exactly one succeeds.
    """
    if enrolment is not None and enrolment.is_active:
        user_id = enrolment.user_id
        secret = services.two_factor_secrets.secret_for(enrolment.seed)
        step = accepted_step(secret, code, now, enrolment.last_step)
        if step is not None and uow.two_factor.spend_step(user_id, step):
            return SecondFactor.TOTP
        recovery = normalised_recovery_code(code)
        if recovery is not None and uow.two_factor.use_recovery_code(
            user_id, recovery_code_hash(user_id, recovery), now
        ):
            return SecondFactor.RECOVERY_CODE
    raise InvalidTwoFactorCode


def audit_second_factor_used(
    uow: UnitOfWork, user: User, used: SecondFactor, now: datetime, purpose: str
) -> None:
    """A recovery code spent is an event of its own, saying how many are left."""
    if used is not SecondFactor.RECOVERY_CODE:
        return
    uow.audit.append(
        audit.audit_event(
            at=now,
            account_id=user.account_id,
            user_id=user.id,
            action=audit.RECOVERY_CODE_USED,
            resource_type="user",
            resource_id=user.id,
            details={"purpose": purpose, "left": uow.two_factor.recovery_codes_left(user.id)},
        )
    )


@contextmanager
def wrong_codes_audited(
    services: Services, user: User, now: datetime, purpose: str
) -> Iterator[None]:
    """Around a code's check: an ``InvalidTwoFactorCode`` leaving it is audited, then re-raised.

    The event is written in a transaction of its own, after the one that
    checked the code has rolled back.
    """
    try:
        yield
    except InvalidTwoFactorCode:
        audit_wrong_code(services, user, now, purpose)
        raise


def audit_wrong_code(services: Services, user: User, now: datetime, purpose: str) -> None:
    """Record a wrong code in the user's account (the attempt itself is already counted)."""
    with services.uow() as uow:
        uow.audit.append(
            audit.audit_event(
                at=now,
                account_id=user.account_id,
                user_id=user.id,
                action=audit.TWO_FACTOR_FAILED,
                resource_type="user",
                resource_id=user.id,
                details={"purpose": purpose},
            )
        )
        uow.commit()
