"""Whose walks a member may read or change, and the tree versions a step needs.

Shared by the troubleshooting use cases (the API's bodies) and the walk
page's (:mod:`~decision_core.usecases.walk_page`), so both follow one set of
rules and change a walk in the same way.
"""

from __future__ import annotations

from datetime import datetime
from typing import Final
from uuid import UUID

import attrs

from decision_core.errors import NotFound
from decision_core.identity import User
from decision_core.ports.unit_of_work import UnitOfWork
from decision_core.roles import Role, at_least
from decision_core.trees.catalogue import Tree, TreeVersion
from decision_core.trees.walk_operations import (
    Operation,
    apply_operation,
    linked_tree,
    replace_notes,
)
from decision_core.trees.walks import (
    Outcome,
    Walk,
    WalkStatus,
    completed_walk,
    require_moves,
)
from decision_core.usecases.tree_access import newest_version

# Owners and admins read, and list, every walk of their account; others their own.
ACCOUNT_WALKS_ROLE: Final = Role.ADMIN


def may_see_account_walks(role: Role) -> bool:
    """Whether ``role`` may list and read the walks of everyone in the account."""
    return at_least(role, ACCOUNT_WALKS_ROLE)


def may_walk(walk: Walk, user_id: UUID) -> bool:
    """Whether ``user_id`` may go on with ``walk``: only its walker, only while it is active."""
    return walk.user_id == user_id and walk.status is WalkStatus.ACTIVE


def readable_walk(uow: UnitOfWork, actor: User, walk_id: UUID) -> Walk:
    """The walker reads their own walks; owners and admins every walk of the account."""
    walk = uow.walks.get(walk_id)
    if (
        walk is None
        or walk.account_id != actor.account_id
        or not (walk.user_id == actor.id or may_see_account_walks(actor.role))
    ):
        raise NotFound
    return walk


def own_walk(uow: UnitOfWork, actor: User, walk_id: UUID) -> Walk:
    """The caller's own walk, locked: every caller of this changes and saves it."""
    walk = uow.walks.get(walk_id, for_update=True)
    if walk is None or walk.account_id != actor.account_id or walk.user_id != actor.id:
        raise NotFound
    return walk


def version_of_current_step(uow: UnitOfWork, walk: Walk, *known: TreeVersion | None) -> TreeVersion:
    """The version the walk's current step belongs to; one of ``known`` saves reading it."""
    ref = walk.current.node
    for version in known:
        if version is not None and (version.tree_id, version.version) == (ref.tree_id, ref.version):
            return version
    # Versions are never removed, even of deleted trees, so a pinned one is always there.
    version = uow.trees.get_version(ref.tree_id, ref.version)
    if version is None:
        raise NotFound
    return version


def linkable_tree(uow: UnitOfWork, actor: User, tree_id: UUID) -> Tree | None:
    """The tree a link names, if a walk may enter it: published, of the actor's account."""
    tree = uow.trees.get(tree_id)
    if tree is None or tree.account_id != actor.account_id or not tree.is_published:
        return None
    return tree


@attrs.frozen
class Applied:
    """A walk after one operation, with the versions it read: ``here`` held the step it left."""

    walk: Walk
    here: TreeVersion
    linked: TreeVersion | None


def apply_to_own(  # noqa: PLR0913 - where, who, which walk, what, when, and for which moment
    uow: UnitOfWork,
    actor: User,
    walk_id: UUID,
    operation: Operation,
    *,
    now: datetime,
    expected_moves: int | None,
) -> Applied:
    """Apply ``operation`` to the actor's own walk and save it (the caller commits).

    Rules: :func:`~decision_core.trees.walks.require_moves`, then
    :mod:`~decision_core.trees.walk_operations`. A link leads to the newest
    version of its tree if that tree is still published and of this account,
    else ``TreeNotPublished``.
    """
    walk = own_walk(uow, actor, walk_id)
    require_moves(walk, expected_moves)
    here = version_of_current_step(uow, walk)
    target = linked_tree(walk, here.document)
    tree = None if target is None else linkable_tree(uow, actor, target)
    linked = None if tree is None else newest_version(uow, tree)
    walk = apply_operation(walk, operation, here, now, linked)
    uow.walks.save(walk)
    return Applied(walk, here, linked)


def complete_own(  # noqa: PLR0913 - the walk, the outcome, its summary, when, and the moment
    uow: UnitOfWork,
    actor: User,
    walk_id: UUID,
    outcome: Outcome,
    summary: str | None,
    *,
    now: datetime,
    expected_moves: int | None,
    notes: str | None = None,
) -> Walk:
    """Complete the actor's own walk and save it (the caller commits).

    Rules: :func:`~decision_core.trees.walks.require_moves`; completing
    again, like any change after completion, is ``WalkCompleted``.
    ``notes`` other than the walk's own replace them first (a ``notes``
    entry before the completion), so notes typed but not yet saved are kept.
    """
    walk = own_walk(uow, actor, walk_id)
    require_moves(walk, expected_moves)
    if notes is not None and notes != walk.notes:
        walk = replace_notes(walk, notes, now)
    walk = completed_walk(walk, outcome, summary, now)
    uow.walks.save(walk)
    return walk
