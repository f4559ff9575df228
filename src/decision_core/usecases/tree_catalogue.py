"""Reading decision trees: one tree, its versions, listings, search, exports, analytics."""

from __future__ import annotations

import enum
from uuid import UUID

from decision_core.json_value import JsonValue
from decision_core.roles import Role
from decision_core.trees.analytics import TreeAnalytics, tree_analytics
from decision_core.trees.catalogue import CategoryCount, SearchHit, TreePage, TreeQuery, VersionPage
from decision_core.trees.diagrams import dot, mermaid
from decision_core.trees.parsing import Malformed, parse_document
from decision_core.trees.portable import PortableTree, portable_data
from decision_core.trees.problems import Problem
from decision_core.usecases.context import Caller, Services, act_as
from decision_core.usecases.tree_access import (
    document_problems,
    newest_version,
    sees_drafts,
    visible_tree,
)
from decision_core.usecases.tree_authoring import TreeView, TreeWithProblems


class TreeExportFormat(enum.Enum):
    """``json`` re-imports as the same tree; the others are diagrams."""

    JSON = "json"
    MERMAID = "mermaid"
    DOT = "dot"


def get_tree(services: Services, caller: Caller, tree_id: UUID) -> TreeView:
    """A tree and its newest document. Viewers see published trees only.

    Another account's, a deleted or (for viewers) a draft tree is ``NotFound``.
    Those who may author (engineers and stronger) get the document's problems
    too; viewers, who cannot act on them, read the tree without that work.
    """
    with services.uow() as uow:
        actor = act_as(uow, caller, Role.VIEWER)
        tree = visible_tree(uow, actor, tree_id)
        version = newest_version(uow, tree)
        if not sees_drafts(actor):
            return TreeView(tree, version)
        problems = document_problems(uow, actor.account_id, tree.id, version.document)
        return TreeWithProblems(tree, version, problems)


def list_tree_versions(
    services: Services, caller: Caller, tree_id: UUID, *, limit: int = 50, offset: int = 0
) -> VersionPage:
    """A page of a visible tree's versions, oldest first, and how many it has."""
    with services.uow() as uow:
        actor = act_as(uow, caller, Role.VIEWER)
        tree = visible_tree(uow, actor, tree_id)
        return uow.trees.version_page(tree.id, limit=limit, offset=offset)


def list_trees(services: Services, caller: Caller, query: TreeQuery) -> TreePage:
    """A page of the account's trees; viewers get published trees only, whatever they ask."""
    with services.uow() as uow:
        actor = act_as(uow, caller, Role.VIEWER)
        return uow.trees.page(actor.account_id, query, published_only=not sees_drafts(actor))


def tree_categories(services: Services, caller: Caller) -> list[CategoryCount]:
    """The categories of the trees the caller can see, with counts."""
    with services.uow() as uow:
        actor = act_as(uow, caller, Role.VIEWER)
        return uow.trees.categories(actor.account_id, published_only=not sees_drafts(actor))


def search_trees(services: Services, caller: Caller, text: str, limit: int) -> list[SearchHit]:
    """The trees the caller can see that match ``text``, best first."""
    with services.uow() as uow:
        actor = act_as(uow, caller, Role.VIEWER)
        published_only = not sees_drafts(actor)
        return uow.trees.search(actor.account_id, text, limit, published_only=published_only)


def validate_tree_document(
    services: Services, caller: Caller, data: object, *, tree_id: UUID | None = None
) -> tuple[Problem, ...]:
    """Every problem of ``data`` as a document of the caller's account. Engineer or stronger.

    Links are checked against the account's published trees, as a save of
    tree ``tree_id`` would check them (a tree may not link to itself); ``None``
    is a new tree. Nothing is written.
    """
    with services.uow() as uow:
        actor = act_as(uow, caller, Role.ENGINEER)
        document = parse_document(data)
        if isinstance(document, Malformed):
            return document.problems
        return document_problems(uow, actor.account_id, tree_id, document)


def export_tree(
    services: Services, caller: Caller, tree_id: UUID, export_format: TreeExportFormat
) -> dict[str, JsonValue] | str:
    """A visible tree's newest version as portable JSON data, Mermaid or DOT text."""
    with services.uow() as uow:
        actor = act_as(uow, caller, Role.VIEWER)
        tree = visible_tree(uow, actor, tree_id)
        document = newest_version(uow, tree).document
    if export_format is TreeExportFormat.MERMAID:
        return mermaid(document)
    if export_format is TreeExportFormat.DOT:
        return dot(document)
    portable = PortableTree(tree.title, document, tree.description, tree.category, tree.tags)
    return portable_data(portable)


def get_tree_analytics(services: Services, caller: Caller, tree_id: UUID) -> TreeAnalytics:
    """How the account's walks of a tree went. Engineer or stronger (authors improve trees)."""
    with services.uow() as uow:
        actor = act_as(uow, caller, Role.ENGINEER)
        tree = visible_tree(uow, actor, tree_id)
        walks = uow.walks.matching(actor.account_id, tree_id=tree.id)
    return tree_analytics(tree.id, walks)
