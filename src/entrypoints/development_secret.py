"""The development signing secret kept beside the SQLite file when SECRET_KEY is unset.

Generated once, readable by the owner only (mode 0600), and shared by every
worker process: the first process to start writes it, the others read it.
"""

from __future__ import annotations

import os
import secrets
from pathlib import Path
from typing import Final

import attrs

from adapters.tokens_jwt import MINIMUM_SECRET_BYTES
from decision_core.settings import InvalidSettings

SECRET_FILE_NAME: Final = "decision-tree.secret"  # noqa: S105 - a file name, not a secret
_OWNER_ONLY: Final = 0o600


@attrs.frozen
class DevelopmentSecret:
    """The secret, where it is kept, and whether this call created it."""

    value: str = attrs.field(repr=False)
    path: Path
    created: bool


def development_secret_path(sqlite_path: Path) -> Path:
    """Where the secret for the database at ``sqlite_path`` lives: beside it."""
    return sqlite_path.parent / SECRET_FILE_NAME


def read_or_create_secret(path: Path) -> DevelopmentSecret:
    """The secret stored at ``path``, creating it first if there is none.

    Safe when several processes start at once: the secret is written to a
    private temporary file and hard-linked into place, which fails if another
    process got there first, in which case its secret is used.
    """
    if path.exists():
        return DevelopmentSecret(_read(path), path, created=False)
    temporary = path.with_name(f".{path.name}.{os.getpid()}.{secrets.token_hex(4)}")
    descriptor = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL, _OWNER_ONLY)
    with os.fdopen(descriptor, "w", encoding="utf-8") as stream:
        stream.write(secrets.token_urlsafe(48) + "\n")
    try:
        os.link(temporary, path)
        created = True
    except FileExistsError:
        created = False
    finally:
        temporary.unlink()
    return DevelopmentSecret(_read(path), path, created=created)


def _read(path: Path) -> str:
    value = path.read_text(encoding="utf-8").strip()
    if len(value.encode()) < MINIMUM_SECRET_BYTES:
        msg = f"{path} holds no usable secret; delete it to generate a new one, or set SECRET_KEY"
        raise InvalidSettings(msg)
    return value
