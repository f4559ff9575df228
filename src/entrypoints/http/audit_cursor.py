"""The audit trail's paging cursor on the wire: an opaque string.

It is the URL-safe base64 (unpadded) of ``"<ISO time>|<event id>"``. Opaque
to clients, so the keyset behind it can change without breaking them.
"""

from __future__ import annotations

import base64
import binascii
from datetime import datetime
from typing import Annotated, Final
from uuid import UUID

from litestar.exceptions import ValidationException
from litestar.params import QueryParameter

from decision_core.audit import AuditCursor

_SEPARATOR: Final = "|"
# Far longer than any cursor we issue; a longer one is not worth decoding.
_MAX_CURSOR_LENGTH: Final = 200


# The ``before`` query parameter, as the audit trail's handler declares it.
AuditBefore = Annotated[
    str | None,
    QueryParameter(
        description="The next_before of the page before; empty or left out for the first page.",
    ),
]


def encode_cursor(cursor: AuditCursor) -> str:
    """The opaque form of ``cursor``."""
    raw = f"{cursor.at.isoformat()}{_SEPARATOR}{cursor.id}".encode()
    return base64.urlsafe_b64encode(raw).rstrip(b"=").decode("ascii")


def decode_cursor(text: str) -> AuditCursor:
    """The cursor behind ``text``, or ``ValueError`` if we never issued it."""
    if len(text) > _MAX_CURSOR_LENGTH:
        msg = "cursor too long"
        raise ValueError(msg)
    try:
        raw = base64.urlsafe_b64decode(text + "=" * (-len(text) % 4)).decode()
    except (binascii.Error, UnicodeDecodeError) as exc:
        msg = "cursor is not base64 text"
        raise ValueError(msg) from exc
    at_text, separator, id_text = raw.partition(_SEPARATOR)
    at = datetime.fromisoformat(at_text)
    if not separator or at.tzinfo is None:
        msg = "cursor lacks a time zone or an id"
        raise ValueError(msg)
    return AuditCursor(at=at, id=UUID(id_text))


def cursor_from_query(before: str | None) -> AuditCursor | None:
    """The ``before`` query parameter as a cursor; a malformed one is a 400 naming it.

    Empty is no cursor, like a missing one: a form or a client that always sends
    the parameter asks for the first page with ``before=``.
    """
    if not before:
        return None
    try:
        return decode_cursor(before)
    except ValueError:
        message = "before must be a next_before value from an earlier page"
        raise ValidationException(
            detail=message, extra=[{"key": "before", "source": "query", "message": message}]
        ) from None
