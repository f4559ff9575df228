"""Trees, versions and walks to store in the contract tests."""

from __future__ import annotations

from datetime import timedelta
from uuid import uuid4

from decision_core.identity import Account
from decision_core.ports.unit_of_work import UnitOfWorkFactory
from decision_core.trees.catalogue import Tree, TreeStatus, TreeVersion
from decision_core.trees.document import Answer, Node, NodeKind, TreeDocument

from .examples import NOW


def a_document(*texts: str) -> TreeDocument:
    """A question leading to one solution per extra text (or a plain one)."""
    question, *solutions = texts or ("Is it plugged in?",)
    solutions = solutions or ["Plug it in."]
    ends = tuple(Node(f"s{i}", NodeKind.SOLUTION, text) for i, text in enumerate(solutions))
    answers = tuple(Answer(f"a{i}", f"Answer {i}", end.id) for i, end in enumerate(ends))
    return TreeDocument("q", (Node("q", NodeKind.QUESTION, question, answers), *ends))


def a_tree(  # noqa: PLR0913 - each keyword is a fact some test is about
    account: Account,
    *,
    title: str = "Printer offline",
    description: str = "",
    category: str | None = None,
    tags: tuple[str, ...] = (),
    status: TreeStatus = TreeStatus.PUBLISHED,
    updated_minutes_ago: int = 0,
    deleted: bool = False,
) -> Tree:
    """A tree of ``account`` at version 1."""
    return Tree(
        id=uuid4(),
        account_id=account.id,
        title=title,
        description=description,
        category=category,
        tags=tags,
        status=status,
        version=1,
        created_by=uuid4(),
        created_at=NOW - timedelta(days=1),
        updated_at=NOW - timedelta(minutes=updated_minutes_ago),
        deleted_at=NOW if deleted else None,
    )


def a_version(tree: Tree, document: TreeDocument | None = None, version: int = 1) -> TreeVersion:
    """A version of ``tree``."""
    return TreeVersion(tree.id, version, document or a_document(), NOW, tree.created_by)


def given_trees(
    uow_factory: UnitOfWorkFactory, account: Account, *trees: Tree | tuple[Tree, TreeDocument]
) -> None:
    """Store ``account`` and each tree with its first version, in one transaction."""
    with uow_factory() as uow:
        uow.accounts.add(account)
        for item in trees:
            tree, document = item if isinstance(item, tuple) else (item, a_document())
            uow.trees.add(tree)
            uow.trees.add_version(a_version(tree, document))
        uow.commit()
