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
from entrypoints.http.schemas.two_factor import TwoFactorChallengeBody

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
        "session_expired_idle, session_expired_absolute, invalid_two_factor_code or "
        "invalid_two_factor_challenge",
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


# The 401 of an operation that needs a recent proof of identity (a step-up change).
STEP_UP: Final = ResponseSpec(
    ErrorBody,
    generate_examples=False,
    description="detail: reauthentication_required when the caller's sign-in (or last "
    "confirmation) is older than STEP_UP_MINUTES: confirm with POST "
    "/api/v1/auth/reauthenticate, then retry. Otherwise not_authenticated, or (turning off "
    "two-factor sign-in) invalid_two_factor_code",
)
# The 401 of a password sign-in: a second factor completes it (see TwoFactorChallengeBody).
SIGN_IN_401: Final = ResponseSpec(
    TwoFactorChallengeBody,
    generate_examples=False,
    description="detail: invalid_credentials; or two_factor_required with the challenge that "
    "POST /api/v1/auth/login/two-factor completes (enrolment_required: complete it by "
    "enrolling, POST /api/v1/auth/two-factor/enrolment with the challenge)",
)


def errors(*statuses: int, step_up: bool = False) -> dict[int, ResponseSpec]:
    """The documented error answers of an operation, by status (401 of a step-up change)."""
    specs = {status: _SPECS[status] for status in statuses}
    if step_up:
        specs[401] = STEP_UP
    return specs
