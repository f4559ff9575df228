from __future__ import annotations

import pytest

from decision_core import errors
from decision_core.usecases.my_account import IncorrectPassword

EXPECTED_CODES = {
    errors.DomainError: "domain_error",
    errors.AuthenticationError: "not_authenticated",
    errors.InvalidCredentials: "invalid_credentials",
    errors.InvalidAccessToken: "not_authenticated",
    errors.InvalidRefreshToken: "invalid_refresh_token",
    errors.SessionExpiredIdle: "session_expired_idle",
    errors.SessionExpiredAbsolute: "session_expired_absolute",
    errors.Forbidden: "forbidden",
    errors.NotFound: "not_found",
    errors.InvalidInvite: "invalid_invite",
    errors.Conflict: "conflict",
    errors.EmailAlreadyRegistered: "email_already_registered",
    errors.LastOwner: "last_owner",
}


@pytest.mark.parametrize(("error", "code"), EXPECTED_CODES.items())
def test_each_error_carries_its_code_as_default_message(
    error: type[errors.DomainError], code: str
) -> None:
    """Without a message, an error's message is its stable code."""
    raised = error()
    assert (raised.code, raised.message, str(raised)) == (code, code, code)


def test_a_given_message_replaces_the_code_in_the_text() -> None:
    """A message is for logs and bodies; the code stays the same."""
    raised = errors.NotFound("no such user")
    assert (raised.code, raised.message, str(raised)) == (
        "not_found",
        "no such user",
        "no such user",
    )


@pytest.mark.parametrize(
    "error",
    [
        errors.InvalidCredentials,
        errors.InvalidAccessToken,
        errors.InvalidRefreshToken,
        errors.SessionExpiredIdle,
        errors.SessionExpiredAbsolute,
    ],
)
def test_every_401_is_an_authentication_error(error: type[errors.DomainError]) -> None:
    """One class maps every sign-in failure to 401."""
    assert issubclass(error, errors.AuthenticationError)


def test_conflicts_share_one_base() -> None:
    """Duplicate email and last owner are both 409 conflicts."""
    assert issubclass(errors.EmailAlreadyRegistered, errors.Conflict)
    assert issubclass(errors.LastOwner, errors.Conflict)


def test_too_many_attempts_says_when_to_retry() -> None:
    """A throttled sign-in carries the seconds to wait, in its message too."""
    raised = errors.TooManyAttempts(42)
    assert (raised.code, raised.retry_after_seconds) == ("too_many_attempts", 42)
    assert "42" in raised.message


@pytest.mark.parametrize(
    ("error", "code"),
    [
        (errors.RuleViolation, "rule_violation"),
        (errors.PolicyRejected, "invalid_session_policy"),
        (errors.InvalidPassword, "invalid_password"),
        (errors.InvalidEmail, "invalid_email"),
        (IncorrectPassword, "incorrect_password"),
    ],
)
def test_rule_violations_list_every_problem(error: type[errors.RuleViolation], code: str) -> None:
    """A 422 carries each broken rule, and all of them joined as its message."""
    raised = error(["first problem", "second problem"])
    assert isinstance(raised, errors.RuleViolation)
    assert raised.code == code
    assert raised.problems == ("first problem", "second problem")
    assert raised.message == "first problem; second problem"


def test_every_error_is_a_domain_error() -> None:
    """Callers can catch the whole taxonomy with one class."""
    for error in [*EXPECTED_CODES, errors.TooManyAttempts, errors.RuleViolation]:
        assert issubclass(error, errors.DomainError)
