"""Bodies of error answers: every one is ``{status_code, detail, ...}``."""

from __future__ import annotations

from entrypoints.http.schemas.base import ResponseBody


class ErrorBody(ResponseBody):
    """Every error: the status again and a stable, machine-readable ``detail``."""

    status_code: int
    detail: str


class FieldProblemBody(ResponseBody):
    """One reason a request is malformed."""

    field: str | None
    message: str
    source: str


class MalformedRequestBody(ErrorBody):
    """400: ``detail`` is the first problem in words, ``field`` the field it names."""

    field: str | None
    errors: list[FieldProblemBody]


class RuleViolationBody(ErrorBody):
    """422: every business rule the request breaks."""

    problems: list[str]
