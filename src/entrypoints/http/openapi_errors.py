"""The error answers each operation documents in the OpenAPI schema (bodies of errors.py)."""

from __future__ import annotations

from typing import Final

from litestar.openapi import ResponseSpec

from entrypoints.http.schemas.errors import (
    ErrorBody,
    MalformedRequestBody,
    RuleViolationBody,
    TitleTakenBody,
)

_SPECS: Final = {
    400: ResponseSpec(
        MalformedRequestBody,
        generate_examples=False,
        description="Not JSON, or off the schema (wrong type, unknown or missing field); "
        "or an unusable invite code (detail invalid_invite) or password-reset token "
        "(detail invalid_reset_token)",
    ),
    401: ResponseSpec(
        ErrorBody,
        generate_examples=False,
        description="detail: not_authenticated, invalid_credentials, invalid_refresh_token, "
        "session_expired_idle or session_expired_absolute",
    ),
    403: ResponseSpec(ErrorBody, generate_examples=False, description="The role may not"),
    404: ResponseSpec(
        ErrorBody, generate_examples=False, description="Unknown id, or another account's"
    ),
    409: ResponseSpec(
        ErrorBody, generate_examples=False, description="Conflicts with the current state"
    ),
    422: ResponseSpec(
        RuleViolationBody, generate_examples=False, description="Breaks a business rule"
    ),
    429: ResponseSpec(
        ErrorBody,
        generate_examples=False,
        description="Too many wrong passwords (sign-ins, or a password change's current "
        "password), or password-reset requests; retry after the Retry-After header's seconds",
    ),
}
# An import's only conflict: the account has a tree of that title already.
TITLE_TAKEN: Final = ResponseSpec(
    TitleTakenBody,
    generate_examples=False,
    description="detail: tree_title_exists; tree_id names the account's tree of that title",
)


def errors(*statuses: int) -> dict[int, ResponseSpec]:
    """The documented error answers of an operation, by status."""
    return {status: _SPECS[status] for status in statuses}
