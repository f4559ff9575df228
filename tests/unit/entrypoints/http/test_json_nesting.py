"""Properties of the nesting check every JSON body passes before it is decoded."""

from __future__ import annotations

import json

import msgspec
from hypothesis import given
from hypothesis import strategies as st

from entrypoints.http.json_nesting import nests_deeper_than
from tests.unit.strategies import json_values


def depth_of(value: object) -> int:
    """Arrays and objects open at once, at the deepest point of ``value``."""
    if isinstance(value, list):
        return 1 + max(map(depth_of, value), default=0)
    if isinstance(value, dict):
        return 1 + max(map(depth_of, value.values()), default=0)
    return 0


def depth_read(text: bytes) -> int:
    """The deepest a decoder gets reading ``text`` (JSON or its start), one byte at a time."""
    depth = deepest = 0
    in_string = escaped = False
    for byte in text:
        if in_string:
            escaped, in_string = (False, True) if escaped else (byte == ord("\\"), byte != ord('"'))
        elif byte == ord('"'):
            in_string = True
        elif byte in b"[{":
            depth += 1
            deepest = max(deepest, depth)
        elif byte in b"]}":
            depth -= 1
    return deepest


def encodings(value: object) -> list[bytes]:
    """``value`` as compact JSON, and indented with every non-ASCII character escaped."""
    return [msgspec.json.encode(value), json.dumps(value, indent=1).encode()]


@given(json_values(), st.integers(0, 12))
def test_the_nesting_of_any_json_is_measured_exactly(value: object, limit: int) -> None:
    """Deeper than ``limit`` exactly when the value is, however it is written."""
    for text in encodings(value):
        assert nests_deeper_than(text, limit) is (depth_of(value) > limit)


@given(json_values(), st.integers(0, 12), st.data())
def test_a_body_cut_short_is_measured_as_far_as_a_decoder_reads(
    value: object, limit: int, data: st.DataObject
) -> None:
    """Unterminated strings and a dangling backslash included: what was read is what counts."""
    text = msgspec.json.encode(value)
    prefix = text[: data.draw(st.integers(0, len(text)))]
    assert nests_deeper_than(prefix, limit) is (depth_read(prefix) > limit)


@given(st.binary(max_size=200).map(lambda body: body.replace(b"\\", b"")), st.integers(0, 12))
def test_any_bytes_without_escapes_are_measured_as_a_decoder_reads_them(
    body: bytes, limit: int
) -> None:
    """Bytes that are not JSON, nor even text, are counted the same way: quotes toggle strings."""
    assert nests_deeper_than(body, limit) is (depth_read(body) > limit)
