"""A user's second factor: the TOTP enrolment, its recovery codes, and sign-in challenges.

No secret is stored as the person sees it. An enrolment keeps a random
*seed*, from which an adapter derives the TOTP secret with the server's key
(:class:`~decision_core.ports.two_factor.TwoFactorSecrets`), so a copy of the
database alone cannot produce codes. Recovery codes and challenges are kept
only as SHA-256 hashes, like invite codes.
"""

from __future__ import annotations

import hashlib
import secrets
from collections.abc import Sequence
from datetime import datetime, timedelta
from typing import Final
from uuid import UUID, uuid4

import attrs

RECOVERY_CODE_COUNT: Final = 10
# 31 letters and digits that cannot be misread for one another (no 0/o, 1/l/i).
RECOVERY_ALPHABET: Final = "abcdefghjkmnpqrstuvwxyz23456789"
# Twelve of them, about 59 bits: shown in three groups of four.
RECOVERY_CODE_LENGTH: Final = 12
RECOVERY_GROUP: Final = 4
CHALLENGE_LIFETIME: Final = timedelta(minutes=5)


@attrs.frozen
class TwoFactorEnrolment:
    """A user's TOTP enrolment: pending until a first code confirms it.

    ``last_step`` is the last time step a code was accepted for: no code of
    that step or an earlier one is accepted again.
    """

    user_id: UUID
    seed: str = attrs.field(repr=False)
    created_at: datetime
    confirmed_at: datetime | None = None
    last_step: int | None = None

    @property
    def is_active(self) -> bool:
        """Confirmed: sign-ins of this user need a second factor."""
        return self.confirmed_at is not None


def new_enrolment(user_id: UUID, now: datetime) -> TwoFactorEnrolment:
    """A pending enrolment with a fresh random seed."""
    return TwoFactorEnrolment(user_id=user_id, seed=secrets.token_hex(20), created_at=now)


def new_recovery_codes() -> list[str]:
    """Ten fresh recovery codes, as shown to the person once (``abcd-efgh-jkmn``)."""
    return [_grouped(_random_recovery_code()) for _ in range(RECOVERY_CODE_COUNT)]


def _random_recovery_code() -> str:
    return "".join(secrets.choice(RECOVERY_ALPHABET) for _ in range(RECOVERY_CODE_LENGTH))


def _grouped(code: str) -> str:
    return "-".join(code[i : i + RECOVERY_GROUP] for i in range(0, len(code), RECOVERY_GROUP))


def normalised_recovery_code(code: str) -> str | None:
    """The code without dashes, spaces and case, or ``None`` if it cannot be a recovery code."""
    bare = "".join(code.split()).replace("-", "").lower()
    if len(bare) != RECOVERY_CODE_LENGTH or not set(bare) <= set(RECOVERY_ALPHABET):
        return None
    return bare


def recovery_code_hash(user_id: UUID, code: str) -> str:
    """The stored form of one of ``user_id``'s recovery codes (already normalised).

    Salted with the user's id, so one table of hashes serves one user only.
    """
    return hashlib.sha256(f"{user_id}:{code}".encode()).hexdigest()


def hashed_recovery_codes(user_id: UUID, codes: Sequence[str]) -> list[str]:
    """The stored form of ``user_id``'s recovery codes, as :func:`new_recovery_codes` made them."""
    return [recovery_code_hash(user_id, code.replace("-", "")) for code in codes]


def challenge_token_hash(token: str) -> str:
    """The stored form of a sign-in challenge."""
    return hashlib.sha256(token.encode()).hexdigest()


@attrs.frozen
class SignInChallenge:
    """A password that was right, waiting for its second factor; single use, short-lived.

    ``enrolment_required``: the user has no second factor but the account
    requires one, so the challenge is completed by enrolling. ``used_at``:
    when it was spent, by the sign-in it completed or, unused, by a change
    that ended the user's sign-ins (a new password, a deactivation).
    """

    id: UUID
    user_id: UUID
    token_hash: str = attrs.field(repr=False)
    created_at: datetime
    expires_at: datetime
    enrolment_required: bool = False
    used_at: datetime | None = None

    def is_open(self, now: datetime) -> bool:
        """Unused and unexpired: expired at ``expires_at`` itself, not after it."""
        return self.used_at is None and now < self.expires_at


@attrs.frozen
class IssuedChallenge:
    """A new challenge and the token the client completes it with (shown once)."""

    challenge: SignInChallenge
    token: str = attrs.field(repr=False)


def new_challenge(user_id: UUID, now: datetime, *, enrolment_required: bool) -> IssuedChallenge:
    """A challenge for ``user_id`` that expires ``CHALLENGE_LIFETIME`` after ``now``."""
    token = secrets.token_urlsafe(32)
    challenge = SignInChallenge(
        id=uuid4(),
        user_id=user_id,
        token_hash=challenge_token_hash(token),
        created_at=now,
        expires_at=now + CHALLENGE_LIFETIME,
        enrolment_required=enrolment_required,
    )
    return IssuedChallenge(challenge=challenge, token=token)


def second_factor_needed(enrolment: TwoFactorEnrolment | None, *, required: bool) -> bool:
    """Whether a right password is not enough: the user enrolled, or the account requires it."""
    return required or (enrolment is not None and enrolment.is_active)
