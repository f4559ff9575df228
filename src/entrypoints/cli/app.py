"""The one cyclopts application every subcommand module registers on."""

from __future__ import annotations

from importlib import metadata
from typing import Final

from cyclopts import App

DISTRIBUTION: Final = "decision-tree"


def installed_version() -> str:
    """The installed package's version, as pyproject.toml gave it.

    Left to itself, cyclopts asks for a distribution named after the top
    package that made the app (``entrypoints``), finds none and says 0.0.0.
    Called only for ``--version``, so importing the CLI reads no metadata.
    """
    return metadata.version(DISTRIBUTION)


app = App(
    name="decision-tree", help="Troubleshooting decision-tree service.", version=installed_version
)
