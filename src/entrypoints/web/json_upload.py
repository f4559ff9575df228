"""A JSON file a person uploaded, read as strictly as a JSON body of the API.

The API's request screening never sees a file's content, so the same three
checks run here: the nesting depth before decoding, UTF-8 JSON, and no
U+0000 anywhere (PostgreSQL cannot store it). A UTF-8 byte order mark, which
some Windows editors write, is allowed. The size is bounded before this by the
server's limit on every request body (``MAX_REQUEST_BODY_BYTES``, a 413).
"""

from __future__ import annotations

from typing import Final

import msgspec

from entrypoints.http.json_nesting import MAX_JSON_NESTING, nests_deeper_than
from entrypoints.http.request_screening import string_with_nul

_BYTE_ORDER_MARK: Final = b"\xef\xbb\xbf"


class UnreadableFile(ValueError):
    """The file is not JSON this app can take; the message says why, for the page."""


def read_json_file(content: bytes) -> object:
    """The JSON value in ``content``, or :class:`UnreadableFile` saying why not."""
    content = content.removeprefix(_BYTE_ORDER_MARK)
    if not content.strip():
        msg = "The file is empty."
        raise UnreadableFile(msg)
    if nests_deeper_than(content):
        msg = f"The file nests more than {MAX_JSON_NESTING} levels deep."
        raise UnreadableFile(msg)
    try:
        decoded = msgspec.json.decode(content)
    except (msgspec.DecodeError, UnicodeDecodeError) as exc:
        msg = f"The file is not JSON in UTF-8 ({_reason(exc)})."
        raise UnreadableFile(msg) from None
    where = string_with_nul(decoded)
    if where is not None:
        msg = f"{where or 'The file'} contains the NUL character (U+0000)."
        raise UnreadableFile(msg)
    return decoded


def _reason(error: Exception) -> str:
    # A UnicodeDecodeError quotes the offending bytes; its reason alone says enough.
    return error.reason if isinstance(error, UnicodeDecodeError) else str(error)
