"""Enrolling a second factor: a TOTP secret to scan, then a first code that confirms it.

A signed-in user enrols for themselves. A member of an account that
requires two factors, signing in without one, holds a sign-in challenge
instead of tokens (``enrolment_required``); the same two steps accept that
challenge, and the confirmation completes the sign-in.
"""

from __future__ import annotations

from datetime import datetime
from typing import Final, TypeAlias

import attrs

from decision_core import audit
from decision_core.clock import unix_seconds
from decision_core.errors import InvalidTwoFactorCode, NoPendingEnrolment, TwoFactorAlreadyEnabled
from decision_core.identity import User
from decision_core.login.totp import accepted_step, base32_secret, provisioning_uri
from decision_core.login.two_factor import (
    SignInChallenge,
    TwoFactorEnrolment,
    hashed_recovery_codes,
    new_enrolment,
    new_recovery_codes,
)
from decision_core.ports.unit_of_work import UnitOfWork
from decision_core.roles import Role
from decision_core.usecases.context import ClientInfo, Principal, Services, load_actor
from decision_core.usecases.password_attempts import forget_failures
from decision_core.usecases.second_factor import start_code_attempt, wrong_codes_audited
from decision_core.usecases.session_start import StartedSession, login_event, session_tokens
from decision_core.usecases.token_issuing import IssuedTokens
from decision_core.usecases.two_factor_signin import complete_challenge, open_challenge

_PURPOSE: Final = "enrolment"


@attrs.frozen
class ByChallenge:
    """Someone signing in to an account that requires two factors, enrolling on the way."""

    token: str = attrs.field(repr=False)
    client: ClientInfo = attrs.field(factory=ClientInfo)


Enroller: TypeAlias = Principal | ByChallenge
"""Who enrols: a signed-in user, or the holder of a sign-in challenge."""


@attrs.frozen
class PendingEnrolment:
    """What an authenticator needs: the secret as text and as an ``otpauth://`` URI."""

    secret: str = attrs.field(repr=False)
    otpauth_uri: str = attrs.field(repr=False)


@attrs.frozen
class ConfirmedEnrolment:
    """Two-factor sign-in is on: the recovery codes (shown this once) and, by challenge, tokens."""

    recovery_codes: tuple[str, ...] = attrs.field(repr=False)
    tokens: IssuedTokens | None = None


def start_enrolment(services: Services, enroller: Enroller) -> PendingEnrolment:
    """A new pending enrolment for the enroller, replacing a pending one; not active yet.

    Rules: a user whose two-factor sign-in is on gets ``TwoFactorAlreadyEnabled``
    (turn it off first); a challenge must be open (``InvalidSignInChallenge``).
    """
    now = services.clock.now()
    with services.uow() as uow:
        user, _ = _enrolling_user(uow, enroller, now)
        uow.users.get(user.id, for_update=True)  # one user's enrolments take turns
        enrolment = new_enrolment(user.id, now)
        if not uow.two_factor.start(enrolment):
            raise TwoFactorAlreadyEnabled
        uow.commit()
    return _pending(services, enrolment, user)


def _pending(services: Services, enrolment: TwoFactorEnrolment, user: User) -> PendingEnrolment:
    secret = services.two_factor_secrets.secret_for(enrolment.seed)
    return PendingEnrolment(base32_secret(secret), provisioning_uri(secret, user.email))


def pending_enrolment(services: Services, enroller: Enroller) -> PendingEnrolment | None:
    """The enroller's pending enrolment again (its secret derived anew), or ``None``.

    For a page shown again before the first code confirmed it: the secret is
    never stored, only the seed it is derived from. Errors as
    :func:`start_enrolment`'s, except that nothing is written.
    """
    now = services.clock.now()
    with services.uow() as uow:
        user, _ = _enrolling_user(uow, enroller, now)
        enrolment = uow.two_factor.get(user.id)
    if enrolment is None or enrolment.is_active:
        return None
    return _pending(services, enrolment, user)


def confirm_enrolment(services: Services, enroller: Enroller, code: str) -> ConfirmedEnrolment:
    """Turn two-factor sign-in on with a first code from the pending enrolment's secret.

    Rules: codes are counted like every second factor's (see
    :mod:`.second_factor`); a wrong one raises ``InvalidTwoFactorCode`` and
    writes ``auth.two_factor_failed``. Without a pending enrolment (or after
    a newer one replaced it) ``NoPendingEnrolment``. The code's step is
    spent, ten new recovery codes replace any earlier ones (stored hashed,
    returned once) and ``auth.two_factor_enabled`` is written. By challenge,
    the same transaction spends the challenge and starts the login session.
    """
    now = services.clock.now()
    with services.uow() as uow:
        user, challenge = _enrolling_user(uow, enroller, now)
        attempt = start_code_attempt(uow, services, user.id, now)
        enrolment = uow.two_factor.get(user.id)
        uow.commit()
    if enrolment is None or enrolment.is_active:
        raise TwoFactorAlreadyEnabled if enrolment is not None else NoPendingEnrolment
    codes = tuple(new_recovery_codes())
    client = enroller.client if isinstance(enroller, ByChallenge) else ClientInfo()
    with wrong_codes_audited(services, user, now, _PURPOSE), services.uow() as uow:
        _activate(uow, services, enrolment, code, now)
        uow.two_factor.replace_recovery_codes(user.id, hashed_recovery_codes(user.id, codes))
        forget_failures(uow, attempt)
        uow.audit.append(_enabled(user, now))
        started = None if challenge is None else _sign_in(uow, services, challenge, client, now)
        uow.commit()
    tokens = None if started is None else session_tokens(services, started, unix_seconds(now))
    return ConfirmedEnrolment(codes, tokens)


def _sign_in(
    uow: UnitOfWork,
    services: Services,
    challenge: SignInChallenge,
    client: ClientInfo,
    now: datetime,
) -> StartedSession:
    """The sign-in an enrolment by challenge completes, in the enrolment's transaction."""
    started = complete_challenge(uow, services, challenge, client, now)
    uow.audit.append(login_event(started, client, now, second_factor="enrolment"))
    return started


def _activate(
    uow: UnitOfWork, services: Services, enrolment: TwoFactorEnrolment, code: str, now: datetime
) -> None:
    secret = services.two_factor_secrets.secret_for(enrolment.seed)
    step = accepted_step(secret, code, now, None)
    if step is None:
        raise InvalidTwoFactorCode
    if not uow.two_factor.activate(enrolment.user_id, enrolment.seed, now, step):
        raise NoPendingEnrolment


def _enrolling_user(
    uow: UnitOfWork, enroller: Enroller, now: datetime
) -> tuple[User, SignInChallenge | None]:
    """The user who enrols, and the challenge they enrol by (``None`` for a signed-in user)."""
    if isinstance(enroller, Principal):
        return load_actor(uow, enroller, Role.VIEWER), None
    challenge, user = open_challenge(uow, enroller.token, now)
    return user, challenge


def _enabled(user: User, now: datetime) -> audit.AuditEvent:
    return audit.audit_event(
        at=now,
        account_id=user.account_id,
        user_id=user.id,
        action=audit.TWO_FACTOR_ENABLED,
        resource_type="user",
        resource_id=user.id,
    )
