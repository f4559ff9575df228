"""What a DML statement reports back, typed."""

from __future__ import annotations

from typing import Any, cast

from sqlalchemy import CursorResult, Result


def affected_rows(result: Result[Any]) -> int:
    """How many rows an UPDATE or DELETE matched.

    ``Session.execute`` is typed as returning a plain ``Result``; for DML it is
    a ``CursorResult``, which is where ``rowcount`` lives.
    """
    return cast("CursorResult[Any]", result).rowcount
