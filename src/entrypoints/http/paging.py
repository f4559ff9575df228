"""The ``limit`` and ``offset`` query parameters of every offset-paged listing.

One definition, so every listing answers an out-of-range value the same way:
400 naming the parameter, before any use case runs.
"""

from __future__ import annotations

from typing import Annotated, Final

from litestar.params import QueryParameter

DEFAULT_LIMIT: Final = 50
MAX_LIMIT: Final = 200

PageLimit = Annotated[int, QueryParameter(ge=1, le=MAX_LIMIT)]
PageOffset = Annotated[int, QueryParameter(ge=0)]
