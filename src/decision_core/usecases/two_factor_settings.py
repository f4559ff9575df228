"""The caller's own second factor once enrolled: its status, new recovery codes, turning it off."""

from __future__ import annotations

from datetime import datetime
from typing import Final

import attrs

from decision_core import audit
from decision_core.errors import InvalidTwoFactorCode, TwoFactorNotEnabled
from decision_core.identity import User
from decision_core.json_value import JsonValue
from decision_core.login.two_factor import (
    TwoFactorEnrolment,
    hashed_recovery_codes,
    new_recovery_codes,
)
from decision_core.roles import Role
from decision_core.usecases.context import Principal, Services, load_actor
from decision_core.usecases.password_attempts import forget_failures
from decision_core.usecases.second_factor import (
    SecondFactor,
    audit_second_factor_used,
    spend_second_factor,
    start_code_attempt,
    wrong_codes_audited,
)
from decision_core.usecases.step_up import require_recent_proof

_DISABLE: Final = "disable"
_REGENERATE: Final = "recovery_codes"


@attrs.frozen
class TwoFactorStatus:
    """Whether the caller signs in with a second factor, and what the account asks of them."""

    enabled: bool
    pending: bool
    recovery_codes_left: int
    required_by_account: bool


def two_factor_status(services: Services, principal: Principal) -> TwoFactorStatus:
    """The caller's two-factor status; any active member may ask."""
    with services.uow() as uow:
        user = load_actor(uow, principal, Role.VIEWER)
        enrolment = uow.two_factor.get(user.id)
        account = uow.accounts.get(user.account_id)
        left = uow.two_factor.recovery_codes_left(user.id)
    enabled = enrolment is not None and enrolment.is_active
    return TwoFactorStatus(
        enabled=enabled,
        pending=enrolment is not None and not enabled,
        recovery_codes_left=left if enabled else 0,
        required_by_account=account is not None and account.require_two_factor,
    )


def disable_two_factor(services: Services, principal: Principal, code: str) -> None:
    """Turn the caller's two-factor sign-in off, with a current TOTP code or a recovery code.

    Rules: needs a recent proof of identity (``ReauthenticationRequired``,
    see :mod:`.step_up`), then two-factor sign-in on (``TwoFactorNotEnabled``),
    then a right code, counted and audited like every second factor's. The
    enrolment and every recovery code are deleted and
    ``auth.two_factor_disabled`` is written. In an account that requires two
    factors, the caller enrols again at the next sign-in; this session stays.
    """
    now = services.clock.now()
    with services.uow() as uow:
        user = load_actor(uow, principal, Role.VIEWER)
        require_recent_proof(uow, principal, now, services.settings.auth.step_up_minutes)
        enrolment = _active_enrolment(uow.two_factor.get(user.id))
        attempt = start_code_attempt(uow, services, user.id, now)
        uow.commit()
    with wrong_codes_audited(services, user, now, _DISABLE), services.uow() as uow:
        used = spend_second_factor(uow, services, enrolment, code, now)
        uow.two_factor.remove(user.id)
        forget_failures(uow, attempt)
        uow.audit.append(_event(user, now, audit.TWO_FACTOR_DISABLED, {"method": used.value}))
        audit_second_factor_used(uow, user, used, now, _DISABLE)
        uow.commit()


def regenerate_recovery_codes(
    services: Services, principal: Principal, code: str
) -> tuple[str, ...]:
    """Ten new recovery codes for the caller in place of every earlier one; shown this once.

    Rules: two-factor sign-in on (``TwoFactorNotEnabled``) and a current TOTP
    code (a recovery code is refused: it would be replaced at once), counted
    and audited like every second factor's. Writes
    ``auth.recovery_codes_regenerated``.
    """
    now = services.clock.now()
    with services.uow() as uow:
        user = load_actor(uow, principal, Role.VIEWER)
        enrolment = _active_enrolment(uow.two_factor.get(user.id))
        attempt = start_code_attempt(uow, services, user.id, now)
        uow.commit()
    codes = tuple(new_recovery_codes())
    with wrong_codes_audited(services, user, now, _REGENERATE), services.uow() as uow:
        if spend_second_factor(uow, services, enrolment, code, now) is not SecondFactor.TOTP:
            raise InvalidTwoFactorCode
        uow.two_factor.replace_recovery_codes(user.id, hashed_recovery_codes(user.id, codes))
        forget_failures(uow, attempt)
        uow.audit.append(_event(user, now, audit.RECOVERY_CODES_REGENERATED, {}))
        uow.commit()
    return codes


def _active_enrolment(enrolment: TwoFactorEnrolment | None) -> TwoFactorEnrolment:
    if enrolment is None or not enrolment.is_active:
        raise TwoFactorNotEnabled
    return enrolment


def _event(
    user: User, now: datetime, action: str, details: dict[str, JsonValue]
) -> audit.AuditEvent:
    return audit.audit_event(
        at=now,
        account_id=user.account_id,
        user_id=user.id,
        action=action,
        resource_type="user",
        resource_id=user.id,
        details=details,
    )
