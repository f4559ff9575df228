"""The web app's own static files: served under versioned URLs, with integrity hashes.

Each URL carries a digest of the file (``/static/app.css?v=1a2b3c4d``), so a
browser may cache it for a year and still fetch a new release at once; each
``<script>`` and stylesheet carries its SHA-384 as ``integrity``, so a file
changed on the way is refused. Hashes are computed once, when the app is
built, not per request.
"""

from __future__ import annotations

import base64
import hashlib
from pathlib import Path
from typing import Final

import attrs
from litestar import Router
from litestar.datastructures import CacheControlHeader
from litestar.static_files import create_static_files_router

from entrypoints.web.security_headers import PageHeaders

STATIC_DIRECTORY: Final = Path(__file__).parent / "static"
STATIC_PATH: Final = "/static"
_SERVED_SUFFIXES: Final = (".js", ".css", ".svg", ".ico", ".png")
_A_YEAR: Final = 365 * 24 * 3600


@attrs.frozen
class Asset:
    """One static file: where to fetch it and what it must hash to."""

    url: str
    integrity: str


def asset_manifest(directory: Path = STATIC_DIRECTORY) -> dict[str, Asset]:
    """Every servable file of ``directory`` by name, with its versioned URL and SRI hash."""
    manifest: dict[str, Asset] = {}
    for path in sorted(directory.iterdir()):
        if path.suffix not in _SERVED_SUFFIXES:
            continue
        content = path.read_bytes()
        version = hashlib.sha256(content).hexdigest()[:12]
        digest = base64.b64encode(hashlib.sha384(content).digest()).decode()
        manifest[path.name] = Asset(
            url=f"{STATIC_PATH}/{path.name}?v={version}", integrity=f"sha384-{digest}"
        )
    return manifest


def static_files_router() -> Router:
    """``/static``: the files above, cacheable for a year (their URLs change with them)."""
    return create_static_files_router(
        path=STATIC_PATH,
        directories=[STATIC_DIRECTORY],
        cache_control=CacheControlHeader(max_age=_A_YEAR, public=True, immutable=True),
        include_in_schema=False,
        middleware=[PageHeaders],
    )
