"""Password-reset tokens in memory."""

from __future__ import annotations

from datetime import datetime
from uuid import UUID

import attrs

from adapters.memory.store import Tables
from decision_core.password_reset import PasswordResetToken
from decision_core.ports.password_reset import PasswordResetTokenRepository


class MemoryPasswordResetTokens(PasswordResetTokenRepository):
    """Reset tokens in a dict."""

    def __init__(self, tables: Tables) -> None:
        """Work on ``tables``."""
        self._tables = tables

    def add(self, token: PasswordResetToken) -> None:
        """Store a new token."""
        self._tables.password_reset_tokens[token.id] = token

    def get_by_hash(self, token_hash: str) -> PasswordResetToken | None:
        """The token with this hash."""
        tokens = self._tables.password_reset_tokens.values()
        return next((t for t in tokens if t.token_hash == token_hash), None)

    def spend(self, token_id: UUID, now: datetime) -> bool:
        """Spend it unless it is spent already."""
        token = self._tables.password_reset_tokens.get(token_id)
        if token is None or token.used_at is not None:
            return False
        self._tables.password_reset_tokens[token_id] = attrs.evolve(token, used_at=now)
        return True

    def spend_all_of(self, user_id: UUID, now: datetime) -> int:
        """Spend every unspent token of the user."""
        unspent = [
            t
            for t in self._tables.password_reset_tokens.values()
            if t.user_id == user_id and t.used_at is None
        ]
        for token in unspent:
            self._tables.password_reset_tokens[token.id] = attrs.evolve(token, used_at=now)
        return len(unspent)
