"""The error taxonomy of the core.

Every error the core raises derives from :class:`DomainError`. Each carries a
stable machine-readable ``code``; the HTTP adapter maps the error *class* to a
status in one table, and puts ``code`` (or the message) in the body. The
classes are grouped by the kind of answer a client should get, so that table
stays small.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from uuid import UUID

    from decision_core.trees.problems import Problem


class DomainError(Exception):
    """Base class of every error raised by decision_core."""

    code = "domain_error"

    def __init__(self, message: str | None = None) -> None:
        """Carry ``message`` for logs and bodies; it defaults to the code."""
        super().__init__(message or self.code)
        self.message = message or self.code


# --- 401: the caller is not (or no longer) signed in -------------------------


class AuthenticationError(DomainError):
    """The caller could not be authenticated."""

    code = "not_authenticated"


class InvalidCredentials(AuthenticationError):
    """Wrong password, unknown email or inactive user: deliberately one answer."""

    code = "invalid_credentials"


class InvalidAccessToken(AuthenticationError):
    """The access token is missing, malformed, expired or of the wrong type."""

    code = "not_authenticated"


class InvalidRefreshToken(AuthenticationError):
    """The refresh token is not one we can honour: the client signs in again."""

    code = "invalid_refresh_token"


class SessionExpiredIdle(AuthenticationError):
    """The refresh token's idle window (its ``exp``) has passed."""

    code = "session_expired_idle"


class SessionExpiredAbsolute(AuthenticationError):
    """The login session reached ``auth_time + abs_max``; the token was consumed."""

    code = "session_expired_absolute"


class ReauthenticationRequired(AuthenticationError):
    """The change needs a recent proof of identity: confirm the password (or a code) first."""

    code = "reauthentication_required"


class TwoFactorRequired(AuthenticationError):
    """The password was right; the sign-in completes with a second factor.

    ``challenge`` (a secret: never logged) is what the client completes it
    with, within ``expires_in`` seconds; with ``enrolment_required`` the user
    has no second factor yet and completes the sign-in by enrolling one.
    """

    code = "two_factor_required"

    def __init__(self, challenge: str, expires_in: int, *, enrolment_required: bool) -> None:
        """A challenge the client completes within ``expires_in`` seconds."""
        super().__init__("the password was right; a second factor completes the sign-in")
        self.challenge = challenge
        self.expires_in = expires_in
        self.enrolment_required = enrolment_required


class InvalidTwoFactorCode(AuthenticationError):
    """The code is not a current TOTP code nor an unused recovery code of the user."""

    code = "invalid_two_factor_code"


class InvalidSignInChallenge(AuthenticationError):
    """The sign-in challenge is unknown, used or expired: sign in with the password again."""

    code = "invalid_two_factor_challenge"


# --- 429 ----------------------------------------------------------------------


class TooManyAttempts(DomainError):
    """Too many failed password checks: further attempts wait.

    Sign-ins are counted per email and client address, password changes per
    user and client address.
    """

    code = "too_many_attempts"

    def __init__(self, retry_after_seconds: int) -> None:
        """Throttled for ``retry_after_seconds`` more seconds."""
        super().__init__(f"too many failed attempts; retry after {retry_after_seconds} s")
        self.retry_after_seconds = retry_after_seconds


# --- 403 / 404 ------------------------------------------------------------------


class Forbidden(DomainError):
    """The caller's role may not do this."""

    code = "forbidden"


class NotFound(DomainError):
    """Unknown id, or an id of another account (never distinguished)."""

    code = "not_found"


class UnknownAccount(NotFound):
    """An operator (the CLI) named an account that does not exist."""

    code = "unknown_account"


class UnknownUser(NotFound):
    """An operator (the CLI) named an email no user has."""

    code = "unknown_user"


# --- 400: the request refers to something that cannot be used -----------------


class InvalidInvite(DomainError):
    """The invite code is unknown, used, expired or for another email."""

    code = "invalid_invite"


class InvalidResetToken(DomainError):
    """The password-reset token is unknown, used, superseded or expired."""

    code = "invalid_reset_token"


# --- 409: conflicts with the current state -----------------------------------


class Conflict(DomainError):
    """The request conflicts with the current state."""

    code = "conflict"


class EmailAlreadyRegistered(Conflict):
    """Emails are unique, compared case-insensitively."""

    code = "email_already_registered"


class AccountsExist(Conflict):
    """Only a fresh installation, without any account, may get its first account this way."""

    code = "accounts_exist"


class TwoFactorAlreadyEnabled(Conflict):
    """An enrolment while two-factor sign-in is on: turn it off first."""

    code = "two_factor_already_enabled"


class TwoFactorNotEnabled(Conflict):
    """Two-factor sign-in is off: there is nothing to turn off or regenerate."""

    code = "two_factor_not_enabled"


class NoPendingEnrolment(Conflict):
    """A confirmation without an enrolment started (or after another one replaced it)."""

    code = "two_factor_enrolment_not_started"


class LastOwner(Conflict):
    """An account must keep at least one active owner."""

    code = "last_owner"


class WalkCompleted(Conflict):
    """A completed troubleshooting session never changes again."""

    code = "session_completed"


class WalkMovedOn(Conflict):
    """A change meant for an earlier moment of a walk: the walk has moved since.

    A form submitted twice, or one left open in another tab or behind the
    browser's Back button, names how often the walk had moved when it was
    shown; the change applies only if that is still so.
    """

    code = "walk_moved_on"

    def __init__(self, expected: int, actual: int) -> None:
        """The form expected ``expected`` moves; the walk has made ``actual``."""
        super().__init__(f"the walk has moved {actual} times, not {expected}; nothing was changed")
        self.expected = expected
        self.actual = actual


class TreeNotPublished(Conflict):
    """Walks start on, and links lead to, published trees only."""

    code = "tree_not_published"


class TreeTitleExists(Conflict):
    """An import of a title the account already has: nothing was created.

    ``tree_id`` names the account's tree with that title, so a client that
    retries an import (did the first one land?) can fetch what is there.
    """

    code = "tree_title_exists"

    def __init__(self, tree_id: UUID, title: str) -> None:
        """The account's tree ``tree_id`` is titled ``title``."""
        super().__init__(f"the account has a tree titled {title!r} already")
        self.tree_id = tree_id
        self.title = title


class TreeChangedMeanwhile(Conflict):
    """A change made from an older version than the tree's newest: nothing was saved.

    ``version`` is the tree's newest version now, the one a retry replaces.
    """

    code = "tree_changed_meanwhile"

    def __init__(self, version: int) -> None:
        """The tree is at ``version`` now."""
        super().__init__(f"the tree was saved as version {version} meanwhile")
        self.version = version


# --- 422: well-formed but breaks a business rule ------------------------------


class RuleViolation(DomainError):
    """A well-formed request that breaks a business rule.

    ``problems`` lists every broken rule, each naming the field and the bound.
    """

    code = "rule_violation"

    def __init__(self, problems: Sequence[str]) -> None:
        """Every problem found, not just the first."""
        super().__init__("; ".join(problems))
        self.problems = tuple(problems)


class PolicyRejected(RuleViolation):
    """A session-policy update outside the system bounds or the invariant."""

    code = "invalid_session_policy"


class InvalidPassword(RuleViolation):
    """A password outside the allowed length."""

    code = "invalid_password"


class InvalidEmail(RuleViolation):
    """An email that cannot be an address."""

    code = "invalid_email"


class TreeInvalid(RuleViolation):
    """A tree document that cannot be read, or has errors where none are allowed.

    ``tree_problems`` holds every finding with its severity, code and node;
    ``problems`` their messages, like every other rule violation.
    """

    code = "tree_invalid"

    def __init__(self, problems: Sequence[Problem]) -> None:
        """Every problem validation found, warnings included."""
        super().__init__(
            [p.message if p.node_id is None else f"{p.node_id}: {p.message}" for p in problems]
        )
        self.tree_problems = tuple(problems)


class AnswerNotOnNode(RuleViolation):
    """The answer is not one of the current node's answers."""

    code = "answer_not_on_node"

    def __init__(self, answer_id: str, node_id: str) -> None:
        """``answer_id`` was given at the node ``node_id``."""
        super().__init__([f"answer {answer_id!r} is not an answer of node {node_id!r}"])


class OperationNotOnNode(RuleViolation):
    """The operation does not fit the current node's kind (``continue`` at a question)."""

    code = "operation_not_on_node"

    def __init__(self, operation: str, node_id: str, kind: str) -> None:
        """``operation`` was asked at ``node_id``, a node of ``kind``."""
        super().__init__([f"{operation!r} does not apply to node {node_id!r}, a {kind}"])


class NothingToUndo(RuleViolation):
    """``back`` at the start node: there is no step to undo."""

    code = "nothing_to_undo"

    def __init__(self) -> None:
        """The walk stands at its start."""
        super().__init__(["the walk is at its start; there is no step to undo"])
