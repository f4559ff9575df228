"""The password-reset port: the tokens of reset links, found by their hash."""

from __future__ import annotations

from datetime import datetime
from typing import Protocol
from uuid import UUID

from decision_core.password_reset import PasswordResetToken


class PasswordResetTokenRepository(Protocol):
    """Reset tokens; only their SHA-256 is stored."""

    def add(self, token: PasswordResetToken) -> None:
        """Store a new token."""
        ...

    def get_by_hash(self, token_hash: str) -> PasswordResetToken | None:
        """The token with this hash, or ``None``."""
        ...

    def spend(self, token_id: UUID, now: datetime) -> bool:
        """Atomically mark an unspent token spent at ``now``; ``False`` if someone was first."""
        ...

    def spend_all_of(self, user_id: UUID, now: datetime) -> int:
        """Mark every unspent token of the user spent at ``now``; how many."""
        ...
