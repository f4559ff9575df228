"""CompactHs256Codec: HS256 JWTs that PyJWT reads and writes alike; required claims, no clock."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any
from uuid import uuid4

import attrs
import jwt
import pytest

from adapters.tokens_jwt import CompactHs256Codec
from decision_core.errors import InvalidAccessToken, InvalidRefreshToken
from decision_core.login.tokens import AccessClaims, RefreshClaims
from decision_core.roles import Role
from tests.unit.entrypoints.http.wire import SECRET, signed

ACCESS = AccessClaims(sub=uuid4(), sid=uuid4(), acc=uuid4(), role=Role.ADMIN, iat=100, exp=400)
REFRESH = RefreshClaims(
    sub=uuid4(), sid=uuid4(), jti="j1", iat=100, exp=200, auth_time=50, idle_max=100, abs_max=900
)


@pytest.fixture
def codec() -> CompactHs256Codec:
    """The codec under test, with the shared test secret."""
    return CompactHs256Codec(SECRET)


def payload(token: str) -> dict[str, Any]:
    """The raw claims, unverified in time."""
    decoded: dict[str, Any] = jwt.decode(
        token, SECRET, algorithms=["HS256"], options={"verify_exp": False, "verify_iat": False}
    )
    return decoded


def test_access_claims_round_trip(codec: CompactHs256Codec) -> None:
    """What is encoded decodes unchanged, with type=access on the wire."""
    token = codec.encode_access(ACCESS)
    assert codec.decode_access(token) == ACCESS
    assert payload(token)["type"] == "access"
    assert jwt.get_unverified_header(token)["alg"] == "HS256"


def test_refresh_claims_round_trip(codec: CompactHs256Codec) -> None:
    """Including the snapshot claims."""
    token = codec.encode_refresh(REFRESH)
    assert codec.decode_refresh(token) == REFRESH
    assert payload(token)["type"] == "refresh"


def test_pyjwt_and_the_codec_read_each_others_tokens(codec: CompactHs256Codec) -> None:
    """Framed by hand, but a standard JWS: PyJWT reads ours, and we read what PyJWT signs."""
    ours = codec.encode_refresh(REFRESH)
    theirs = jwt.encode(payload(ours), SECRET, algorithm="HS256")
    assert theirs == ours  # the same header, claims in the same order, the same signature
    assert codec.decode_refresh(theirs) == REFRESH
    access = jwt.encode(payload(codec.encode_access(ACCESS)), SECRET, algorithm="HS256")
    assert codec.decode_access(access) == ACCESS


def test_a_legacy_refresh_token_decodes_without_a_snapshot(codec: CompactHs256Codec) -> None:
    """No auth_time/idle_max/abs_max: those read as None."""
    legacy = RefreshClaims(sub=uuid4(), sid=uuid4(), jti="j0", iat=100, exp=200)
    token = codec.encode_refresh(legacy)
    assert set(payload(token)) == {"sub", "sid", "jti", "type", "iat", "exp"}
    decoded = codec.decode_refresh(token)
    assert decoded == legacy
    assert decoded.snapshot is None


def test_a_partial_snapshot_is_malformed(codec: CompactHs256Codec) -> None:
    """All three snapshot claims, or none."""
    claims = payload(codec.encode_refresh(REFRESH))
    del claims["abs_max"]
    with pytest.raises(InvalidRefreshToken):
        codec.decode_refresh(signed(claims))


def test_time_is_not_the_codecs_business(codec: CompactHs256Codec) -> None:
    """A long-expired token, or one issued in the future, still decodes: the core decides."""
    past = AccessClaims(sub=uuid4(), sid=uuid4(), acc=uuid4(), role=Role.OWNER, iat=1, exp=2)
    future = AccessClaims(
        sub=uuid4(), sid=uuid4(), acc=uuid4(), role=Role.OWNER, iat=2**40, exp=2**40 + 300
    )
    for claims in (past, future):
        assert codec.decode_access(codec.encode_access(claims)) == claims


def test_the_type_claim_is_checked_both_ways(codec: CompactHs256Codec) -> None:
    """An access token is no refresh token, and the other way round."""
    with pytest.raises(InvalidRefreshToken):
        codec.decode_refresh(codec.encode_access(ACCESS))
    with pytest.raises(InvalidAccessToken):
        codec.decode_access(codec.encode_refresh(REFRESH))


@pytest.mark.parametrize("claim", ["sub", "sid", "acc", "role", "type", "iat", "exp"])
def test_every_access_claim_is_required(codec: CompactHs256Codec, claim: str) -> None:
    """Leave one out and the token is refused."""
    claims = payload(codec.encode_access(ACCESS))
    del claims[claim]
    with pytest.raises(InvalidAccessToken):
        codec.decode_access(signed(claims))


@pytest.mark.parametrize("claim", ["sub", "sid", "jti", "type", "iat", "exp"])
def test_every_refresh_claim_is_required(codec: CompactHs256Codec, claim: str) -> None:
    """Leave one out and the token is refused."""
    claims = payload(codec.encode_refresh(REFRESH))
    del claims[claim]
    with pytest.raises(InvalidRefreshToken):
        codec.decode_refresh(signed(claims))


@pytest.mark.parametrize(
    ("claim", "value"),
    [("sub", "not-a-uuid"), ("role", "emperor"), ("iat", "100"), ("exp", True), ("sid", 7)],
)
def test_claims_of_the_wrong_form_are_refused(
    codec: CompactHs256Codec, claim: str, value: object
) -> None:
    """Signed by us, but not something we would have issued."""
    claims = payload(codec.encode_access(ACCESS)) | {claim: value}
    with pytest.raises(InvalidAccessToken):
        codec.decode_access(signed(claims))


@pytest.mark.parametrize(
    ("claim", "value"),
    [("jti", ""), ("jti", 5), ("auth_time", None), ("idle_max", 1.5), ("type", "access")],
)
def test_refresh_claims_of_the_wrong_form_are_refused(
    codec: CompactHs256Codec, claim: str, value: object
) -> None:
    """An empty jti, a snapshot claim that is null or no whole number: not ours."""
    claims = payload(codec.encode_refresh(REFRESH)) | {claim: value}
    with pytest.raises(InvalidRefreshToken):
        codec.decode_refresh(signed(claims))


def test_claims_we_do_not_issue_are_ignored(codec: CompactHs256Codec) -> None:
    """A claim we do not know (``nbf``, say) neither breaks nor changes a decode."""
    claims = payload(codec.encode_access(ACCESS)) | {"nbf": 100, "aud": "someone"}
    assert codec.decode_access(signed(claims)) == ACCESS


def test_other_algorithms_are_refused_even_with_the_right_key(codec: CompactHs256Codec) -> None:
    """The algorithm list is pinned to HS256: no HS512, no alg=none."""
    claims = payload(codec.encode_access(ACCESS))
    hs512 = jwt.encode(claims, SECRET, algorithm="HS512")
    unsigned = jwt.encode(claims, key=None, algorithm="none")
    for token in (hs512, unsigned):
        with pytest.raises(InvalidAccessToken):
            codec.decode_access(token)


def test_another_secret_or_garbage_is_refused(codec: CompactHs256Codec) -> None:
    """A bad signature and a string that is no JWT at all."""
    other = CompactHs256Codec("another-secret-0123456789abcdefghijklmnop")
    with pytest.raises(InvalidRefreshToken):
        codec.decode_refresh(other.encode_refresh(REFRESH))
    with pytest.raises(InvalidRefreshToken):
        codec.decode_refresh("garbage")


def test_a_short_secret_is_refused() -> None:
    """HS256 wants at least 32 bytes of key."""
    with pytest.raises(ValueError, match="at least 32 bytes"):
        CompactHs256Codec("too-short")


Tamper = Callable[[list[str]], str]


def _segments(token: str) -> list[str]:
    return token.split(".")


@pytest.mark.parametrize(
    "tamper",
    [
        pytest.param(lambda s: ".".join(s[:2]), id="two-segments"),
        pytest.param(lambda s: ".".join([*s, s[2]]), id="four-segments"),
        pytest.param(lambda s: ".".join([s[0], s[1], s[2] + "="]), id="padded-signature"),
        pytest.param(lambda s: ".".join([s[0] + "=", s[1], s[2]]), id="padded-header"),
        pytest.param(lambda s: ".".join([s[0], s[1], s[2][:-1]]), id="cut-signature"),
        pytest.param(lambda s: ".".join([s[0], s[1] + "x", s[2]]), id="changed-payload"),
        pytest.param(lambda s: ".".join([s[0], s[1], s[2]]) + "é", id="not-ascii"),
        pytest.param(lambda _: "", id="empty"),
    ],
)
def test_a_token_changed_in_any_way_is_refused(codec: CompactHs256Codec, tamper: Tamper) -> None:
    """Anything but the exact bytes we signed is refused, before its payload is read.

    The genuine token is read first, so that its claims are remembered: a
    changed token must still meet the full check.
    """
    token = codec.encode_access(ACCESS)
    assert codec.decode_access(token) == ACCESS
    with pytest.raises(InvalidAccessToken):
        codec.decode_access(tamper(_segments(token)))


def test_a_signed_payload_that_is_no_json_object_is_refused(codec: CompactHs256Codec) -> None:
    """Correctly signed, but a JSON array (or no JSON): not claims."""
    for body in (b"[1, 2]", b"not json"):
        header = _segments(codec.encode_access(ACCESS))[0]
        forged = jwt.api_jws.PyJWS().encode(body, SECRET, algorithm="HS256")
        assert _segments(forged)[0] == header  # the same header as ours: only the body differs
        with pytest.raises(InvalidAccessToken):
            codec.decode_access(forged)


def test_verified_access_tokens_are_remembered_within_a_bound() -> None:
    """The same text reads the same claims again; only the newest tokens are kept."""
    codec = CompactHs256Codec(SECRET, remember_at_most=2)
    claims = [attrs.evolve(ACCESS, iat=ACCESS.iat + n) for n in range(3)]
    tokens = [codec.encode_access(c) for c in claims]
    for token, expected in zip(tokens, claims, strict=True):
        assert codec.decode_access(token) == expected
        assert codec.decode_access(token) == expected
    assert codec.remembered_access_tokens == 2
    # The oldest was forgotten: it verifies afresh, with the same claims.
    assert codec.decode_access(tokens[0]) == claims[0]


def test_a_refused_access_token_is_not_remembered(codec: CompactHs256Codec) -> None:
    """Failures are checked afresh every time and take no room."""
    forged = _segments(codec.encode_access(ACCESS))
    forged[2] = forged[2][::-1]
    for _ in range(2):
        with pytest.raises(InvalidAccessToken):
            codec.decode_access(".".join(forged))
    assert codec.remembered_access_tokens == 0
