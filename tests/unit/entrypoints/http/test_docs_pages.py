"""The vendored documentation assets are the files their README names."""

from __future__ import annotations

import hashlib
import re

from entrypoints.http.docs_pages import STATIC_DIRECTORY


def test_every_vendored_file_matches_its_recorded_checksum() -> None:
    """The README's table lists each file under static/ with its sha256."""
    table = dict(
        re.findall(
            r"^\| `([^`]+)`.*\| `([0-9a-f]{64})` \|$",
            (STATIC_DIRECTORY / "README.md").read_text(),
            re.MULTILINE,
        )
    )
    files = {
        str(path.relative_to(STATIC_DIRECTORY))
        for path in STATIC_DIRECTORY.rglob("*")
        if path.is_file() and path.name != "README.md"
    }
    assert set(table) == files
    for name, digest in table.items():
        assert hashlib.sha256((STATIC_DIRECTORY / name).read_bytes()).hexdigest() == digest, name
