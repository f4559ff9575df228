"""A walk as its page shows it: the walk, the node it stands on, and where links lead.

The page changes a walk through the same rules as the API
(:mod:`~decision_core.usecases.walk_access`) and reads the answer in the
same transaction, so one step is one transaction. Every change may name the
moment it was meant for (``expected_moves``): a form sent twice, or one left
behind the browser's Back button or in another tab, changes nothing and
raises ``WalkMovedOn`` (or ``WalkCompleted``), and the page shows the walk
as it really stands.
"""

from __future__ import annotations

from collections.abc import Mapping
from uuid import UUID

import attrs

from decision_core.identity import User
from decision_core.ports.unit_of_work import UnitOfWork
from decision_core.roles import Role
from decision_core.trees.catalogue import Tree, TreeVersion
from decision_core.trees.document import Node, NodeKind
from decision_core.trees.validation import link_target
from decision_core.trees.walk_operations import Operation
from decision_core.trees.walks import Outcome, Walk, node_in
from decision_core.usecases.context import Principal, Services, load_actor
from decision_core.usecases.walk_access import (
    apply_to_own,
    complete_own,
    linkable_tree,
    may_walk,
    readable_walk,
    version_of_current_step,
)


@attrs.frozen
class WalkPageView:
    """A walk and what its page needs besides the walk.

    ``node`` is the current node as the document has it. ``link`` is, at a
    link node, the tree a ``continue`` enters, when the walk may enter it
    (else ``None``). ``tree_titles`` names every tree the path passes
    through. ``may_walk``: the visitor walks it, and it is still active.
    """

    walk: Walk
    node: Node
    link: Tree | None
    tree_titles: Mapping[UUID, str]
    may_walk: bool

    def title_of(self, tree_id: UUID) -> str:
        """The title of a tree on the path."""
        return self.tree_titles[tree_id]


def show_walk(services: Services, principal: Principal, walk_id: UUID) -> WalkPageView:
    """A walk the visitor may read: their own, or (owner, admin) any of the account."""
    with services.uow() as uow:
        actor = load_actor(uow, principal, Role.VIEWER)
        return _view(uow, actor, readable_walk(uow, actor, walk_id))


def step_walk(
    services: Services,
    principal: Principal,
    walk_id: UUID,
    operation: Operation,
    *,
    expected_moves: int | None,
) -> WalkPageView:
    """Apply one operation to the visitor's own walk, as ``operate_walk`` does."""
    now = services.clock.now()
    with services.uow() as uow:
        actor = load_actor(uow, principal, Role.VIEWER)
        applied = apply_to_own(
            uow, actor, walk_id, operation, now=now, expected_moves=expected_moves
        )
        uow.commit()
        return _view(uow, actor, applied.walk, applied.here, applied.linked)


def finish_walk(  # noqa: PLR0913 - the walk, its outcome and summary, and the moment
    services: Services,
    principal: Principal,
    walk_id: UUID,
    outcome: Outcome,
    summary: str | None,
    *,
    expected_moves: int | None,
    notes: str | None = None,
) -> WalkPageView:
    """Complete the visitor's own walk, as ``complete_walk`` does, keeping ``notes``.

    Rules: see :func:`~decision_core.usecases.walk_access.complete_own`.
    """
    now = services.clock.now()
    with services.uow() as uow:
        actor = load_actor(uow, principal, Role.VIEWER)
        walk = complete_own(
            uow,
            actor,
            walk_id,
            outcome,
            summary,
            now=now,
            expected_moves=expected_moves,
            notes=notes,
        )
        uow.commit()
        return _view(uow, actor, walk)


def _view(uow: UnitOfWork, actor: User, walk: Walk, *known: TreeVersion | None) -> WalkPageView:
    """The view of ``walk``; a ``known`` version holding the current step saves a read."""
    here = version_of_current_step(uow, walk, *known)
    node = node_in(here.document, walk.current.node.node_id)
    target = link_target(node) if node.kind is NodeKind.LINK else None
    return WalkPageView(
        walk=walk,
        node=node,
        link=None if target is None else linkable_tree(uow, actor, target),
        tree_titles=_titles(uow, walk),
        may_walk=may_walk(walk, actor.id),
    )


def _titles(uow: UnitOfWork, walk: Walk) -> dict[UUID, str]:
    """The walked tree's title, and each linked tree's (read only once a link was followed)."""
    titles = {walk.tree_id: walk.tree_title}
    for step in walk.path:
        tree_id = step.node.tree_id
        if tree_id not in titles:
            tree = uow.trees.get(tree_id)
            # Trees are only ever soft-deleted, so a tree a walk entered is always there.
            titles[tree_id] = "a linked tree" if tree is None else tree.title
    return titles
