"""In-memory two-factor enrolments, recovery codes and sign-in challenges."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from uuid import UUID

import attrs

from adapters.memory.store import Tables
from decision_core.login.two_factor import SignInChallenge, TwoFactorEnrolment
from decision_core.ports.two_factor import SignInChallengeRepository, TwoFactorRepository


class MemoryTwoFactor(TwoFactorRepository):
    """Enrolments keyed by user, recovery codes keyed by (user, code hash)."""

    def __init__(self, tables: Tables) -> None:
        """Work on ``tables``."""
        self._tables = tables

    def get(self, user_id: UUID) -> TwoFactorEnrolment | None:
        """The user's enrolment, or ``None``."""
        return self._tables.two_factor.get(user_id)

    def start(self, enrolment: TwoFactorEnrolment) -> bool:
        """Store a pending enrolment unless an active one is there."""
        stored = self._tables.two_factor.get(enrolment.user_id)
        if stored is not None and stored.is_active:
            return False
        self._tables.two_factor[enrolment.user_id] = enrolment
        return True

    def activate(self, user_id: UUID, seed: str, at: datetime, step: int) -> bool:
        """Confirm the pending enrolment of ``seed``, if it is still the user's."""
        stored = self._tables.two_factor.get(user_id)
        if stored is None or stored.is_active or stored.seed != seed:
            return False
        self._tables.two_factor[user_id] = attrs.evolve(stored, confirmed_at=at, last_step=step)
        return True

    def spend_step(self, user_id: UUID, step: int) -> bool:
        """Record ``step`` if it is later than the last spent one."""
        stored = self._tables.two_factor.get(user_id)
        if stored is None or not stored.is_active:
            return False
        if stored.last_step is not None and step <= stored.last_step:
            return False
        self._tables.two_factor[user_id] = attrs.evolve(stored, last_step=step)
        return True

    def remove(self, user_id: UUID) -> bool:
        """Forget the enrolment and the recovery codes."""
        self._forget_recovery_codes(user_id)
        return self._tables.two_factor.pop(user_id, None) is not None

    def replace_recovery_codes(self, user_id: UUID, code_hashes: Sequence[str]) -> None:
        """Forget the user's codes, then store these unused."""
        self._forget_recovery_codes(user_id)
        for code_hash in code_hashes:
            self._tables.recovery_codes[user_id, code_hash] = None

    def use_recovery_code(self, user_id: UUID, code_hash: str, at: datetime) -> bool:
        """Mark the code used unless it is unknown or used."""
        key = (user_id, code_hash)
        if key not in self._tables.recovery_codes or self._tables.recovery_codes[key] is not None:
            return False
        self._tables.recovery_codes[key] = at
        return True

    def recovery_codes_left(self, user_id: UUID) -> int:
        """The user's unused codes."""
        return sum(
            1
            for (owner, _), used_at in self._tables.recovery_codes.items()
            if owner == user_id and used_at is None
        )

    def _forget_recovery_codes(self, user_id: UUID) -> None:
        codes = self._tables.recovery_codes
        for key in [key for key in codes if key[0] == user_id]:
            del codes[key]


class MemorySignInChallenges(SignInChallengeRepository):
    """Challenges in a dict."""

    def __init__(self, tables: Tables) -> None:
        """Work on ``tables``."""
        self._tables = tables

    def add(self, challenge: SignInChallenge) -> None:
        """Store a new challenge."""
        self._tables.sign_in_challenges[challenge.id] = challenge

    def get_by_token_hash(self, token_hash: str) -> SignInChallenge | None:
        """The challenge with this token hash."""
        return next(
            (c for c in self._tables.sign_in_challenges.values() if c.token_hash == token_hash),
            None,
        )

    def use(self, challenge_id: UUID, now: datetime) -> bool:
        """Spend the challenge if it is open at ``now``."""
        challenge = self._tables.sign_in_challenges.get(challenge_id)
        if challenge is None or not challenge.is_open(now):
            return False
        self._tables.sign_in_challenges[challenge_id] = attrs.evolve(challenge, used_at=now)
        return True

    def close_open_for(self, user_id: UUID, now: datetime) -> int:
        """Spend each of the user's challenges that is open at ``now``."""
        challenges = self._tables.sign_in_challenges
        closing = [c for c in challenges.values() if c.user_id == user_id and c.is_open(now)]
        for challenge in closing:
            challenges[challenge.id] = attrs.evolve(challenge, used_at=now)
        return len(closing)
