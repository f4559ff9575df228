"""The token codec as signed JWTs (PyJWT, HS256 with the server secret).

The codec checks form, signature, type and required claims; it never looks
at a clock. Expiry is the core's decision, made against its clock port, so
``exp``, ``iat`` and ``nbf`` are read as plain numbers here.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Final, Literal
from uuid import UUID

import jwt
from jwt.types import Options

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


class MalformedClaims(ValueError):
    """A signed payload whose claims are not the ones we issue."""


class PyJwtCodec(TokenCodec):
    """Access and refresh tokens as HS256 JWTs with a pinned algorithm list."""

    def __init__(self, secret: str) -> None:
        """Sign and verify with ``secret`` (at least 32 bytes of UTF-8)."""
        key = secret.encode()
        if len(key) < MINIMUM_SECRET_BYTES:
            msg = f"the token secret must be at least {MINIMUM_SECRET_BYTES} bytes long"
            raise ValueError(msg)
        self._key = key

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
        return jwt.encode(payload, self._key, algorithm=ALGORITHM)

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
        return jwt.encode(payload, self._key, algorithm=ALGORITHM)

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
        options: Options = {
            "verify_exp": False,
            "verify_iat": False,
            "verify_nbf": False,
            "require": list(required),
        }
        payload: dict[str, object] = jwt.decode(
            token, self._key, algorithms=[ALGORITHM], options=options
        )
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
