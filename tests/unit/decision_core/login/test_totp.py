"""The core's TOTP against RFC 6238's own vectors and an independent implementation (pyotp)."""

from __future__ import annotations

import base64
from datetime import UTC, datetime, timedelta
from urllib.parse import parse_qs, urlsplit

import pyotp
import pytest
from hypothesis import given

from decision_core.clock import from_unix, unix_seconds
from decision_core.login.totp import (
    DIGITS,
    base32_secret,
    hotp,
    looks_like_totp,
    provisioning_uri,
    time_step,
    totp,
)
from tests.unit.strategies import totp_moments, totp_secrets

# RFC 6238, appendix B: the SHA-1 secret and its eight-digit codes at these Unix times.
RFC_SECRET = b"12345678901234567890"
RFC_VECTORS = [
    (59, "94287082"),
    (1111111109, "07081804"),
    (1111111111, "14050471"),
    (1234567890, "89005924"),
    (2000000000, "69279037"),
    (20000000000, "65353130"),
]


@pytest.mark.parametrize(("unix_time", "code"), RFC_VECTORS)
def test_the_codes_are_those_of_rfc_6238(unix_time: int, code: str) -> None:
    """RFC 6238's SHA-1 vectors, at eight digits as the RFC prints them."""
    step = time_step(from_unix(unix_time))
    assert hotp(RFC_SECRET, step, digits=8) == code


@pytest.mark.parametrize(("unix_time", "code"), RFC_VECTORS)
def test_six_digit_codes_are_the_last_six_of_the_rfcs(unix_time: int, code: str) -> None:
    """The six digits an authenticator shows are the RFC's eight, modulo 10^6."""
    assert totp(RFC_SECRET, from_unix(unix_time)) == code[-DIGITS:]


@given(totp_secrets(), totp_moments())
def test_the_codes_are_pyotps(secret: bytes, moment: datetime) -> None:
    """An independent implementation computes the same code at every instant."""
    reference = pyotp.TOTP(base32_secret(secret))
    assert totp(secret, moment) == reference.at(unix_seconds(moment))


@given(totp_secrets())
def test_the_secret_as_text_decodes_to_the_secret(secret: bytes) -> None:
    """Base32 without padding, as authenticators take it, is the same 20 bytes."""
    text = base32_secret(secret)
    assert "=" not in text
    assert base64.b32decode(text + "=" * (-len(text) % 8)) == secret


def test_the_provisioning_uri_is_read_by_an_authenticator_library() -> None:
    """An authenticator library (pyotp) reads the same secret, issuer, account and codes."""
    uri = provisioning_uri(RFC_SECRET, "ada+ops@example.com")
    parsed = pyotp.parse_uri(uri)
    assert isinstance(parsed, pyotp.TOTP)
    assert parsed.issuer == "decision-tree"
    assert parsed.name == "ada+ops@example.com"
    assert (parsed.digits, parsed.interval) == (6, 30)
    moment = datetime(2026, 12, 4, 10, 0, tzinfo=UTC)
    assert parsed.at(unix_seconds(moment)) == totp(RFC_SECRET, moment)
    query = parse_qs(urlsplit(uri).query)
    assert query["algorithm"] == ["SHA1"]


def test_a_step_is_thirty_seconds_from_the_epoch() -> None:
    """Seconds 0-29 are step 0, 30 is step 1; microseconds never move a step."""
    epoch = from_unix(0)
    assert time_step(epoch + timedelta(seconds=29, microseconds=999_999)) == 0
    assert time_step(epoch + timedelta(seconds=30)) == 1


@pytest.mark.parametrize(
    ("code", "shape"),
    [
        ("123456", True),
        ("12345", False),
        ("1234567", False),
        ("12345a", False),
        ("\uff11\uff12\uff13\uff14\uff15\uff16", False),
    ],
)
def test_only_six_ascii_digits_look_like_a_code(code: str, shape: bool) -> None:  # noqa: FBT001
    """Full-width digits are digits to Python, not to an authenticator."""
    assert looks_like_totp(code) is shape
