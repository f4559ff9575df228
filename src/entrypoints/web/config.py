"""What the web app needs beyond the use cases' services: its secrets and cookie rules."""

from __future__ import annotations

import hashlib
import hmac
import secrets

import attrs

# Labels the CSRF key apart from the token-signing key it is derived from.
_CSRF_KEY_LABEL = b"decision-tree web csrf v1"


@attrs.frozen
class WebConfig:
    """The web app's settings, the same in every worker of one deployment.

    ``csrf_secret`` signs the double-submit CSRF token, so every worker must
    share it: it is derived from the token-signing secret. ``secure_cookies``
    forces the ``Secure`` attribute; requests over HTTPS get it anyway.
    """

    csrf_secret: str = attrs.field(repr=False)
    secure_cookies: bool = False

    @classmethod
    def from_signing_secret(cls, signing_secret: str, *, secure_cookies: bool) -> WebConfig:
        """The config of a deployment whose tokens are signed with ``signing_secret``."""
        key = hmac.new(signing_secret.encode(), _CSRF_KEY_LABEL, hashlib.sha256).hexdigest()
        return cls(csrf_secret=key, secure_cookies=secure_cookies)

    @classmethod
    def for_one_process(cls) -> WebConfig:
        """A random CSRF key: right for a test or an embedded single-process app only."""
        return cls(csrf_secret=secrets.token_hex(32))
