"""Completing a sign-in with its second factor: the challenge a right password got, and a code."""

from __future__ import annotations

from datetime import datetime
from typing import Final

from decision_core.clock import unix_seconds
from decision_core.errors import InvalidSignInChallenge
from decision_core.identity import User
from decision_core.login.two_factor import SignInChallenge, challenge_token_hash
from decision_core.ports.unit_of_work import UnitOfWork
from decision_core.usecases.context import ClientInfo, Services
from decision_core.usecases.password_attempts import forget_failures
from decision_core.usecases.second_factor import (
    audit_second_factor_used,
    spend_second_factor,
    start_code_attempt,
    wrong_codes_audited,
)
from decision_core.usecases.session_start import (
    StartedSession,
    login_event,
    session_tokens,
    sign_in_member,
    start_session,
)
from decision_core.usecases.token_issuing import IssuedTokens

_PURPOSE: Final = "sign_in"


def open_challenge(uow: UnitOfWork, token: str, now: datetime) -> tuple[SignInChallenge, User]:
    """The open challenge behind ``token`` and its user, or ``InvalidSignInChallenge``.

    Unknown, used, expired (at ``expires_at`` itself) and a user gone since
    all answer the same.
    """
    challenge = uow.sign_in_challenges.get_by_token_hash(challenge_token_hash(token))
    if challenge is None or not challenge.is_open(now):
        raise InvalidSignInChallenge
    user = uow.users.get(challenge.user_id)
    if user is None:
        raise InvalidSignInChallenge
    return challenge, user


def complete_sign_in(services: Services, token: str, code: str, client: ClientInfo) -> IssuedTokens:
    """Finish the sign-in ``token`` stands for with a TOTP or recovery code; the token pair.

    Rules: the challenge must be open, and not one that completes by
    enrolling (else ``InvalidSignInChallenge``). Codes are counted before
    they are checked (see :mod:`.second_factor`); a wrong one raises
    ``InvalidTwoFactorCode``, writes ``auth.two_factor_failed`` and leaves
    the challenge open for another try. A right one spends the code and the
    challenge and starts the login session, all in one transaction, with
    ``auth_time`` = now: ``auth.login`` names the factor, and a recovery
    code also writes ``auth.recovery_code_used``.
    """
    now = services.clock.now()
    with services.uow() as uow:
        challenge, user = open_challenge(uow, token, now)
        if challenge.enrolment_required:
            raise InvalidSignInChallenge  # it completes by enrolling a second factor
        attempt = start_code_attempt(uow, services, user.id, now)
        enrolment = uow.two_factor.get(user.id)
        uow.commit()
    now_s = unix_seconds(now)
    with wrong_codes_audited(services, user, now, _PURPOSE), services.uow() as uow:
        used = spend_second_factor(uow, services, enrolment, code, now)
        started = complete_challenge(uow, services, challenge, client, now)
        forget_failures(uow, attempt)
        uow.audit.append(login_event(started, client, now, second_factor=used.value))
        audit_second_factor_used(uow, started.user, used, now, _PURPOSE)
        uow.commit()
    return session_tokens(services, started, now_s)


def complete_challenge(
    uow: UnitOfWork,
    services: Services,
    challenge: SignInChallenge,
    client: ClientInfo,
    now: datetime,
) -> StartedSession:
    """Spend ``challenge`` and start its user's login session, in the caller's transaction.

    ``InvalidCredentials`` if its user was deactivated; ``InvalidSignInChallenge``
    if another request spent it first, a new password closed it or it expired
    meanwhile. The user's row is held before the challenge's, in the order of
    a password change or deactivation that closes it (see :mod:`.user_sign_ins`):
    the two take turns instead of each waiting for the other.
    """
    now_s = unix_seconds(now)
    # No hash to compare: a new password closed the challenge (D188), checked just below.
    user, account = sign_in_member(uow, challenge.user_id, now_s, checked_hash=None, rehash=None)
    if not uow.sign_in_challenges.use(challenge.id, now):
        raise InvalidSignInChallenge
    return start_session(uow, services, user, account, client=client, now_s=now_s)
