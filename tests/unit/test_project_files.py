"""The repository's own set-up: what git ignores, and what the README's commands install."""

from __future__ import annotations

import re
import shutil
import subprocess
import tomllib
from pathlib import Path
from typing import Final

import pytest

ROOT: Final = Path(__file__).resolve().parents[2]
README_TEST_COMMAND: Final = "uv run --group nox nox"
README_FUZZ_COMMAND: Final = "uv run --group nox nox -s fuzz"


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
        "decision-tree-mail/0b0e2c1e-5d9c-4d93-9a8a-6f1f0a6c0d11.eml",
    ],
)
def test_the_embedded_database_and_its_side_files_are_ignored(name: str) -> None:
    """SQLite in WAL mode keeps -wal and -shm files beside the database while it runs."""
    assert ignored_by_git(name)


def test_serving_installs_no_dependency_group() -> None:
    """`uv run decision-tree serve` installs the runtime dependencies only; nox has a group."""
    pyproject = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    # Without the key uv would install the `dev` group with every `uv run`.
    assert pyproject["tool"]["uv"]["default-groups"] == []
    [nox] = pyproject["dependency-groups"]["nox"]
    assert re.match(r"nox\b", nox)


def test_ci_runs_the_readme_test_command() -> None:
    """.ci/run ends with the README's test command, then the README's fuzz command."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert f"```sh\n{README_TEST_COMMAND}\n```" in readme
    assert f"```sh\n{README_FUZZ_COMMAND}\n```" in readme
    ci_lines = (ROOT / ".ci" / "run").read_text(encoding="utf-8").strip().splitlines()
    commands = [line for line in ci_lines if line.startswith("uv run")]
    assert commands[-2:] == [README_TEST_COMMAND, README_FUZZ_COMMAND]
