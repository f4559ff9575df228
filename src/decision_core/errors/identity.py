"""Errors of who may come in: sign-in, tokens, two factors, accounts and their members."""

from __future__ import annotations

from decision_core.errors.kinds import (
    AuthenticationError,
    Conflict,
    DomainError,
    NotFound,
    RuleViolation,
)

# --- 401: the caller is not (or no longer) signed in -------------------------


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


# --- 404: an operator named someone who is not there ---------------------------


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


class InviteUsed(Conflict):
    """Someone joined with the invite: there is nothing left to resend or revoke."""

    code = "invite_used"


class InviteRevoked(Conflict):
    """A revoked invite stays revoked: it is not sent again."""

    code = "invite_revoked"


class LastOwner(Conflict):
    """An account must keep at least one active owner."""

    code = "last_owner"


# --- 422: well-formed but breaks a business rule ------------------------------


class PolicyRejected(RuleViolation):
    """A session-policy update outside the system bounds or the invariant."""

    code = "invalid_session_policy"


class InvalidPassword(RuleViolation):
    """A password outside the allowed length."""

    code = "invalid_password"


class InvalidEmail(RuleViolation):
    """An email that cannot be an address."""

    code = "invalid_email"


class InviteWithoutEmail(RuleViolation):
    """Only an invite addressed to an email can be sent (again) by mail."""

    code = "invite_without_email"

    def __init__(self) -> None:
        """The one problem there is."""
        super().__init__(["the invite has no email to send it to; create a new invite instead"])
