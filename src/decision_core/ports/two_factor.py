"""The two-factor ports: enrolments and recovery codes, sign-in challenges, and TOTP secrets."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Protocol
from uuid import UUID

from decision_core.login.two_factor import SignInChallenge, TwoFactorEnrolment


class TwoFactorSecrets(Protocol):
    """Turns a stored enrolment seed into the TOTP secret, with a key the database lacks."""

    def secret_for(self, seed: str) -> bytes:
        """The TOTP secret of an enrolment with this seed; the same seed gives the same secret."""
        ...


class TwoFactorRepository(Protocol):
    """Each user's TOTP enrolment (at most one) and recovery codes (hashes only)."""

    def get(self, user_id: UUID) -> TwoFactorEnrolment | None:
        """The user's enrolment, pending or active, or ``None``."""
        ...

    def start(self, enrolment: TwoFactorEnrolment) -> bool:
        """Store a pending enrolment in place of the user's pending one, if any.

        ``False``, writing nothing, when the user's enrolment is active.
        """
        ...

    def activate(self, user_id: UUID, seed: str, at: datetime, step: int) -> bool:
        """Confirm the user's pending enrolment of ``seed``, its code of ``step`` spent.

        ``False`` if there is no such pending enrolment (confirmed already,
        or replaced by a newer one): of concurrent confirmations one wins.
        """
        ...

    def spend_step(self, user_id: UUID, step: int) -> bool:
        """Record ``step`` as the user's last spent one if it is later than the stored one.

        One conditional write: of concurrent uses of one code, exactly one is
        accepted, on every database and across processes.
        """
        ...

    def remove(self, user_id: UUID) -> bool:
        """Delete the user's enrolment and recovery codes; whether there was an enrolment."""
        ...

    def replace_recovery_codes(self, user_id: UUID, code_hashes: Sequence[str]) -> None:
        """Make ``code_hashes`` the user's recovery codes, forgetting every earlier one."""
        ...

    def use_recovery_code(self, user_id: UUID, code_hash: str, at: datetime) -> bool:
        """Spend an unused recovery code of the user; ``False`` if it is unknown or used.

        One conditional write: a code is used once, however many try at once.
        """
        ...

    def recovery_codes_left(self, user_id: UUID) -> int:
        """How many of the user's recovery codes are unused."""
        ...


class SignInChallengeRepository(Protocol):
    """Challenges between a right password and its second factor (token hashes only)."""

    def add(self, challenge: SignInChallenge) -> None:
        """Store a new challenge."""
        ...

    def get_by_token_hash(self, token_hash: str) -> SignInChallenge | None:
        """The challenge with this token hash, or ``None``."""
        ...

    def use(self, challenge_id: UUID, now: datetime) -> bool:
        """Spend the challenge if it is still open at ``now``; ``False`` if not (one wins)."""
        ...

    def close_open_for(self, user_id: UUID, now: datetime) -> int:
        """Spend every challenge of the user still open at ``now``, unused; how many.

        One set-based write: a challenge spent so can never be completed,
        whatever the clock says later, and an immediate repeat closes 0.
        """
        ...
