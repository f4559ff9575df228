"""Step-up: changes that need a recent proof of identity, and giving that proof again.

Signing everyone out, changing the session policy or the two-factor
requirement, changing a member's role and turning off one's own second
factor are what an attacker at an unattended, signed-in browser would do
first. Each needs the caller's login session to have seen its user prove
who they are within ``step_up_minutes``: the sign-in itself, or a
:func:`reauthenticate` since. An operator (the CLI) has no login session and
proves itself by its access to the server, so it is never asked.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Final
from uuid import UUID

from decision_core import audit
from decision_core.errors import (
    InvalidCredentials,
    ReauthenticationRequired,
    RuleViolation,
)
from decision_core.identity import User
from decision_core.login.step_up import proved_recently
from decision_core.ports.unit_of_work import UnitOfWork
from decision_core.roles import Role
from decision_core.usecases.context import (
    Caller,
    ClientInfo,
    Operator,
    Principal,
    Services,
    load_actor,
)
from decision_core.usecases.password_attempts import Attempt, forget_failures, start_attempt
from decision_core.usecases.second_factor import (
    audit_second_factor_used,
    spend_second_factor,
    start_code_attempt,
    wrong_codes_audited,
)

# The audit ``details.method`` of a confirmation by password.
PASSWORD_METHOD: Final = "password"  # noqa: S105 - a method's name, not a password
_PURPOSE: Final = "reauthenticate"


def require_recent_proof(uow: UnitOfWork, caller: Caller, now: datetime, minutes: int) -> None:
    """Raise ``ReauthenticationRequired`` unless ``caller`` proved who they are recently.

    Rule: the caller's login session saw its sign-in or a confirmation
    strictly less than ``minutes`` before ``now``. Read from the session,
    whether or not it has been revoked since (its access token, still
    accepted until it expires, is what acts). Operators pass.
    """
    if isinstance(caller, Operator):
        return
    session = uow.login_sessions.get(caller.sid)
    window = timedelta(minutes=minutes)
    if session is None or not proved_recently(session.last_proved_at, now, window):
        raise ReauthenticationRequired


def reauthenticate(
    services: Services,
    principal: Principal,
    *,
    password: str | None = None,
    code: str | None = None,
    client: ClientInfo | None = None,
) -> None:
    """Prove again who the caller is, with the password or a second factor's code.

    Rules: exactly one of ``password`` and ``code`` (else ``RuleViolation``).
    A wrong password raises ``InvalidCredentials``, a wrong code
    ``InvalidTwoFactorCode`` (a code works only for a user with a second
    factor; a recovery code is spent). Both are throttled like sign-ins:
    passwords per user and client address, codes per user (see
    :mod:`.second_factor`). Success marks the caller's login session as
    proved now and writes ``auth.reauthenticated`` with the method.
    """
    if (password is None) == (code is None):
        msg = "give either password or code"
        raise RuleViolation([msg])
    now = services.clock.now()
    if password is not None:
        _confirm_password(services, principal, password, client or ClientInfo(), now)
    else:
        _confirm_code(services, principal, str(code), now)


def reauthentication_subject(user_id: UUID) -> str:
    """What a user's wrong step-up passwords are counted under (never an email key)."""
    return f"REAUTHENTICATE:{user_id}"


def _confirm_password(
    services: Services, principal: Principal, password: str, client: ClientInfo, now: datetime
) -> None:
    with services.uow() as uow:
        user = load_actor(uow, principal, Role.VIEWER)
        subject = reauthentication_subject(user.id)
        attempt = start_attempt(uow, services.settings.auth, subject, client.ip, now)
        uow.commit()
    if not services.hasher.verify(user.password_hash, password):
        raise InvalidCredentials
    with services.uow() as uow:
        _mark_proved(uow, principal, user, attempt, now, method=PASSWORD_METHOD)
        uow.commit()


def _confirm_code(services: Services, principal: Principal, code: str, now: datetime) -> None:
    with services.uow() as uow:
        user = load_actor(uow, principal, Role.VIEWER)
        attempt = start_code_attempt(uow, services, user.id, now)
        enrolment = uow.two_factor.get(user.id)
        uow.commit()
    with wrong_codes_audited(services, user, now, _PURPOSE), services.uow() as uow:
        used = spend_second_factor(uow, services, enrolment, code, now)
        _mark_proved(uow, principal, user, attempt, now, method=used.value)
        audit_second_factor_used(uow, user, used, now, _PURPOSE)
        uow.commit()


def _mark_proved(  # noqa: PLR0913 - a confirmation settles all of these
    uow: UnitOfWork,
    principal: Principal,
    user: User,
    attempt: Attempt,
    now: datetime,
    *,
    method: str,
) -> None:
    uow.login_sessions.mark_reauthenticated(principal.sid, now)
    forget_failures(uow, attempt)
    uow.audit.append(
        audit.audit_event(
            at=now,
            account_id=user.account_id,
            user_id=user.id,
            action=audit.REAUTHENTICATED,
            resource_type="login_session",
            resource_id=principal.sid,
            details={"method": method},
        )
    )
