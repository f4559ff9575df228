"""What an author's editor reads besides saving (``tree_authoring``): the tree and the choices."""

from __future__ import annotations

from typing import Final
from uuid import UUID

import attrs

from decision_core.roles import Role
from decision_core.trees.catalogue import Tree, TreeQuery, TreeStatus
from decision_core.usecases.context import Caller, Services, act_as
from decision_core.usecases.tree_access import document_problems, newest_version, visible_tree
from decision_core.usecases.tree_authoring import TreeWithProblems

# How many published trees an editor offers as link targets, most recently updated first.
LINK_TARGETS_SHOWN: Final = 500


@attrs.frozen
class AuthoringChoices:
    """What an author picks from: the categories in use and the trees a link may lead to.

    ``link_targets`` are the account's published trees but the one being
    edited, by title; at most :data:`LINK_TARGETS_SHOWN`, the most recently
    updated ones.
    """

    categories: tuple[str, ...]
    link_targets: tuple[Tree, ...]


def tree_to_edit(services: Services, caller: Caller, tree_id: UUID) -> TreeWithProblems:
    """A tree, its newest document and that document's problems, to edit. Engineer or stronger.

    Another account's or a deleted tree is ``NotFound``.
    """
    with services.uow() as uow:
        actor = act_as(uow, caller, Role.ENGINEER)
        tree = visible_tree(uow, actor, tree_id)
        version = newest_version(uow, tree)
        problems = document_problems(uow, actor.account_id, tree.id, version.document)
    return TreeWithProblems(tree, version, problems)


def authoring_choices(
    services: Services, caller: Caller, tree_id: UUID | None = None
) -> AuthoringChoices:
    """What an editor of tree ``tree_id`` (``None``: a new one) offers. Engineer or stronger."""
    published = TreeQuery(status=TreeStatus.PUBLISHED, limit=LINK_TARGETS_SHOWN)
    with services.uow() as uow:
        actor = act_as(uow, caller, Role.ENGINEER)
        categories = uow.trees.categories(actor.account_id, published_only=False)
        trees = uow.trees.page(actor.account_id, published, published_only=True).items
    targets = sorted(
        (tree for tree in trees if tree.id != tree_id), key=lambda t: (t.title.casefold(), t.title)
    )
    return AuthoringChoices(tuple(c.name for c in categories), tuple(targets))
