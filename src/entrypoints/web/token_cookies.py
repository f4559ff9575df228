"""The login session's tokens as HttpOnly cookies: the browser holds them, JavaScript never.

The web app is a backend-for-frontend: it signs in and refreshes through the
same use cases as the API and keeps the resulting tokens in two cookies that
scripts cannot read. Both live until the login session's absolute deadline
(the server decides every expiry; the cookie's own age only tidies up).
``SameSite=Lax`` keeps them off cross-site posts while a link from a mail or
a ticket still opens a signed-in page.
"""

from __future__ import annotations

from datetime import datetime
from typing import Final

import attrs
from litestar.datastructures import Cookie

from decision_core.usecases.token_issuing import IssuedTokens

ACCESS_COOKIE: Final = "dt_access"
REFRESH_COOKIE: Final = "dt_refresh"
_SAME_SITE: Final = "lax"


@attrs.frozen
class CookiePolicy:
    """Whether cookies are marked ``Secure``: when asked to, and always over HTTPS."""

    always_secure: bool = False

    def secure_for(self, scheme: str) -> bool:
        """The ``Secure`` attribute for a request made over ``scheme``."""
        return self.always_secure or scheme == "https"


def token_cookies(issued: IssuedTokens, now: datetime, *, secure: bool) -> list[Cookie]:
    """The two cookies that carry ``issued``."""
    max_age = max(0, int((issued.absolute_expires_at - now).total_seconds()))
    return [
        _cookie(ACCESS_COOKIE, issued.access_token, max_age, secure=secure),
        _cookie(REFRESH_COOKIE, issued.refresh_token, max_age, secure=secure),
    ]


def cleared_token_cookies(*, secure: bool) -> list[Cookie]:
    """Cookies that make the browser forget both tokens."""
    return [
        _cookie(ACCESS_COOKIE, "", 0, secure=secure),
        _cookie(REFRESH_COOKIE, "", 0, secure=secure),
    ]


def _cookie(key: str, value: str, max_age: int, *, secure: bool) -> Cookie:
    return Cookie(
        key=key,
        value=value,
        max_age=max_age,
        path="/",
        httponly=True,
        secure=secure,
        samesite=_SAME_SITE,
    )
