"""Demo data: realistic troubleshooting trees for a fresh account (issue 5's seed-demo).

The trees are JSON exports under ``demo_trees/`` (package data). Seeding goes
through the use cases, so roles, tenancy, validation and the audit trail apply
exactly as for any import.
"""

from __future__ import annotations

import json
import secrets
from importlib import resources
from typing import Final

import attrs

from decision_core.errors import TreeTitleExists
from decision_core.identity import User
from decision_core.trees.catalogue import TreeStatus
from decision_core.usecases.context import CLI_OPERATOR, Caller, Operator, Services
from decision_core.usecases.registration import Registration, register
from decision_core.usecases.tree_authoring import TreeView
from decision_core.usecases.tree_import import import_tree

DEMO_PACKAGE: Final = "entrypoints.demo_trees"
DEMO_EMAIL: Final = "demo@example.com"
DEMO_NAME: Final = "Demo Owner"
DEMO_ACCOUNT: Final = "Demo"


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


def generated_password() -> str:
    """A random password for the demo owner: 16 URL-safe characters (96 bits)."""
    return secrets.token_urlsafe(12)


@attrs.frozen
class DemoAccount:
    """The demo account's owner and the trees seeded into it."""

    owner: User
    seeded: list[TreeView]


def seed_demo_account(services: Services, password: str) -> DemoAccount:
    """On a database without accounts: a demo account, its owner, and the demo trees.

    Registration refuses with ``AccountsExist`` once the database has any
    account, so this never adds a stranger's account beside real ones. The
    account and the trees are separate transactions, as a person would do
    it: a failure between them leaves an empty account that ``seed-demo
    --account`` fills.
    """
    owner = register(
        services,
        Registration(DEMO_EMAIL, password, DEMO_NAME, account_name=DEMO_ACCOUNT),
        CLI_OPERATOR,
        first_account=True,
    )
    return DemoAccount(owner, seed_demo(services, Operator(owner.account_id)))
