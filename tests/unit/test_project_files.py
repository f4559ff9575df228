"""The repository's own set-up: what git ignores, and what the README's commands install."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path
from typing import Final

import pytest

ROOT: Final = Path(__file__).resolve().parents[2]


def ignored_by_git(name: str) -> bool:
    """Whether the repository's ignore rules cover a file ``name`` at its root."""
    git = shutil.which("git")
    if git is None or not (ROOT / ".git").exists():
        pytest.skip("not a git checkout")
    checked = subprocess.run(  # noqa: S603 - git itself, fixed arguments
        [git, "-C", str(ROOT), "check-ignore", "--quiet", "--no-index", name],
        check=False,
    )
    return checked.returncode == 0


@pytest.mark.parametrize(
    "name",
    [
        "decision-tree.sqlite3",
        "decision-tree.sqlite3-wal",
        "decision-tree.sqlite3-shm",
        "decision-tree.sqlite3-journal",
        "local.db-wal",
        "local.db-shm",
    ],
)
def test_the_embedded_database_and_its_side_files_are_ignored(name: str) -> None:
    """SQLite in WAL mode keeps -wal and -shm files beside the database while it runs."""
    assert ignored_by_git(name)
