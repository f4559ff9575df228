"""Time-based one-time passwords (RFC 6238 over RFC 4226): SHA-1, six digits, 30-second steps.

The codes are computed here, with the standard library, so that the rule
that decides whether a code is accepted sees every input: the secret, the
code, the clock and the last step the user already spent. The tests check
these codes against RFC 6238's own vectors and against ``pyotp``.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
from datetime import datetime
from typing import Final
from urllib.parse import quote, urlencode

from decision_core.clock import unix_seconds

DIGITS: Final = 6
PERIOD_SECONDS: Final = 30
# A code of the step before or after the current one is accepted too: phones' clocks drift,
# and a person types a code that was current when they started typing.
WINDOW_STEPS: Final = 1
# RFC 4226's recommended secret length, and what authenticator apps expect.
SECRET_BYTES: Final = 20
ISSUER: Final = "decision-tree"


def hotp(secret: bytes, counter: int, digits: int = DIGITS) -> str:
    """The HMAC-SHA-1 one-time password of ``counter`` (RFC 4226, section 5.3)."""
    digest = hmac.new(secret, counter.to_bytes(8, "big"), hashlib.sha1).digest()
    offset = digest[-1] & 0x0F
    truncated = int.from_bytes(digest[offset : offset + 4], "big") & 0x7FFF_FFFF
    return str(truncated % 10**digits).zfill(digits)


def time_step(moment: datetime) -> int:
    """The RFC 6238 time step ``moment`` falls in: whole periods since the Unix epoch."""
    return unix_seconds(moment) // PERIOD_SECONDS


def totp(secret: bytes, moment: datetime) -> str:
    """The code an authenticator shows at ``moment``."""
    return hotp(secret, time_step(moment))


def looks_like_totp(code: str) -> bool:
    """Whether ``code`` has the shape of a TOTP code: six ASCII digits."""
    return len(code) == DIGITS and code.isascii() and code.isdigit()


def accepted_step(secret: bytes, code: str, now: datetime, last_step: int | None) -> int | None:
    """The step ``code`` is accepted for at ``now``, or ``None`` if it is not accepted.

    Rules: the code must be the code of a step within ``WINDOW_STEPS`` of
    the current one, and that step must come after ``last_step``, the last
    step this user spent: a code is accepted once, and never one older than
    a code already accepted (no replay inside the window). The caller
    records the step it gets back, atomically, as the new ``last_step``.
    Every candidate is compared in constant time.
    """
    code = code.strip()
    if not looks_like_totp(code):
        return None
    current = time_step(now)
    matching = [
        step
        for step in range(current - WINDOW_STEPS, current + WINDOW_STEPS + 1)
        if hmac.compare_digest(hotp(secret, step), code)
    ]
    unspent = [step for step in matching if last_step is None or step > last_step]
    return unspent[0] if unspent else None


def base32_secret(secret: bytes) -> str:
    """The secret as a person types it into an authenticator: base32, without padding."""
    return base64.b32encode(secret).decode("ascii").rstrip("=")


def provisioning_uri(secret: bytes, account_label: str) -> str:
    """The ``otpauth://`` URI an authenticator reads from the enrolment's QR code."""
    label = quote(f"{ISSUER}:{account_label}", safe="@:")
    query = urlencode(
        {
            "secret": base32_secret(secret),
            "issuer": ISSUER,
            "algorithm": "SHA1",
            "digits": DIGITS,
            "period": PERIOD_SECONDS,
        }
    )
    return f"otpauth://totp/{label}?{query}"
