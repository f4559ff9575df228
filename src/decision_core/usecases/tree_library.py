"""What a reader of the library sees: matching trees, one tree's page, and what they may do.

The web pages ask these instead of deciding on their own who may edit,
delete or read analytics, and which trees a search shows.
"""

from __future__ import annotations

from datetime import datetime
from typing import Final
from uuid import UUID

import attrs

from decision_core.identity import User
from decision_core.roles import Role, at_least
from decision_core.trees.catalogue import Tree, TreeQuery, TreeVersion
from decision_core.trees.problems import Problem
from decision_core.usecases.context import Caller, Services, act_as
from decision_core.usecases.tree_access import (
    document_problems,
    newest_version,
    sees_drafts,
    visible_tree,
)

# The roles the tree use cases require: authoring (create, edit, import, analytics), deleting.
AUTHOR_ROLE: Final = Role.ENGINEER
DELETE_ROLE: Final = Role.ADMIN


@attrs.frozen
class TreeActions:
    """What a role may do with the account's trees, beyond reading and walking published ones."""

    may_author: bool  # create, edit, import, see drafts and read analytics
    may_delete: bool


def tree_actions(role: Role) -> TreeActions:
    """The tree actions ``role`` may take; the use cases enforce the same roles."""
    return TreeActions(
        may_author=at_least(role, AUTHOR_ROLE), may_delete=at_least(role, DELETE_ROLE)
    )


@attrs.frozen
class LibraryHit:
    """A tree a search found, with the search's snippet (matched words between ``**``)."""

    tree: Tree
    snippet: str


def search_library(
    services: Services, caller: Caller, text: str, filters: TreeQuery, limit: int
) -> list[LibraryHit]:
    """The best ``limit`` search matches the caller can see, narrowed by ``filters``, best first.

    Rules: the search ranks, then the category, tag and status filters keep
    what passes them, so a filtered search may show fewer than ``limit``
    trees. Viewers see published trees only, as in every listing.
    """
    with services.uow() as uow:
        actor = act_as(uow, caller, Role.VIEWER)
        hits = uow.trees.search(
            actor.account_id, text, limit, published_only=not sees_drafts(actor)
        )
        trees = uow.trees.live_by_id(actor.account_id, [hit.tree_id for hit in hits])
    return [
        LibraryHit(trees[hit.tree_id], hit.snippet)
        for hit in hits
        if hit.tree_id in trees and filters.admits(trees[hit.tree_id])
    ]


@attrs.frozen
class VersionEntry:
    """One version of a tree as its page lists it: ``author`` is ``None`` for the operator."""

    version: int
    created_at: datetime
    author: str | None


@attrs.frozen
class TreeOverview:
    """A tree's page: the tree, its newest document and problems, recent versions, actions.

    ``problems`` is empty for those who cannot author (they cannot act on it);
    ``history`` holds the newest versions, newest first.
    """

    tree: Tree
    version: TreeVersion
    problems: tuple[Problem, ...]
    history: tuple[VersionEntry, ...]
    actions: TreeActions


def tree_overview(
    services: Services, caller: Caller, tree_id: UUID, *, versions_shown: int = 10
) -> TreeOverview:
    """A visible tree with its newest ``versions_shown`` versions and who wrote each.

    Rules: as ``get_tree`` (another account's, a deleted or, for viewers, a
    draft tree is ``NotFound``). Authors are named to every member: they are
    colleagues in the account. A version by a user since removed has no name.
    """
    with services.uow() as uow:
        actor = act_as(uow, caller, Role.VIEWER)
        tree = visible_tree(uow, actor, tree_id)
        version = newest_version(uow, tree)
        actions = tree_actions(actor.role)
        problems = (
            document_problems(uow, actor.account_id, tree.id, version.document)
            if actions.may_author
            else ()
        )
        # Versions are numbered 1..tree.version, so the newest ones are the last page.
        offset = max(0, tree.version - versions_shown)
        recent = uow.trees.version_page(tree.id, limit=versions_shown, offset=offset).items
        authors = {
            user_id: uow.users.get(user_id)
            for user_id in {v.created_by for v in recent if v.created_by is not None}
        }
    history = tuple(
        VersionEntry(
            v.version,
            v.created_at,
            None if v.created_by is None else _name(authors[v.created_by]),
        )
        for v in sorted(recent, key=lambda v: v.version, reverse=True)
    )
    return TreeOverview(tree, version, problems, history, actions)


def _name(user: User | None) -> str:
    return "a former member" if user is None else user.name
