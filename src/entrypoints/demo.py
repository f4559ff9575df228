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
from decision_core.usecases.context import Caller, Services
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


def seed_demo(services: Services, caller: Caller) -> list[TreeView]:
    """Import and publish the demo trees the account does not have yet (by title).

    The caller must be an engineer or stronger, or an operator (the CLI);
    a rerun adds nothing.
    """
    existing = tree_titles(services, caller)
    seeded: list[TreeView] = []
    for data in demo_tree_data().values():
        view = import_unless_titled(services, caller, data, TreeStatus.PUBLISHED, existing)
        if view is not None:
            seeded.append(view)
    return seeded


def import_unless_titled(
    services: Services, caller: Caller, data: object, status: TreeStatus, existing: set[str]
) -> TreeView | None:
    """Import the JSON export ``data`` unless ``existing`` has its title; ``None`` if skipped.

    The rule that makes a rerun of an import safe: the account's titles
    (``existing``, from :func:`tree_titles`) decide, and a new tree's title is
    added to them. Errors are :func:`~decision_core.usecases.tree_authoring.import_tree`'s.
    """
    if exported_title(data) in existing:
        return None
    view = tree_authoring.import_tree(services, caller, data, status)
    existing.add(view.tree.title)
    return view


def exported_title(data: object) -> str | None:
    """The title of a JSON export, trimmed as a stored title is; ``None`` if it has none."""
    title = data.get("title") if isinstance(data, dict) else None
    return title.strip() if isinstance(title, str) else None


def tree_titles(services: Services, caller: Caller) -> set[str]:
    """The titles of every tree the caller can see."""
    titles: set[str] = set()
    offset = 0
    while True:
        query = TreeQuery(limit=_PAGE, offset=offset)
        page = tree_catalogue.list_trees(services, caller, query)
        titles.update(tree.title for tree in page.items)
        offset += len(page.items)
        if not page.items or offset >= page.total:
            return titles
