"""Published trees with generated help-desk text, and fresh walks of them, written fast.

The rows are what ``SqlAlchemyTrees.add`` and ``add_version`` store and what
``start_walk`` stores for a walk, built by the domain's constructors and
the adapters' row mappings and inserted in batches.
"""

from __future__ import annotations

import random
from datetime import datetime, timedelta
from typing import Final
from uuid import UUID, uuid4

from sqlalchemy import Engine, text

from adapters.sqlalchemy.tree_mapping import (
    search_body,
    tree_columns,
    version_columns,
    walk_columns,
)
from adapters.sqlalchemy.tree_rows import TreeRow, TreeVersionRow, WalkRow
from bench.seeding import insert_rows
from decision_core.identity import User
from decision_core.trees.catalogue import Tree, TreeStatus, TreeVersion
from decision_core.trees.document import Answer, Node, NodeKind, TreeDocument
from decision_core.trees.walks import new_walk

DEVICES: Final = ["printer", "router", "laptop", "monitor", "scanner", "phone", "server", "switch"]
SYMPTOMS: Final = ["offline", "slow", "overheating", "crashing", "noisy", "frozen", "blank"]
WORDS: Final = [
    "check", "cable", "power", "restart", "network", "driver", "update", "firmware",
    "password", "reset", "light", "screen", "battery", "fan", "toner", "paper",
    "settings", "connection", "wireless", "error", "message", "login", "account", "disk",
]  # fmt: skip
SEARCH_QUERIES: Final = [*DEVICES, *SYMPTOMS, "restart", "firmware update", "password reset"]


def a_tree(
    rng: random.Random, account_id: UUID, author: UUID, n: int, now: datetime
) -> tuple[Tree, TreeVersion]:
    """A realistic-looking published tree: a device and symptom, a question, three fixes."""
    device, symptom = rng.choice(DEVICES), rng.choice(SYMPTOMS)

    def sentence(length: int) -> str:
        return " ".join(rng.choice(WORDS) for _ in range(length)).capitalize() + "."

    tree = Tree(
        id=uuid4(),
        account_id=account_id,
        title=f"{device.capitalize()} {symptom} #{n}",
        description=sentence(12),
        category=rng.choice(["Hardware", "Network", "Accounts", "Software"]),
        tags=(device, symptom, rng.choice(WORDS)),
        status=TreeStatus.PUBLISHED,
        version=1,
        created_by=author,
        created_at=now - timedelta(days=1),
        updated_at=now - timedelta(seconds=n),
    )
    ends = tuple(Node(f"s{i}", NodeKind.SOLUTION, sentence(10)) for i in range(3))
    answers = tuple(Answer(f"a{i}", sentence(2), end.id) for i, end in enumerate(ends))
    document = TreeDocument("q", (Node("q", NodeKind.QUESTION, sentence(15), answers), *ends))
    return tree, TreeVersion(tree.id, 1, document, tree.created_at, author)


def seed_trees(
    engine: Engine, account_id: UUID, author: UUID, numbers: range, now: datetime
) -> tuple[Tree, TreeVersion]:
    """Trees numbered ``numbers`` (a fixed text per number); the first one is returned.

    The rows are what ``SqlAlchemyTrees.add`` and ``add_version`` store,
    ``search_body`` included; on SQLite the FTS5 mirror gets the same text
    as ``SqlAlchemyTrees._index`` gives it (PostgreSQL derives its own).
    """
    rng = random.Random(numbers.start)  # noqa: S311 - sample text, not secrets
    trees = [a_tree(rng, account_id, author, n, now) for n in numbers]
    tree_rows = [{**tree_columns(t), "search_body": search_body(v)} for t, v in trees]
    insert_rows(engine, TreeRow, tree_rows)
    insert_rows(engine, TreeVersionRow, (version_columns(v) for _, v in trees))
    if engine.dialect.name == "sqlite":
        mirror = text(
            "INSERT INTO tree_search (tree_id, title, tags, body)"
            " VALUES (:tree_id, :title, :tags, :body)"
        )
        with engine.begin() as connection:
            connection.execute(
                mirror,
                [
                    {
                        "tree_id": row["id"].hex,
                        "title": row["title"],
                        "tags": row["search_tags"],
                        "body": f"{row['description']}\n{row['search_body']}",
                    }
                    for row in tree_rows
                ],
            )
    return trees[0]


def start_walks(  # noqa: PLR0913 - where, whose, of what, how many, when
    engine: Engine, *, user: User, tree: Tree, version: TreeVersion, count: int, now: datetime
) -> list[UUID]:
    """``count`` fresh walks of ``tree`` by ``user``, each at the start question."""
    walks = [
        new_walk(
            walk_id=uuid4(),
            account_id=user.account_id,
            user_id=user.id,
            tree=tree,
            version=version,
            ticket_ref=None,
            now=now,
        )
        for _ in range(count)
    ]
    insert_rows(engine, WalkRow, (walk_columns(w) for w in walks))
    return [walk.id for walk in walks]
