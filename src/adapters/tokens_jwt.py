"""The token codec as signed JWTs (HS256 with the server secret, signed by PyJWT's HMAC).

The codec checks form, signature, type and required claims; it never looks
at a clock. Expiry is the core's decision, made against its clock port, so
``exp``, ``iat`` and ``nbf`` are read as plain numbers here.

The compact form (``header.payload.signature``) is framed here rather than by
``jwt.encode`` / ``jwt.decode``: their framing checks each character of a
token in Python and prepares the key on every call, about 60 µs a decode
and 36 µs an encode on our machines, a sixth of a whole refresh. The
signature is still PyJWT's ``HMACAlgorithm`` with the key prepared once, and
the tokens are standard JWTs that PyJWT reads (the tests check both ways).
Decoding accepts only what this codec issues: exactly our header (which pins
``alg`` and ``typ``), a canonical signature, and a JSON object as payload.
"""

from __future__ import annotations

import binascii
import hmac
import json
from collections.abc import Mapping
from typing import Final, Literal
from uuid import UUID

import jwt
from jwt.algorithms import HMACAlgorithm
from jwt.utils import base64url_decode, base64url_encode

from decision_core.errors import InvalidAccessToken, InvalidRefreshToken
from decision_core.ports import TokenCodec
from decision_core.roles import Role
from decision_core.tokens import AccessClaims, RefreshClaims

ALGORITHM: Final = "HS256"
# HS256 signs with SHA-256; RFC 7518 section 3.2 asks for a key at least that long.
MINIMUM_SECRET_BYTES: Final = 32

ACCESS_CLAIMS: Final = ("sub", "sid", "acc", "role", "type", "iat", "exp")
REFRESH_CLAIMS: Final = ("sub", "sid", "jti", "type", "iat", "exp")
# Absent together from a legacy refresh token, present together from a current one.
SNAPSHOT_CLAIMS: Final = ("auth_time", "idle_max", "abs_max")


# The header of every token we sign, encoded; a token with any other is not ours.
_HEADER: Final = base64url_encode(
    json.dumps({"alg": ALGORITHM, "typ": "JWT"}, separators=(",", ":")).encode()
)
_SEPARATOR: Final = b"."


class MalformedClaims(ValueError):
    """A signed payload whose claims are not the ones we issue."""


class _CompactHs256:
    """Sign a JSON object into a compact JWS, and verify one back, with one HS256 key."""

    def __init__(self, key: bytes) -> None:
        self._algorithm = HMACAlgorithm(HMACAlgorithm.SHA256)
        self._key = self._algorithm.prepare_key(key)

    def sign(self, payload: Mapping[str, object]) -> str:
        body = base64url_encode(json.dumps(payload, separators=(",", ":")).encode())
        signing_input = _HEADER + _SEPARATOR + body
        return (signing_input + _SEPARATOR + self._signature(signing_input)).decode("ascii")

    def verify(self, token: str) -> dict[str, object]:
        """The payload of a token this key signed; ``jwt.DecodeError`` for anything else."""
        try:
            header, body, signature = token.encode("ascii").split(_SEPARATOR)
        except (UnicodeEncodeError, ValueError) as exc:
            msg = "not a compact JWS of three segments"
            raise jwt.DecodeError(msg) from exc
        if header != _HEADER:
            msg = "not a header this codec writes"
            raise jwt.InvalidAlgorithmError(msg)
        # The signature is checked before the payload is even decoded.
        if not hmac.compare_digest(signature, self._signature(header + _SEPARATOR + body)):
            msg = "signature verification failed"
            raise jwt.InvalidSignatureError(msg)
        try:
            payload = json.loads(base64url_decode(body))
        except (binascii.Error, ValueError) as exc:
            msg = "the payload is not JSON"
            raise jwt.DecodeError(msg) from exc
        if not isinstance(payload, dict):
            msg = "the payload is not a JSON object"
            raise jwt.DecodeError(msg)
        return payload

    def _signature(self, signing_input: bytes) -> bytes:
        return base64url_encode(self._algorithm.sign(signing_input, self._key))


class PyJwtCodec(TokenCodec):
    """Access and refresh tokens as HS256 JWTs with a pinned algorithm list."""

    def __init__(self, secret: str) -> None:
        """Sign and verify with ``secret`` (at least 32 bytes of UTF-8)."""
        key = secret.encode()
        if len(key) < MINIMUM_SECRET_BYTES:
            msg = f"the token secret must be at least {MINIMUM_SECRET_BYTES} bytes long"
            raise ValueError(msg)
        self._jws = _CompactHs256(key)

    def encode_access(self, claims: AccessClaims) -> str:
        """Sign an access token carrying ``type="access"``."""
        payload = {
            "sub": str(claims.sub),
            "sid": str(claims.sid),
            "acc": str(claims.acc),
            "role": claims.role.value,
            "type": "access",
            "iat": claims.iat,
            "exp": claims.exp,
        }
        return self._jws.sign(payload)

    def encode_refresh(self, claims: RefreshClaims) -> str:
        """Sign a refresh token; a legacy one (no snapshot) omits the snapshot claims."""
        payload: dict[str, object] = {
            "sub": str(claims.sub),
            "sid": str(claims.sid),
            "jti": claims.jti,
            "type": "refresh",
            "iat": claims.iat,
            "exp": claims.exp,
        }
        snapshot = claims.snapshot
        if snapshot is not None:
            payload |= {
                "auth_time": snapshot.auth_time,
                "idle_max": snapshot.idle_max,
                "abs_max": snapshot.abs_max,
            }
        return self._jws.sign(payload)

    def decode_access(self, token: str) -> AccessClaims:
        """Verify an access token and read its claims, or raise ``InvalidAccessToken``."""
        try:
            payload = self._verified_payload(token, "access", ACCESS_CLAIMS)
            return AccessClaims(
                sub=_uuid(payload, "sub"),
                sid=_uuid(payload, "sid"),
                acc=_uuid(payload, "acc"),
                role=Role(payload["role"]),
                iat=_seconds(payload, "iat"),
                exp=_seconds(payload, "exp"),
            )
        except (jwt.PyJWTError, ValueError) as exc:
            raise InvalidAccessToken from exc

    def decode_refresh(self, token: str) -> RefreshClaims:
        """Verify a refresh token and read its claims, or raise ``InvalidRefreshToken``.

        A legacy token, without any of ``auth_time`` / ``idle_max`` / ``abs_max``,
        reads with those ``None``; one with only some of them is malformed.
        """
        try:
            payload = self._verified_payload(token, "refresh", REFRESH_CLAIMS)
            present = [name for name in SNAPSHOT_CLAIMS if name in payload]
            if present and len(present) != len(SNAPSHOT_CLAIMS):
                msg = "a refresh token carries all of auth_time, idle_max, abs_max or none"
                raise MalformedClaims(msg)
            return RefreshClaims(
                sub=_uuid(payload, "sub"),
                sid=_uuid(payload, "sid"),
                jti=_text(payload, "jti"),
                iat=_seconds(payload, "iat"),
                exp=_seconds(payload, "exp"),
                auth_time=_seconds(payload, "auth_time") if present else None,
                idle_max=_seconds(payload, "idle_max") if present else None,
                abs_max=_seconds(payload, "abs_max") if present else None,
            )
        except (jwt.PyJWTError, ValueError) as exc:
            raise InvalidRefreshToken from exc

    def _verified_payload(
        self, token: str, expected_type: Literal["access", "refresh"], required: tuple[str, ...]
    ) -> dict[str, object]:
        # Time claims are the core's to judge, against its clock: never checked here.
        payload = self._jws.verify(token)
        missing = [name for name in required if name not in payload]
        if missing:
            msg = f"missing claims: {', '.join(missing)}"
            raise MalformedClaims(msg)
        if payload["type"] != expected_type:
            msg = f"expected a token of type {expected_type}"
            raise MalformedClaims(msg)
        return payload


def _uuid(payload: Mapping[str, object], name: str) -> UUID:
    return UUID(_text(payload, name))


def _text(payload: Mapping[str, object], name: str) -> str:
    value = payload[name]
    if not isinstance(value, str) or not value:
        msg = f"claim {name} must be a non-empty string"
        raise MalformedClaims(msg)
    return value


def _seconds(payload: Mapping[str, object], name: str) -> int:
    value = payload[name]
    # bool is an int subclass; a JSON true is no timestamp.
    if not isinstance(value, int) or isinstance(value, bool):
        msg = f"claim {name} must be whole seconds"
        raise MalformedClaims(msg)
    return value
