"""What every request must pass before a handler sees it: a strict, storable input.

These checks run here, before Litestar's own (lenient) decoding:

* A body may be at most :data:`MAX_REQUEST_BODY_BYTES` long (Litestar counts
  it as it arrives and answers 413): msgspec decodes a valid document of any
  size, and Litestar's default of 10 MB let one request hold a worker for
  seconds. The largest body the API needs is a tree: the biggest demo tree
  is 4 KB for 13 nodes, so even 200 nodes of long texts stay far below it.
* A body must be sent as the media type its handler reads (``media_types``):
  JSON endpoints take ``application/json`` only, the form sign-in and the web
  app's pages a URL-encoded form only, a page that uploads a file a multipart
  form only.
* A JSON body may not nest deeper than ``json_nesting`` allows: every
  decoder after this point recurses once per level.
* A JSON body is decoded strictly against the handler's declared type.
  Litestar converts with msgspec's ``strict=False``, which turns ``"60"``
  into ``60``; the API promises a 400 naming the field instead. Bytes that
  are not UTF-8 are malformed JSON like any other. Form bodies (the OAuth2
  sign-in) are strings by nature and keep Litestar's conversion.
* No text may contain U+0000. PostgreSQL cannot store it, so such a string
  would otherwise fail inside the database as a 500, not as bad input.

Both NUL checks look at the raw bytes first and walk the decoded values only
when the bytes could hold one: walking every string of every body cost a
walk step about a tenth of its time, for a character that never comes.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any, Final

import msgspec
from litestar import Request
from litestar.enums import RequestEncodingType
from litestar.exceptions import ValidationException
from litestar.params import BodyKwarg
from litestar.typing import FieldDefinition

from entrypoints.http.json_nesting import MAX_JSON_NESTING, nests_deeper_than
from entrypoints.http.media_types import (
    JSON_MEDIA_TYPE,
    MULTIPART_MEDIA_TYPE,
    require_media_type,
)

# 1 MiB: see the module's docstring. The app passes it to Litestar as request_max_body_size.
MAX_REQUEST_BODY_BYTES: Final = 1024 * 1024
MISSING_BODY: Final = "a request body is required"
NESTED_TOO_DEEPLY: Final = f"the body is nested more than {MAX_JSON_NESTING} levels deep"
_BODY_ARGUMENT: Final = "data"
_NUL: Final = "\x00"
# A decoded JSON string holds U+0000 only if the body spells it \u0000: JSON forbids the raw
# byte inside strings. (The escape may be a false alarm, "\\u0000", which the walk then clears.)
_NUL_IN_JSON: Final = b"\\u0000"
# A query's text holds it only as %00 or as the raw byte.
_NUL_ESCAPED_IN_QUERY: Final = b"%00"
_NUL_BYTE: Final = b"\x00"


async def screen_request(request: Request[Any, Any, Any]) -> None:
    """Raise a 415 for a body of another media type, a 400 for a malformed query or body."""
    query = request.scope["query_string"]
    if _NUL_ESCAPED_IN_QUERY in query or _NUL_BYTE in query:
        _refuse_nul(request.query_params.multi_items(), source="query")
    field = _declared_body(request)
    if field is None:
        return
    expected = _declared_media_type(field)
    if MULTIPART_MEDIA_TYPE in {expected, request.content_type[0]}:
        # A multipart body is parsed from the stream and never kept whole (the CSRF check may
        # have parsed it already, and reading it again would wait for bytes that never come),
        # so it is checked by its header and read as a form only.
        require_media_type(request, expected)
        _refuse_nul((await request.form()).multi_items(), source="body")
        return
    form = expected != JSON_MEDIA_TYPE
    body = await request.body()
    # An empty body declares nothing; whether it may be empty is the handler's to say.
    if body:
        require_media_type(request, expected)
    if form:
        _refuse_nul((await request.form()).multi_items(), source="body")
    elif body:
        _screen_json(body, field)
    elif not (field.is_optional or field.has_default):
        raise _malformed(MISSING_BODY, source="body")


def _screen_json(body: bytes, field: FieldDefinition) -> None:
    """A body within the nesting limit, of exactly the declared type, with no U+0000."""
    if nests_deeper_than(body):
        raise _malformed(NESTED_TOO_DEEPLY, source="body")
    decoded = _decoded_strictly(body, field)
    if _NUL_IN_JSON in body:
        _refuse_nul(_strings_in(msgspec.to_builtins(decoded)), source="body")


def _decoded_strictly(body: bytes, field: FieldDefinition) -> object:
    try:
        return msgspec.json.decode(body, type=field.annotation, strict=True)
    except msgspec.ValidationError as exc:
        # msgspec's own words name the field ("... - at `$.idle_minutes`"). They quote a
        # value only for an enum or literal, never free text: no password leaks through.
        raise _malformed(str(exc), source="body") from None
    except msgspec.DecodeError as exc:
        message = f"the body is not JSON: {exc}"
        raise _malformed(message, source="body") from None
    except UnicodeDecodeError as exc:
        # msgspec reads strings as UTF-8 and raises this for any other bytes in one. Its
        # message quotes the offending byte, which may belong to a password: say why only.
        message = f"the body is not JSON: a string is not valid UTF-8 ({exc.reason})"
        raise _malformed(message, source="body") from None


def string_with_nul(decoded: object) -> str | None:
    """Where decoded JSON first holds U+0000, in a key or a string (``title``, ``a[2].b``)."""
    return next((where for where, text in _strings_in(decoded) if _NUL in text), None)


def _declared_body(request: Request[Any, Any, Any]) -> FieldDefinition | None:
    """The body the handler declares, or ``None`` if it takes none."""
    return request.route_handler.parsed_fn_signature.parameters.get(_BODY_ARGUMENT)


def _declared_media_type(field: FieldDefinition) -> str:
    """The media type the handler reads: JSON, unless it declares a form (plain or multipart)."""
    kwarg = field.kwarg_definition
    if not isinstance(kwarg, BodyKwarg):
        return JSON_MEDIA_TYPE
    declared = kwarg.media_type
    return declared.value if isinstance(declared, RequestEncodingType) else declared


def _strings_in(value: object, path: str = "") -> Iterator[tuple[str, str]]:
    """Every (where, text) pair of decoded JSON: keys and string values."""
    if isinstance(value, str):
        yield path, value
    elif isinstance(value, dict):
        for key, item in value.items():
            where = f"{path}.{key}" if path else str(key)
            yield where, str(key)
            yield from _strings_in(item, where)
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _strings_in(item, f"{path}[{index}]")


def _refuse_nul(pairs: Iterable[tuple[str, Any]], *, source: str) -> None:
    for name, value in pairs:
        if _NUL in name or (isinstance(value, str) and _NUL in value):
            field = name.replace(_NUL, "\\u0000")
            message = f"{field} must not contain the NUL character (U+0000)"
            raise ValidationException(
                detail=message, extra=[{"key": field, "source": source, "message": message}]
            )


def _malformed(message: str, *, source: str) -> ValidationException:
    return ValidationException(detail=message, extra=[{"message": message, "source": source}])
