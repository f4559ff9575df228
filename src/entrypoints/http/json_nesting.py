"""How deeply a JSON text nests, read from its bytes before anything decodes it.

Every JSON decoder here recurses once per level: msgspec (the screening's and
Litestar's own decoding), the NUL walk, ``json.dumps`` on the way to the
database. Each gives up with a ``RecursionError`` somewhere under the
interpreter's recursion limit, wherever its stack already stands. So the
depth is bounded once, on the raw bytes, far below that: no body of this API
nests more than a handful of levels (a tree import: tree, document, nodes,
node, answers, answer), and anything past :data:`MAX_JSON_NESTING` is bad input.

Every step is a C-speed bytes operation but the last, which walks the
brackets one by one only where the running depth could cross the limit.
Almost every body (every walk step, every sign-in) has too few brackets to
reach it at all, and is answered by counting them.
"""

from __future__ import annotations

from array import array
from itertools import accumulate
from typing import Final

MAX_JSON_NESTING: Final = 64

# Inside a string a backslash escapes the next character. Removing ``\\`` pairs first leaves
# a backslash before a quote exactly when an odd run of them escaped it; removing ``\"``
# then leaves the quotes that delimit strings, and only those.
_ESCAPED_BACKSLASH: Final = b"\\\\"
_ESCAPED_QUOTE: Final = b'\\"'
_QUOTE: Final = b'"'
# Two adjacent quotes delimit an empty segment; removing them merges two segments on the
# same side (inside or outside strings), so it keeps every bracket's side while shrinking
# a body of many short strings to almost nothing before the split.
_EMPTY_SEGMENT: Final = b'""'
_STRUCTURE: Final = frozenset(b'[]{}"')
_NOT_STRUCTURE: Final = bytes(byte for byte in range(256) if byte not in _STRUCTURE)
# Each bracket as a signed byte: +1 opens a level, -1 (0xff) closes one.
_BRACKET_STEPS: Final = bytes.maketrans(b"[{]}", b"\x01\x01\xff\xff")
_OPENS: Final = 1
# Brackets counted at a time: a chunk with fewer openings than the room left below the
# limit cannot cross it, so only chunks near the limit are summed step by step.
_CHUNK: Final = 32


def nests_deeper_than(body: bytes, limit: int = MAX_JSON_NESTING) -> bool:
    """Whether the JSON text ``body`` opens more than ``limit`` arrays or objects at once.

    Brackets inside strings are text and do not count. For a body that is not
    JSON the answer is about its longest prefix that is, which is as far as a
    decoder would read: a decoder never recurses deeper than this says.
    """
    if body.count(b"[") + body.count(b"{") <= limit:
        return False
    return _deeper_than(_bracket_steps(body), limit)


def _bracket_steps(body: bytes) -> bytes:
    """The brackets outside strings, in order, as +1 / -1 signed bytes."""
    unescaped = body.replace(_ESCAPED_BACKSLASH, b"").replace(_ESCAPED_QUOTE, b"")
    structure = unescaped.translate(None, _NOT_STRUCTURE).replace(_EMPTY_SEGMENT, b"")
    # Split at the quotes: the even segments are the ones outside strings.
    outside = b"".join(structure.split(_QUOTE)[::2])
    return outside.translate(_BRACKET_STEPS)


def _deeper_than(steps: bytes, limit: int) -> bool:
    """Whether the running sum of ``steps`` (+1 / -1 signed bytes) ever exceeds ``limit``."""
    depth = 0
    for start in range(0, len(steps), _CHUNK):
        chunk = steps[start : start + _CHUNK]
        opens = chunk.count(_OPENS)
        if depth + opens > limit and max(accumulate(array("b", chunk), initial=depth)) > limit:
            return True
        depth += opens - (len(chunk) - opens)
    return False
