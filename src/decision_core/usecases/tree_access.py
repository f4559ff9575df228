"""Who may see which tree, shared by the tree and troubleshooting use cases."""

from __future__ import annotations

from uuid import UUID

from decision_core.errors import NotFound, TreeInvalid
from decision_core.identity import User
from decision_core.ports.unit_of_work import UnitOfWork
from decision_core.roles import Role, at_least
from decision_core.trees import problems as codes
from decision_core.trees.catalogue import Tree, TreeVersion
from decision_core.trees.document import NodeKind, TreeDocument
from decision_core.trees.parsing import Malformed, parse_document
from decision_core.trees.problems import Problem, has_errors
from decision_core.trees.validation import link_target, validate
from decision_core.usecases.context import Actor


def sees_drafts(actor: User | Actor) -> bool:
    """Engineers and stronger see drafts; viewers see published trees only."""
    return at_least(actor.role, Role.ENGINEER)


def visible_tree(
    uow: UnitOfWork, actor: User | Actor, tree_id: UUID, *, for_update: bool = False
) -> Tree:
    """The tree, if ``actor`` may see it; else ``NotFound``, as for an unknown id.

    Deleted trees and other accounts' trees are never visible; drafts only to
    engineers and stronger. ``for_update`` is for a caller about to change it.
    """
    tree = uow.trees.get(tree_id, for_update=for_update)
    if (
        tree is None
        or tree.account_id != actor.account_id
        or tree.deleted_at is not None
        or not (tree.is_published or sees_drafts(actor))
    ):
        raise NotFound
    return tree


def newest_version(uow: UnitOfWork, tree: Tree) -> TreeVersion:
    """The tree's newest version, which every stored tree has."""
    version = uow.trees.get_version(tree.id, tree.version)
    if version is None:
        raise NotFound
    return version


def read_document(data: object) -> TreeDocument:
    """The document in ``data``, or ``TreeInvalid`` listing every shape problem."""
    parsed = parse_document(data)
    if isinstance(parsed, Malformed):
        raise TreeInvalid(parsed.problems)
    return parsed


def require_title(title: str) -> str:
    """A trimmed title, or ``TreeInvalid`` when it is blank."""
    if not title.strip():
        raise TreeInvalid([codes.error(codes.EMPTY_TITLE, "a tree needs a title")])
    return title.strip()


def document_problems(
    uow: UnitOfWork, account_id: UUID, tree_id: UUID | None, document: TreeDocument
) -> tuple[Problem, ...]:
    """Every problem of ``document`` as tree ``tree_id`` of the account (``None``: a new one).

    A link may name any other published tree of the account, never the tree
    itself. Only the trees the document links to are looked up, and a
    document without links reads nothing, so this is cheap enough for every
    save and every read.
    """
    targets = {link_target(node) for node in document.nodes if node.kind is NodeKind.LINK}
    named = {target for target in targets if target is not None and target != tree_id}
    linkable = uow.trees.published_ids(account_id, among=named) if named else set()
    return validate(document, linkable)


def refuse_errors(problems: tuple[Problem, ...]) -> None:
    """Raise ``TreeInvalid`` with every problem (warnings too) if any is an error."""
    if has_errors(problems):
        raise TreeInvalid(problems)
