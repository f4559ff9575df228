"""Every error the API answers with, and the one table mapping core errors to statuses.

Bodies are always JSON ``{status_code, detail, ...}``. ``detail`` is the
core error's stable code; nothing from a request (a token, a password) and no
stack trace is ever echoed. Unexpected exceptions are logged by class and
stack only: their messages can carry SQL parameters, such as a hash.
"""

from __future__ import annotations

import logging
import re
import traceback
from collections.abc import Callable, Mapping
from enum import Enum
from typing import Any, Final

from litestar import MediaType, Request, Response
from litestar.exceptions import HTTPException, ValidationException
from litestar.status_codes import (
    HTTP_400_BAD_REQUEST,
    HTTP_401_UNAUTHORIZED,
    HTTP_403_FORBIDDEN,
    HTTP_404_NOT_FOUND,
    HTTP_405_METHOD_NOT_ALLOWED,
    HTTP_409_CONFLICT,
    HTTP_413_REQUEST_ENTITY_TOO_LARGE,
    HTTP_422_UNPROCESSABLE_ENTITY,
    HTTP_429_TOO_MANY_REQUESTS,
    HTTP_500_INTERNAL_SERVER_ERROR,
    HTTP_503_SERVICE_UNAVAILABLE,
)
from litestar.types import ExceptionHandlersMap

from decision_core.errors import (
    AuthenticationError,
    Conflict,
    DomainError,
    Forbidden,
    InvalidInvite,
    InvalidResetToken,
    NotFound,
    RuleViolation,
    TooManyAttempts,
    TreeInvalid,
    TreeTitleExists,
    TwoFactorRequired,
)
from decision_core.trees.problems import Severity
from entrypoints.http.schemas.errors import FieldProblemBody, Source
from entrypoints.http.schemas.problems import ProblemBody, problem_body

logger = logging.getLogger(__name__)

# The one place core errors meet HTTP. The most specific class in an error's MRO wins.
STATUS_BY_ERROR: Final[Mapping[type[DomainError], int]] = {
    AuthenticationError: HTTP_401_UNAUTHORIZED,
    Forbidden: HTTP_403_FORBIDDEN,
    NotFound: HTTP_404_NOT_FOUND,
    InvalidInvite: HTTP_400_BAD_REQUEST,
    InvalidResetToken: HTTP_400_BAD_REQUEST,
    Conflict: HTTP_409_CONFLICT,
    RuleViolation: HTTP_422_UNPROCESSABLE_ENTITY,
    TooManyAttempts: HTTP_429_TOO_MANY_REQUESTS,
    # Any other core error is something the client asked for that cannot be done.
    DomainError: HTTP_400_BAD_REQUEST,
}

# Where msgspec says which field it means: "... - at `$.idle_minutes`" or "... field `x`".
_JSON_PATH: Final = re.compile(r" - at `\$\.?(?P<path>[^`]*)`$")
_NAMED_FIELD: Final = re.compile(r"field `(?P<field>[^`]+)`")
# The handler argument Litestar decodes a request body into.
_BODY_ARGUMENT: Final = "data"
# How long a client should wait after a 503 of a database outage; /health says the same.
RETRY_AFTER_UNAVAILABLE_SECONDS: Final = "5"
# Litestar's words for a missing parameter: "Missing required query parameter 'q' for path ...".
_MISSING_PARAMETER: Final = re.compile(
    r"^Missing required (?P<source>\w+) parameter '(?P<field>[^']+)'"
)
_SOURCES: Final[Mapping[str, Source]] = {
    "body": "body",
    "query": "query",
    "path": "path",
    "header": "header",
    "cookie": "cookie",
}
# The core errors answered 400, and the request field each is about.
_FIELD_OF_ERROR: Final[Mapping[type[DomainError], str]] = {
    InvalidInvite: "invite_code",
    InvalidResetToken: "token",
}
# Litestar's own errors get codes like the core's.
_CODE_OF_STATUS: Final[Mapping[int, str]] = {
    HTTP_404_NOT_FOUND: "not_found",
    HTTP_405_METHOD_NOT_ALLOWED: "method_not_allowed",
    HTTP_413_REQUEST_ENTITY_TOO_LARGE: "request_body_too_large",
}


def error_response(
    status_code: int, detail: str, *, headers: Mapping[str, str] | None = None, **extra: object
) -> Response[dict[str, object]]:
    """A JSON error body ``{status_code, detail, **extra}``."""
    return Response(
        content={"status_code": status_code, "detail": detail, **extra},
        status_code=status_code,
        headers=dict(headers or {}),
        media_type=MediaType.JSON,
    )


def status_of(error: DomainError) -> int:
    """The HTTP status of a core error."""
    # Always found: every core error derives from DomainError, which the table maps.
    return next(STATUS_BY_ERROR[cls] for cls in type(error).__mro__ if cls in STATUS_BY_ERROR)


def domain_error_response(
    _request: Request[Any, Any, Any], error: DomainError
) -> Response[dict[str, object]]:
    """A core error as its status, its code, and what a client can act on."""
    status_code = status_of(error)
    if status_code == HTTP_401_UNAUTHORIZED:
        # The body is {status_code, detail} so clients can switch on the code; a sign-in
        # that needs a second factor adds the challenge that completes it.
        return error_response(
            status_code,
            error.code,
            headers={"WWW-Authenticate": "Bearer"},
            **_challenge_of(error),
        )
    if status_code == HTTP_400_BAD_REQUEST:
        # The same shape as every 400: the code, then the field it is about.
        field = _FIELD_OF_ERROR.get(type(error))
        problem = FieldProblemBody(field=field, message=error.message, source="body")
        return error_response(status_code, error.code, field=field, errors=[problem])
    if isinstance(error, TooManyAttempts):
        retry_after = str(error.retry_after_seconds)
        return error_response(status_code, error.code, headers={"Retry-After": retry_after})
    if isinstance(error, RuleViolation):
        return error_response(status_code, error.code, problems=_rule_problems(error))
    if error.message != error.code:
        named = _resources_named(error)
        return error_response(status_code, error.code, headers=None, message=error.message, **named)
    return error_response(status_code, error.code)


def _challenge_of(error: DomainError) -> dict[str, object]:
    """What a client completes a sign-in with, if the error is ``two_factor_required``."""
    if isinstance(error, TwoFactorRequired):
        return {
            "challenge": error.challenge,
            "expires_in": error.expires_in,
            "enrolment_required": error.enrolment_required,
        }
    return {}


def _resources_named(error: DomainError) -> dict[str, str]:
    """Ids an error names for the client to act on, as fields of its body."""
    if isinstance(error, TreeTitleExists):
        return {"tree_id": str(error.tree_id)}  # the tree a client retrying an import can fetch
    return {}


def validation_error_response(
    _request: Request[Any, Any, Any], error: ValidationException
) -> Response[dict[str, object]]:
    """A 400 naming the field: malformed JSON, a wrong type, an unknown or missing field."""
    errors = [_described(item) for item in _error_items(error)] or [_detail_described(error)]
    first = errors[0]
    return error_response(HTTP_400_BAD_REQUEST, first.message, field=first.field, errors=errors)


def http_error_response(
    _request: Request[Any, Any, Any], error: HTTPException
) -> Response[dict[str, object]]:
    """Litestar's own errors (unknown route, wrong method) in the same body shape."""
    if error.status_code >= HTTP_500_INTERNAL_SERVER_ERROR:
        return error_response(error.status_code, "internal_server_error")
    # A path that matches no route is an unknown id as far as a client can tell (a
    # malformed one, /trees/42): the same answer as an id that is not there.
    detail = _CODE_OF_STATUS.get(error.status_code, error.detail)
    return error_response(error.status_code, detail, headers=error.headers)


def unexpected_error_handler(
    unavailable_errors: tuple[type[Exception], ...],
) -> Callable[[Request[Any, Any, Any], Exception], Response[dict[str, object]]]:
    """A handler for everything else: 503 while the database is unreachable, else 500."""

    def unexpected_error_response(
        request: Request[Any, Any, Any], error: Exception
    ) -> Response[dict[str, object]]:
        where = f"{request.method} {request.url.path}"
        stack = "".join(traceback.format_tb(error.__traceback__))
        if isinstance(error, unavailable_errors):
            logger.warning("database unavailable during %s: %s", where, type(error).__name__)
            return error_response(
                HTTP_503_SERVICE_UNAVAILABLE,
                "database_unavailable",
                headers={"Retry-After": RETRY_AFTER_UNAVAILABLE_SECONDS},
            )
        logger.error("unexpected %s during %s\n%s", type(error).__qualname__, where, stack)
        return error_response(HTTP_500_INTERNAL_SERVER_ERROR, "internal_server_error")

    return unexpected_error_response


def exception_handlers(unavailable_errors: tuple[type[Exception], ...]) -> ExceptionHandlersMap:
    """The app's handlers; Litestar picks the most specific class for each exception."""
    return {
        DomainError: domain_error_response,
        ValidationException: validation_error_response,
        HTTPException: http_error_response,
        Exception: unexpected_error_handler(unavailable_errors),
    }


def _rule_problems(error: RuleViolation) -> list[ProblemBody]:
    """Every broken rule as ``{severity, code, node_id, message}``: tree findings as found."""
    if isinstance(error, TreeInvalid):
        return [problem_body(problem) for problem in error.tree_problems]
    return [
        ProblemBody(severity=Severity.ERROR, code=error.code, node_id=None, message=message)
        for message in error.problems
    ]


def _error_items(error: ValidationException) -> list[Mapping[str, Any]]:
    extra = error.extra
    if isinstance(extra, list):
        return [item for item in extra if isinstance(item, Mapping)]
    if isinstance(extra, Mapping):
        return [extra]
    return []


def _described(item: Mapping[str, Any]) -> FieldProblemBody:
    """One problem as ``{field, message, source}``, naming the field wherever it was said."""
    message = str(item.get("message", "invalid value"))
    key = item.get("key")
    # Litestar names the body "data"; msgspec's message then says where inside it.
    field = str(key) if key not in (None, _BODY_ARGUMENT) else _field_in(message)
    return FieldProblemBody(field=field, message=message, source=_source(item.get("source")))


def _detail_described(error: ValidationException) -> FieldProblemBody:
    """The one problem a bare exception states, e.g. a missing query parameter."""
    missing = _MISSING_PARAMETER.match(error.detail)
    if missing is None:
        return FieldProblemBody(field=None, message=error.detail, source="body")
    # Said without Litestar's "for path ..." tail, which echoes the whole query string.
    message = f"Missing required {missing['source']} parameter '{missing['field']}'"
    return FieldProblemBody(
        field=missing["field"], message=message, source=_source(missing["source"])
    )


def _source(value: object) -> Source:
    """Where the value was, as a word: Litestar's ``ParamType.QUERY`` is ``query``."""
    word = str(value.value if isinstance(value, Enum) else value).lower()
    return _SOURCES.get(word, "body")


def _field_in(message: str) -> str | None:
    """``a.b`` from "Object missing required field `b` - at `$.a`" and the like."""
    path = _JSON_PATH.search(message)
    named = _NAMED_FIELD.search(message)
    parts = [path["path"] if path else "", named["field"] if named else ""]
    return ".".join(part for part in parts if part) or None
