"""What each operation's OpenAPI entry says beyond what Litestar derives from the handler.

Litestar documents one media type per answer and no headers on error answers;
the server does more. :func:`document_operations` gives every handler an
operation class that adds, in one place:

* ``Retry-After`` on every 429 and 503 answer (the server always sends it);
* 503 ``database_unavailable`` on every operation: any of them can meet a
  database that has gone away;
* 413 and 415 on every operation that takes a body: the screening refuses
  one too large or of another media type before the handler runs;
* every media type of a handler that answers in several formats (exports),
  as its ``opt`` names them (:func:`answers_in`);
* the links of a creation's answer (:mod:`entrypoints.http.openapi_links`),
  as its ``opt`` names them (:func:`linked_to`);
* a request body the handler may go without as not required;
* an example for each UUID path parameter.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Final

from litestar import Litestar
from litestar.openapi.spec import (
    Link,
    OpenAPIFormat,
    OpenAPIHeader,
    OpenAPIMediaType,
    OpenAPIResponse,
    OpenAPIType,
    Operation,
    Parameter,
    Reference,
    RequestBody,
    Schema,
)
from litestar.routes import HTTPRoute

from entrypoints.http.request_screening import MAX_REQUEST_BODY_BYTES

_MEDIA_TYPES: Final = "response_media_types"
_LINKS: Final = "response_links"
_JSON: Final = "application/json"
_SUCCESS: Final = "200"
_ERROR_BODY: Final = Reference(ref="#/components/schemas/ErrorBody")
EXAMPLE_ID: Final = "3fa85f64-5717-4562-b3fc-2c963f66afa6"

RETRY_AFTER: Final = OpenAPIHeader(
    schema=Schema(type=OpenAPIType.INTEGER, minimum=1),
    required=True,
    description="Seconds to wait before trying again.",
)
UNAVAILABLE: Final = OpenAPIResponse(
    description="detail: database_unavailable; the database does not answer",
    headers={"Retry-After": RETRY_AFTER},
    content={_JSON: OpenAPIMediaType(schema=_ERROR_BODY)},
)

# Refused by the request screening (request_screening.py) before any handler runs.
BODY_REFUSALS: Final = {
    "413": OpenAPIResponse(
        description="detail: request_body_too_large; the body is over "
        f"{MAX_REQUEST_BODY_BYTES} bytes",
        content={_JSON: OpenAPIMediaType(schema=_ERROR_BODY)},
    ),
    "415": OpenAPIResponse(
        description="The body is not sent as the media type this operation reads, in UTF-8",
        content={_JSON: OpenAPIMediaType(schema=_ERROR_BODY)},
    ),
}


def answers_in(*media_types: str) -> dict[str, tuple[str, ...]]:
    """A handler's ``opt`` saying its 200 answer comes in each of ``media_types``."""
    return {_MEDIA_TYPES: media_types}


def linked_to(links: Mapping[str, Link]) -> dict[str, Mapping[str, Link]]:
    """A handler's ``opt`` saying its success answer links to ``links``."""
    return {_LINKS: links}


def document_operations(app: Litestar) -> None:
    """Give every documented handler of ``app`` the operation class that completes its entry."""
    for route in app.routes:
        if not isinstance(route, HTTPRoute):
            continue
        for handler in route.route_handlers:
            if handler.include_in_schema:
                handler.operation_class = _operation_class(
                    handler.opt.get(_MEDIA_TYPES, ()), handler.opt.get(_LINKS, {})
                )


def _operation_class(media_types: tuple[str, ...], links: Mapping[str, Link]) -> type[Operation]:
    @dataclass
    class DocumentedOperation(Operation):
        def __post_init__(self) -> None:
            _complete(self, media_types)
            _link(self, links)

    return DocumentedOperation


def _link(operation: Operation, links: Mapping[str, Link]) -> None:
    """The links on the operation's first success answer (a creation's 201)."""
    answers = operation.responses or {}
    success = next((answers[status] for status in sorted(answers) if status < "300"), None)
    if links and isinstance(success, OpenAPIResponse):
        success.links = {**(success.links or {}), **links}


def _complete(operation: Operation, media_types: tuple[str, ...]) -> None:
    responses = operation.responses if operation.responses is not None else {}
    responses.setdefault("503", UNAVAILABLE)
    for status in ("429", "503"):
        answer = responses.get(status)
        if isinstance(answer, OpenAPIResponse):
            answer.headers = {**(answer.headers or {}), "Retry-After": RETRY_AFTER}
    success = responses.get(_SUCCESS)
    if media_types and isinstance(success, OpenAPIResponse):
        success.content = _content_in(media_types, success.content or {})
    if isinstance(operation.request_body, RequestBody):
        _optional_body_as_optional(operation.request_body)
        for status, answer in BODY_REFUSALS.items():
            responses.setdefault(status, answer)
    operation.responses = responses
    for parameter in operation.parameters or []:
        if isinstance(parameter, Parameter) and _is_uuid(parameter.schema):
            parameter.example = EXAMPLE_ID


def _content_in(
    media_types: tuple[str, ...], documented: Mapping[str, OpenAPIMediaType]
) -> dict[str, OpenAPIMediaType]:
    """JSON keeps the schema Litestar derived; every other format is text."""
    text = OpenAPIMediaType(schema=Schema(type=OpenAPIType.STRING))
    return {
        media_type: documented.get(_JSON, text) if media_type == _JSON else text
        for media_type in media_types
    }


def _optional_body_as_optional(body: RequestBody) -> None:
    """``data: Body | None = None`` may be left out (or sent as ``null``): not required."""
    for media in body.content.values():
        schema = media.schema
        if isinstance(schema, Schema) and any(_is_null(arm) for arm in schema.one_of or []):
            body.required = False


def _is_null(schema: Schema | Reference) -> bool:
    return isinstance(schema, Schema) and schema.type == OpenAPIType.NULL


def _is_uuid(schema: Schema | Reference | None) -> bool:
    return isinstance(schema, Schema) and schema.format == OpenAPIFormat.UUID
