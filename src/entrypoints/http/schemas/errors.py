"""Bodies of error answers: every one is ``{status_code, detail, ...}``, one shape per status."""

from __future__ import annotations

from typing import Literal
from uuid import UUID

from msgspec import UNSET, UnsetType

from entrypoints.http.schemas.base import ResponseBody
from entrypoints.http.schemas.problems import ProblemBody

# Where a malformed value was: Litestar's parameter locations, and the body.
Source = Literal["body", "query", "path", "header", "cookie"]


class ErrorBody(ResponseBody):
    """401, 403, 404, 409, 429, 503: the status again and a stable, machine-readable ``detail``.

    ``message`` (never on a 401) says more where the code alone would not.
    """

    status_code: int
    detail: str
    message: str | UnsetType = UNSET


class TitleTakenBody(ErrorBody, kw_only=True):
    """409 ``tree_title_exists`` on an import: the account's tree of that title, to fetch."""

    tree_id: UUID


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


class RuleViolationBody(ResponseBody):
    """422: every business rule the request breaks."""

    status_code: int
    detail: str
    problems: list[ProblemBody]
