"""What the two-factor pages share: the challenge's cookie, the QR code, the codes to download.

Between a right password and its second factor the browser holds the
sign-in's challenge in a cookie of its own, like the tokens: HttpOnly (no
script reads it), ``SameSite=Strict``, sent to ``/login`` pages only, and
gone after five minutes with the challenge itself. It never appears in a
URL or a page.
"""

from __future__ import annotations

from typing import Any, Final
from urllib.parse import quote, urlencode

import segno
from litestar import Request
from litestar.datastructures import Cookie
from litestar.response import Redirect
from litestar.status_codes import HTTP_303_SEE_OTHER

from decision_core.errors import TwoFactorRequired
from entrypoints.web.token_cookies import CookiePolicy

CHALLENGE_COOKIE: Final = "dt_challenge"
_CHALLENGE_PATH: Final = "/login"
CODE_PAGE: Final = "/login/two-factor"
ENROL_PAGE: Final = "/login/two-factor/enrol"
# What a page says of a code that is not right.
WRONG_CODE: Final = "That code is not right. Check the time on your phone and try the newest code."
# A module of the QR code, in CSS pixels: a 33-53 module code is 170-250 px wide, with
# its four-module quiet zone, which phones read at arm's length and which fits 360 px.
_QR_SCALE: Final = 4


def challenge_cookie(token: str, max_age: int, *, secure: bool) -> Cookie:
    """The cookie holding a sign-in's challenge until its second factor."""
    return Cookie(
        key=CHALLENGE_COOKIE,
        value=token,
        max_age=max_age,
        path=_CHALLENGE_PATH,
        httponly=True,
        secure=secure,
        samesite="strict",
    )


def cleared_challenge_cookie(*, secure: bool) -> Cookie:
    """A cookie that makes the browser forget the challenge."""
    return challenge_cookie("", 0, secure=secure)


def challenge_of(request: Request[Any, Any, Any]) -> str | None:
    """The challenge the browser holds, if any."""
    return request.cookies.get(CHALLENGE_COOKIE) or None


def second_factor_redirect(
    request: Request[Any, Any, Any],
    needed: TwoFactorRequired,
    next_path: str,
    cookie_policy: CookiePolicy,
) -> Redirect:
    """After a right password: to the code page, or to enrolment; the challenge in its cookie."""
    target = ENROL_PAGE if needed.enrolment_required else CODE_PAGE
    if next_path != "/":
        target += "?" + urlencode({"next": next_path})
    secure = cookie_policy.secure_for(request.url.scheme)
    return Redirect(
        target,
        status_code=HTTP_303_SEE_OTHER,
        cookies=[challenge_cookie(needed.challenge, needed.expires_in, secure=secure)],
    )


def qr_code(otpauth_uri: str) -> str:
    """The enrolment's URI as an SVG QR code in a ``data:`` URI, for an ``<img>``.

    An image rather than inline SVG: the page's CSP allows no inline style, and
    an ``<img>`` needs none.
    """
    code = segno.make(otpauth_uri, error="m")
    return str(code.svg_data_uri(scale=_QR_SCALE, dark="#000", light="#fff"))


def recovery_codes_download(codes: tuple[str, ...] | list[str]) -> str:
    """The recovery codes as a text file in a ``data:`` URI, for a download link."""
    text = "decision-tree recovery codes (each works once):\n\n" + "\n".join(codes) + "\n"
    return "data:text/plain;charset=utf-8," + quote(text)
