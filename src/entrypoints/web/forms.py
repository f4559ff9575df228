"""Submitted HTML forms: parsed by Litestar before the handler, read here by field name."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Annotated, Any, TypeAlias

from litestar.enums import RequestEncodingType
from litestar.params import Body

# ``data: FormData``: the URL-encoded form a page posted (a repeated field is a list).
FormData: TypeAlias = Annotated[dict[str, Any], Body(media_type=RequestEncodingType.URL_ENCODED)]


def fields(form: Mapping[str, Any], *names: str) -> dict[str, str]:
    """The text of each named field: ``""`` when absent, the first of a repeated one."""
    values: dict[str, str] = {}
    for name in names:
        value = form.get(name)
        if isinstance(value, list):
            value = value[0] if value else None
        values[name] = value if isinstance(value, str) else ""
    return values


def whole_number(text: str) -> int | None:
    """``text`` as an integer, or ``None`` when it is not one (the page then says why)."""
    try:
        return int(text.strip())
    except ValueError:
        return None
