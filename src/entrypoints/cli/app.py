"""The one cyclopts application every subcommand module registers on."""

from __future__ import annotations

from cyclopts import App

app = App(name="decision-tree", help="Troubleshooting decision-tree service.")
