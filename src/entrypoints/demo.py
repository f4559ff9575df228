"""Demo data: realistic troubleshooting trees for a fresh account (issue 5's seed-demo).

The trees are JSON exports under ``demo_trees/`` (package data). Seeding goes
through the use cases, so roles, tenancy, validation and the audit trail apply
exactly as for any import.
"""

from __future__ import annotations

import json
from importlib import resources
from typing import Final

from decision_core.errors import TreeTitleExists
from decision_core.trees.catalogue import TreeStatus
from decision_core.usecases.context import Caller, Services
from decision_core.usecases.tree_authoring import TreeView
from decision_core.usecases.tree_import import import_tree

DEMO_PACKAGE: Final = "entrypoints.demo_trees"


def demo_tree_data() -> dict[str, object]:
    """Every demo tree's JSON export, by file name, in name order."""
    folder = resources.files(DEMO_PACKAGE)
    found = sorted(
        (entry for entry in folder.iterdir() if entry.name.endswith(".json")),
        key=lambda entry: entry.name,
    )
    return {entry.name: json.loads(entry.read_text(encoding="utf-8")) for entry in found}


def seed_demo(services: Services, caller: Caller) -> list[TreeView]:
    """Import and publish the demo trees the account does not have yet (by title).

    The caller must be an engineer or stronger, or an operator (the CLI);
    a rerun adds nothing.
    """
    seeded: list[TreeView] = []
    for data in demo_tree_data().values():
        try:
            seeded.append(import_tree(services, caller, data, TreeStatus.PUBLISHED))
        except TreeTitleExists:
            continue  # the account has it (or a tree of the same title) already
    return seeded
