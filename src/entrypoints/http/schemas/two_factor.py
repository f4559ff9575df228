"""Bodies of two-factor sign-in, enrolment and step-up."""

from __future__ import annotations

from typing import Annotated

from msgspec import UNSET, Meta, UnsetType

from decision_core.usecases.two_factor_enrolment import ConfirmedEnrolment, PendingEnrolment
from decision_core.usecases.two_factor_settings import TwoFactorStatus
from entrypoints.http.schemas.auth import SignInPassword, TokenBody, token_body
from entrypoints.http.schemas.base import RequestBody, ResponseBody
from entrypoints.http.schemas.errors import ErrorBody

# A TOTP code is six digits and a recovery code twelve letters (with dashes or spaces as
# shown); anything much longer is malformed rather than a wrong code.
Code = Annotated[str, Meta(min_length=1, max_length=64)]
# A challenge is 43 characters of URL-safe base64; room to spare, but bounded.
Challenge = Annotated[str, Meta(min_length=1, max_length=128)]


class TwoFactorSignInRequest(RequestBody):
    """The challenge a right password got, and a TOTP or recovery code."""

    challenge: Challenge
    code: Code


class EnrolmentRequest(RequestBody):
    """Without an access token: the challenge of a sign-in that must enrol first."""

    challenge: Challenge | None = None


class EnrolmentConfirmRequest(RequestBody):
    """The first code from the new secret; ``challenge`` as for the enrolment."""

    code: Code
    challenge: Challenge | None = None


class TwoFactorCodeRequest(RequestBody):
    """A current TOTP code, or an unused recovery code."""

    code: Code


class ReauthenticateRequest(RequestBody):
    """Either the password or a second factor's code (TOTP or recovery code), not both."""

    password: SignInPassword | None = None
    code: Code | None = None


class TwoFactorRequirementRequest(RequestBody):
    """Whether every member of the account needs a second factor to sign in."""

    required: bool


class TwoFactorStatusBody(ResponseBody):
    """The caller's second factor: on, pending confirmation, codes left, required by the account."""

    enabled: bool
    pending: bool
    recovery_codes_left: int
    required_by_account: bool


class EnrolmentBody(ResponseBody):
    """The new secret, for an authenticator: as text to type, and as a URI for a QR code."""

    secret: str
    otpauth_uri: str


class RecoveryCodesBody(ResponseBody):
    """Ten single-use recovery codes, shown this once: keep them somewhere safe."""

    recovery_codes: list[str]


class EnrolmentConfirmedBody(RecoveryCodesBody):
    """Two-factor sign-in is on; enrolled by challenge, the sign-in's tokens too."""

    tokens: TokenBody | None


class TwoFactorChallengeBody(ErrorBody, kw_only=True):
    """401 of a sign-in: ``two_factor_required`` carries the challenge that completes it.

    Every other 401 of a sign-in (``invalid_credentials``) has no challenge.
    """

    challenge: str | UnsetType = UNSET
    expires_in: int | UnsetType = UNSET
    enrolment_required: bool | UnsetType = UNSET


def status_body(status: TwoFactorStatus) -> TwoFactorStatusBody:
    """Present the caller's two-factor status."""
    return TwoFactorStatusBody(
        enabled=status.enabled,
        pending=status.pending,
        recovery_codes_left=status.recovery_codes_left,
        required_by_account=status.required_by_account,
    )


def enrolment_body(pending: PendingEnrolment) -> EnrolmentBody:
    """Present a pending enrolment's secret."""
    return EnrolmentBody(secret=pending.secret, otpauth_uri=pending.otpauth_uri)


def confirmed_body(confirmed: ConfirmedEnrolment) -> EnrolmentConfirmedBody:
    """Present a confirmed enrolment."""
    tokens = None if confirmed.tokens is None else token_body(confirmed.tokens)
    return EnrolmentConfirmedBody(recovery_codes=list(confirmed.recovery_codes), tokens=tokens)
