"""The media type a request body must be sent as: the one its handler reads, in UTF-8.

Reading whatever arrives as JSON would let any web page sign its visitors in
(or act for them) with a cross-site form: a form may post ``text/plain`` or
``application/x-www-form-urlencoded`` without a CORS preflight, but never
``application/json``. So a JSON endpoint takes ``application/json`` only, and
the OAuth2 form sign-in ``application/x-www-form-urlencoded`` only (a web
page that uploads a file, ``multipart/form-data`` only, behind its CSRF
check); anything else is a 415 naming the expected type.

JSON is UTF-8 on the wire (RFC 8259, section 8.1), and a form's percent
escapes are read as UTF-8 too. A ``charset`` parameter may say so; one that
names another charset is refused rather than guessed at, since text in that
charset would decode as something else, or not at all.
"""

from __future__ import annotations

from typing import Any, Final

from litestar import Request
from litestar.exceptions import HTTPException
from litestar.status_codes import HTTP_415_UNSUPPORTED_MEDIA_TYPE

JSON_MEDIA_TYPE: Final = "application/json"
FORM_MEDIA_TYPE: Final = "application/x-www-form-urlencoded"
MULTIPART_MEDIA_TYPE: Final = "multipart/form-data"  # a web page's file upload
_UTF8: Final = "utf-8"


def require_media_type(request: Request[Any, Any, Any], expected: str) -> None:
    """Raise a 415 unless the body is declared as ``expected``, in UTF-8 if it says."""
    # Litestar lower-cases the media type and the parameter names, not their values.
    media_type, parameters = request.content_type
    charset = parameters.get("charset", _UTF8).strip().lower()
    if media_type != expected or charset != _UTF8:
        detail = f"the body must be sent as {expected} (in UTF-8)"
        raise HTTPException(status_code=HTTP_415_UNSUPPORTED_MEDIA_TYPE, detail=detail)
