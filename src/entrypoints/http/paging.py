"""The integer query parameters of every listing: ``limit`` and ``offset``.

One definition each, so every listing answers an out-of-range value the same way
(400 naming the parameter, before any use case runs) and the OpenAPI document
states the same bounds the server enforces.
"""

from __future__ import annotations

from typing import Annotated, Final

from litestar.params import QueryParameter

DEFAULT_LIMIT: Final = 50
MAX_LIMIT: Final = 200
# Far past any account's rows, and well inside the 64-bit integers SQLite and
# PostgreSQL take for OFFSET (2^63 and beyond used to fail there as a 500).
MAX_OFFSET: Final = 1_000_000_000

PageLimit = Annotated[
    int, QueryParameter(ge=1, le=MAX_LIMIT, description="How many items one page holds.")
]
PageOffset = Annotated[
    int, QueryParameter(ge=0, le=MAX_OFFSET, description="How many items to skip.")
]
