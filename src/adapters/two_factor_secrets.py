"""TOTP secrets derived from stored seeds with a key of the server's own (HMAC-SHA-256).

The database keeps each enrolment's random seed, never its TOTP secret. The
secret is ``HMAC-SHA-256(key, "totp:" + seed)``, cut to 20 bytes, where
``key = HMAC-SHA-256(SECRET_KEY, "decision-tree two-factor secrets")``: a
dump of the database alone cannot produce a single code. Rotating
``SECRET_KEY`` changes every secret, so every member must enrol again
(see docs/decisions.md). The key is a derivation of its own, so the secret
is never used as is for two purposes (it also signs the tokens).
"""

from __future__ import annotations

import hashlib
import hmac
from typing import Final

from decision_core.login.totp import SECRET_BYTES
from decision_core.ports.two_factor import TwoFactorSecrets

_KEY_LABEL: Final = b"decision-tree two-factor secrets"


class HmacTwoFactorSecrets(TwoFactorSecrets):
    """Derives each enrolment's TOTP secret from its seed and the server's signing secret."""

    def __init__(self, signing_secret: str) -> None:
        """Derive the key from ``signing_secret`` (SECRET_KEY) once."""
        self._key = hmac.new(signing_secret.encode(), _KEY_LABEL, hashlib.sha256).digest()

    def secret_for(self, seed: str) -> bytes:
        """The 20-byte TOTP secret of the enrolment with ``seed``."""
        derived = hmac.new(self._key, f"totp:{seed}".encode(), hashlib.sha256).digest()
        return derived[:SECRET_BYTES]
