"""Bodies of error answers: every one is ``{status_code, detail, ...}``, one shape per status."""

from __future__ import annotations

from typing import Literal

from msgspec import UNSET, UnsetType

from decision_core.trees.problems import Severity
from entrypoints.http.schemas.base import ResponseBody

# Where a malformed value was: Litestar's parameter locations, and the body.
Source = Literal["body", "query", "path", "header", "cookie"]


class ErrorBody(ResponseBody):
    """401, 403, 404, 409, 429, 503: the status again and a stable, machine-readable ``detail``.

    ``message`` (never on a 401) says more where the code alone would not.
    """

    status_code: int
    detail: str
    message: str | UnsetType = UNSET


class FieldProblemBody(ResponseBody):
    """One reason a request is malformed, and the field it names (if it names one)."""

    field: str | None
    message: str
    source: Source


class MalformedRequestBody(ResponseBody):
    """400: ``detail`` is the first problem in words (or a code), ``field`` the field it names."""

    status_code: int
    detail: str
    field: str | None
    errors: list[FieldProblemBody]


class ProblemBody(ResponseBody):
    """One broken rule: a tree finding names its node, any other rule has none."""

    severity: Severity
    code: str
    node_id: str | None
    message: str


class RuleViolationBody(ResponseBody):
    """422: every business rule the request breaks."""

    status_code: int
    detail: str
    problems: list[ProblemBody]
