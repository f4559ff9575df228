"""The token codec: JWTs as a hand-framed HS256 JWS, which PyJWT reads and the tests check.

The codec checks form, signature, type and required claims; it never looks
at a clock. Expiry is the core's decision, made against its clock port, so
``exp``, ``iat`` and ``nbf`` are read as plain numbers here.

The compact form (``header.payload.signature``) is framed here rather than by
PyJWT's ``jwt.encode`` / ``jwt.decode`` (or its ``PyJWS``), which cost a
refresh half as much again (docs/benchmarks.md, "What each fast path
buys"). The signature is still PyJWT's ``HMACAlgorithm`` with the key
prepared once, and the tokens are standard JWTs: the tests decode ours with
``jwt.decode`` and feed the codec tokens ``jwt.encode`` signed. Decoding
accepts only what this codec issues: exactly our header (which pins ``alg``
and ``typ``), a canonical signature, and a payload that msgspec reads into
the claims of that kind of token, in the form we issue them.
"""

from __future__ import annotations

import binascii
import functools
import hmac
from collections.abc import Mapping
from typing import Annotated, Final, Literal
from uuid import UUID

import jwt
import msgspec
from jwt.algorithms import HMACAlgorithm
from jwt.utils import base64url_decode, base64url_encode

from decision_core.errors import InvalidAccessToken, InvalidRefreshToken
from decision_core.login.tokens import AccessClaims, RefreshClaims
from decision_core.ports.crypto import TokenCodec
from decision_core.roles import Role

ALGORITHM: Final = "HS256"
# Verified access tokens whose claims are kept, newest first: a few hundred bytes each,
# about 3 MB in all, room for every token a busy worker sees within its lifetime.
REMEMBERED_ACCESS_TOKENS: Final = 4096
# HS256 signs with SHA-256; RFC 7518 section 3.2 asks for a key at least that long.
MINIMUM_SECRET_BYTES: Final = 32


# Payloads and the header are written compactly, in the order given.
_JSON: Final = msgspec.json.Encoder()
# The header of every token we sign, encoded; a token with any other is not ours.
_HEADER: Final = base64url_encode(_JSON.encode({"alg": ALGORITHM, "typ": "JWT"}))
_SEPARATOR: Final = b"."


class _CompactHs256:
    """Sign a JSON object into a compact JWS, and verify one back, with one HS256 key."""

    def __init__(self, key: bytes) -> None:
        self._algorithm = HMACAlgorithm(HMACAlgorithm.SHA256)
        self._key = self._algorithm.prepare_key(key)

    def sign(self, payload: Mapping[str, object]) -> str:
        body = base64url_encode(_JSON.encode(payload))
        signing_input = _HEADER + _SEPARATOR + body
        return (signing_input + _SEPARATOR + self._signature(signing_input)).decode("ascii")

    def verified_payload(self, token: str) -> bytes:
        """The payload (JSON) of a token this key signed; ``jwt.DecodeError`` for anything else."""
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
            return base64url_decode(body)
        except binascii.Error as exc:
            msg = "the payload is not base64url"
            raise jwt.DecodeError(msg) from exc

    def _signature(self, signing_input: bytes) -> bytes:
        return base64url_encode(self._algorithm.sign(signing_input, self._key))


# The claims each kind of token must carry, in the form we issue them. msgspec reads a
# payload straight into these and refuses any other form: a missing claim, a number
# as text, a bool as a number, an unknown role, a null. Claims we do not know are ignored.
_NonEmpty = Annotated[str, msgspec.Meta(min_length=1)]


class _AccessPayload(msgspec.Struct):
    sub: UUID
    sid: UUID
    acc: UUID
    role: Role
    type: Literal["access"]
    iat: int
    exp: int


class _RefreshPayload(msgspec.Struct):
    sub: UUID
    sid: UUID
    jti: _NonEmpty
    type: Literal["refresh"]
    iat: int
    exp: int
    # Absent together from a legacy token; never null.
    auth_time: int | msgspec.UnsetType = msgspec.UNSET
    idle_max: int | msgspec.UnsetType = msgspec.UNSET
    abs_max: int | msgspec.UnsetType = msgspec.UNSET


_ACCESS_PAYLOAD: Final = msgspec.json.Decoder(_AccessPayload)
_REFRESH_PAYLOAD: Final = msgspec.json.Decoder(_RefreshPayload)


class CompactHs256Codec(TokenCodec):
    """Access and refresh tokens as HS256 JWTs, framed by hand (see the module)."""

    def __init__(self, secret: str, *, remember_at_most: int = REMEMBERED_ACCESS_TOKENS) -> None:
        """Sign and verify with ``secret`` (at least 32 bytes of UTF-8).

        The claims of the last ``remember_at_most`` access tokens that
        verified are kept, by the token's exact text (see ``decode_access``).
        """
        key = secret.encode()
        if len(key) < MINIMUM_SECRET_BYTES:
            msg = f"the token secret must be at least {MINIMUM_SECRET_BYTES} bytes long"
            raise ValueError(msg)
        self._jws = _CompactHs256(key)
        self._remembered_access = functools.lru_cache(maxsize=remember_at_most)(
            self._verified_access_claims
        )

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
        """Verify an access token and read its claims, or raise ``InvalidAccessToken``.

        A client sends the same access token with every request for its
        lifetime, and its claims are a function of its text and our key
        alone (this codec never looks at a clock): so the claims of a token
        that verified are remembered, and the same text again is answered
        without a second check. A token that fails is never remembered, so a
        changed byte always meets the full check; the expiry is still
        decided on every request, by the core against its clock.
        """
        return self._remembered_access(token)

    @property
    def remembered_access_tokens(self) -> int:
        """How many verified access tokens' claims are remembered now."""
        return self._remembered_access.cache_info().currsize

    def _verified_access_claims(self, token: str) -> AccessClaims:
        try:
            payload = _ACCESS_PAYLOAD.decode(self._jws.verified_payload(token))
        except (jwt.PyJWTError, msgspec.DecodeError) as exc:
            raise InvalidAccessToken from exc
        return AccessClaims(
            sub=payload.sub,
            sid=payload.sid,
            acc=payload.acc,
            role=payload.role,
            iat=payload.iat,
            exp=payload.exp,
        )

    def decode_refresh(self, token: str) -> RefreshClaims:
        """Verify a refresh token and read its claims, or raise ``InvalidRefreshToken``.

        A legacy token, without any of ``auth_time`` / ``idle_max`` / ``abs_max``,
        reads with those ``None``; one with only some of them is malformed.
        """
        try:
            payload = _REFRESH_PAYLOAD.decode(self._jws.verified_payload(token))
        except (jwt.PyJWTError, msgspec.DecodeError) as exc:
            raise InvalidRefreshToken from exc
        auth_time, idle_max, abs_max = payload.auth_time, payload.idle_max, payload.abs_max
        if auth_time is idle_max is abs_max is msgspec.UNSET:
            return RefreshClaims(
                sub=payload.sub, sid=payload.sid, jti=payload.jti, iat=payload.iat, exp=payload.exp
            )
        if not (
            isinstance(auth_time, int) and isinstance(idle_max, int) and isinstance(abs_max, int)
        ):
            # Some snapshot claims but not all: not a token we issue.
            raise InvalidRefreshToken
        return RefreshClaims(
            sub=payload.sub,
            sid=payload.sid,
            jti=payload.jti,
            iat=payload.iat,
            exp=payload.exp,
            auth_time=auth_time,
            idle_max=idle_max,
            abs_max=abs_max,
        )
