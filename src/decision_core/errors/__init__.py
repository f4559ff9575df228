"""The error taxonomy of the core: import every error from here.

Every error the core raises derives from :class:`DomainError`. Each carries a
stable machine-readable ``code``; the HTTP adapter maps the error *class* to a
status in one table, and puts ``code`` (or the message) in the body. The
classes are grouped by the kind of answer a client should get, so that table
stays small.

They live in three modules along the core's seam, and this package names them
all: :mod:`.kinds` holds the base and one class per kind of answer (401, 403,
404, 409, 422, 429), :mod:`.identity` the errors of signing in, tokens, two
factors, accounts and members, :mod:`.trees` those of trees and walks.
"""

from __future__ import annotations

from decision_core.errors.identity import (
    AccountsExist,
    EmailAlreadyRegistered,
    InvalidAccessToken,
    InvalidCredentials,
    InvalidEmail,
    InvalidInvite,
    InvalidPassword,
    InvalidRefreshToken,
    InvalidResetToken,
    InvalidSignInChallenge,
    InvalidTwoFactorCode,
    InviteRevoked,
    InviteUsed,
    InviteWithoutEmail,
    LastOwner,
    NoPendingEnrolment,
    PolicyRejected,
    ReauthenticationRequired,
    SessionExpiredAbsolute,
    SessionExpiredIdle,
    TwoFactorAlreadyEnabled,
    TwoFactorNotEnabled,
    TwoFactorRequired,
    UnknownAccount,
    UnknownUser,
)
from decision_core.errors.kinds import (
    AuthenticationError,
    Conflict,
    DomainError,
    Forbidden,
    NotFound,
    RuleViolation,
    TooManyAttempts,
)
from decision_core.errors.trees import (
    AnswerNotOnNode,
    NothingToUndo,
    OperationNotOnNode,
    TreeChangedMeanwhile,
    TreeInvalid,
    TreeNotPublished,
    TreeTitleExists,
    WalkCompleted,
    WalkMovedOn,
)

__all__ = [
    "AccountsExist",
    "AnswerNotOnNode",
    "AuthenticationError",
    "Conflict",
    "DomainError",
    "EmailAlreadyRegistered",
    "Forbidden",
    "InvalidAccessToken",
    "InvalidCredentials",
    "InvalidEmail",
    "InvalidInvite",
    "InvalidPassword",
    "InvalidRefreshToken",
    "InvalidResetToken",
    "InvalidSignInChallenge",
    "InvalidTwoFactorCode",
    "InviteRevoked",
    "InviteUsed",
    "InviteWithoutEmail",
    "LastOwner",
    "NoPendingEnrolment",
    "NotFound",
    "NothingToUndo",
    "OperationNotOnNode",
    "PolicyRejected",
    "ReauthenticationRequired",
    "RuleViolation",
    "SessionExpiredAbsolute",
    "SessionExpiredIdle",
    "TooManyAttempts",
    "TreeChangedMeanwhile",
    "TreeInvalid",
    "TreeNotPublished",
    "TreeTitleExists",
    "TwoFactorAlreadyEnabled",
    "TwoFactorNotEnabled",
    "TwoFactorRequired",
    "UnknownAccount",
    "UnknownUser",
    "WalkCompleted",
    "WalkMovedOn",
]
