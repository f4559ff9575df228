"""The base of the taxonomy and one class per kind of answer a client gets.

The HTTP adapter's table maps these classes (and the few 400s named in
:mod:`.identity`) to statuses; every other error derives from one of them, so
that table stays small.
"""

from __future__ import annotations

from collections.abc import Sequence


class DomainError(Exception):
    """Base class of every error raised by decision_core."""

    code = "domain_error"

    def __init__(self, message: str | None = None) -> None:
        """Carry ``message`` for logs and bodies; it defaults to the code."""
        super().__init__(message or self.code)
        self.message = message or self.code


class AuthenticationError(DomainError):
    """401: the caller could not be authenticated (or no longer is)."""

    code = "not_authenticated"


class TooManyAttempts(DomainError):
    """429: too many failed password (or code) checks; further attempts wait.

    Sign-ins are counted per email and client address, password changes per
    user and client address.
    """

    code = "too_many_attempts"

    def __init__(self, retry_after_seconds: int) -> None:
        """Throttled for ``retry_after_seconds`` more seconds."""
        super().__init__(f"too many failed attempts; retry after {retry_after_seconds} s")
        self.retry_after_seconds = retry_after_seconds


class Forbidden(DomainError):
    """403: the caller's role may not do this."""

    code = "forbidden"


class NotFound(DomainError):
    """404: unknown id, or an id of another account (never distinguished)."""

    code = "not_found"


class Conflict(DomainError):
    """409: the request conflicts with the current state."""

    code = "conflict"


class RuleViolation(DomainError):
    """422: a well-formed request that breaks a business rule.

    ``problems`` lists every broken rule, each naming the field and the bound.
    """

    code = "rule_violation"

    def __init__(self, problems: Sequence[str]) -> None:
        """Every problem found, not just the first."""
        super().__init__("; ".join(problems))
        self.problems = tuple(problems)
