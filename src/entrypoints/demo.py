"""Demo data: realistic troubleshooting trees for a fresh account (issue 5's seed-demo).

The trees are JSON exports under ``demo_trees/`` (package data). Seeding goes
through the use cases, so roles, tenancy, validation and the audit trail apply
exactly as for any import.
"""

from __future__ import annotations

import json
from importlib import resources
from typing import Final

from decision_core.trees.catalogue import TreeQuery, TreeStatus
from decision_core.usecases import tree_authoring, tree_catalogue
from decision_core.usecases.context import Principal, Services
from decision_core.usecases.tree_authoring import TreeView

DEMO_PACKAGE: Final = "entrypoints.demo_trees"
_PAGE: Final = 200


def demo_tree_data() -> dict[str, object]:
    """Every demo tree's JSON export, by file name, in name order."""
    folder = resources.files(DEMO_PACKAGE)
    found = sorted(
        (entry for entry in folder.iterdir() if entry.name.endswith(".json")),
        key=lambda entry: entry.name,
    )
    return {entry.name: json.loads(entry.read_text(encoding="utf-8")) for entry in found}


def seed_demo(services: Services, principal: Principal) -> list[TreeView]:
    """Import and publish the demo trees the account does not have yet (by title).

    The caller must be an engineer or stronger; a rerun adds nothing.
    """
    existing = _titles(services, principal)
    seeded: list[TreeView] = []
    for data in demo_tree_data().values():
        title = data.get("title") if isinstance(data, dict) else None
        if title in existing:
            continue
        view = tree_authoring.import_tree(services, principal, data, TreeStatus.PUBLISHED)
        existing.add(view.tree.title)
        seeded.append(view)
    return seeded


def _titles(services: Services, principal: Principal) -> set[str]:
    """The titles of every tree the caller can see."""
    titles: set[str] = set()
    offset = 0
    while True:
        query = TreeQuery(limit=_PAGE, offset=offset)
        page = tree_catalogue.list_trees(services, principal, query)
        titles.update(tree.title for tree in page.items)
        offset += len(page.items)
        if not page.items or offset >= page.total:
            return titles
