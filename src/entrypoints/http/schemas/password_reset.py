"""Bodies of password recovery: asking for a reset link, and using one."""

from __future__ import annotations

from typing import Annotated, Final

from msgspec import Meta

from entrypoints.http.schemas.auth import SignInEmail
from entrypoints.http.schemas.base import RequestBody, ResponseBody
from entrypoints.http.schemas.documented import NewPassword

# A token is 43 characters; anything far longer is a malformed request, not a wrong token.
ResetToken = Annotated[str, Meta(min_length=1, max_length=256)]
RESET_REQUESTED: Final = (
    "If an active account has this email, a link to reset its password is on its way; "
    "it works once, for 30 minutes."
)


class PasswordResetRequest(RequestBody):
    """Ask for a reset link by mail.

    Any address is accepted (at most 320 characters): the answer never says
    whether it belongs to an account.
    """

    email: SignInEmail


class PasswordResetRequestedBody(ResponseBody):
    """The one answer to every accepted request, whatever the email."""

    message: str = RESET_REQUESTED


class PasswordResetConfirmRequest(RequestBody):
    """Set a new password with the token from a reset link."""

    token: ResetToken
    new_password: NewPassword
