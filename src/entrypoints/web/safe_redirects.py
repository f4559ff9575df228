"""Where a ``next=`` parameter may send a browser: a path on this site, nothing else."""

from __future__ import annotations

from typing import Final
from urllib.parse import urlsplit

HOME: Final = "/"
# Characters a browser treats as a path separator or strips before resolving a URL.
_SEPARATOR_LOOKALIKES: Final = ("\\", "\t", "\n", "\r")


def safe_next(target: str | None) -> str:
    r"""``target`` if it is a same-origin path (``/...``), else the home page.

    Refused: absolute URLs, scheme-relative ``//host`` (and ``/\\host``, which
    browsers read the same way), and anything carrying control characters.
    """
    if not target or not target.startswith("/") or target.startswith("//"):
        return HOME
    if any(char in target for char in _SEPARATOR_LOOKALIKES) or not target.isprintable():
        return HOME
    parts = urlsplit(target)
    if parts.scheme or parts.netloc:
        return HOME
    return target
