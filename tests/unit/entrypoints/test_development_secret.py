"""The development secret beside the SQLite file, and who signs with what."""

from __future__ import annotations

import stat
from pathlib import Path

import pytest

from decision_core.settings import InvalidSettings
from entrypoints.bootstrap import signing_secret
from entrypoints.development_secret import read_or_create_secret
from entrypoints.settings import load_settings

SECRET = "k" * 40


def test_the_secret_is_created_once_owner_readable_only(tmp_path: Path) -> None:
    """Mode 0600; the next start reads the same secret back."""
    path = tmp_path / "decision-tree.secret"
    created = read_or_create_secret(path)
    assert created.created
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    again = read_or_create_secret(path)
    assert not again.created
    assert again.value == created.value
    assert len(created.value) >= 32
    assert list(tmp_path.iterdir()) == [path]  # no temporary file left behind


def test_an_unusable_secret_file_is_a_clear_error(tmp_path: Path) -> None:
    """Delete it or set SECRET_KEY."""
    path = tmp_path / "decision-tree.secret"
    path.write_text("short\n", encoding="utf-8")
    with pytest.raises(InvalidSettings, match="no usable secret"):
        read_or_create_secret(path)


def test_without_secret_key_tokens_are_signed_with_the_file_beside_the_database(
    tmp_path: Path,
) -> None:
    """The SQLite file's directory, not the working directory, holds it."""
    settings = load_settings({"DATABASE_URL": f"sqlite:///{tmp_path}/data.db"}, env_file=None)
    secret = signing_secret(settings)
    assert (tmp_path / "decision-tree.secret").read_text(encoding="utf-8").strip() == secret


def test_secret_key_wins_and_no_file_is_written(tmp_path: Path) -> None:
    """Production: the configured secret, nothing on disk."""
    environ = {"DATABASE_URL": f"sqlite:///{tmp_path}/data.db", "SECRET_KEY": SECRET}
    assert signing_secret(load_settings(environ, env_file=None)) == SECRET
    assert not (tmp_path / "decision-tree.secret").exists()
