"""Bodies of decision trees (SPEC 6).

A tree's ``document`` is decoded as plain JSON: the core's parser reads it and
reports every problem (422). The OpenAPI document states its shape all the same
(``TreeDocumentData``).
"""

from __future__ import annotations

from datetime import datetime
from typing import Any
from uuid import UUID

import msgspec
from msgspec import UNSET, UnsetType

from decision_core.trees.analytics import TreeAnalytics
from decision_core.trees.catalogue import (
    CategoryCount,
    SearchHit,
    Tree,
    TreePage,
    TreeStatus,
    VersionPage,
)
from decision_core.trees.catalogue import TreeVersion as CoreTreeVersion
from decision_core.usecases.tree_authoring import NewTree, TreeChange, TreeView, TreeWithProblems
from entrypoints.http.schemas.base import RequestBody, ResponseBody
from entrypoints.http.schemas.documented import TreeDocumentChange, TreeDocumentData, TreeTitle
from entrypoints.http.schemas.problems import ProblemBody, problem_body


class NewTreeRequest(RequestBody):
    """``POST /api/v1/trees``: a new tree, a draft unless said otherwise."""

    title: TreeTitle
    document: TreeDocumentData
    description: str = ""
    category: str | None = None
    tags: list[str] = []  # noqa: RUF012 - msgspec copies mutable defaults
    status: TreeStatus = TreeStatus.DRAFT

    def to_core(self) -> NewTree:
        """The use case's input."""
        return NewTree(
            title=self.title,
            document=self.document,
            description=self.description,
            category=self.category,
            tags=tuple(self.tags),
            status=self.status,
        )


class TreeChangeRequest(RequestBody):
    """``PUT /api/v1/trees/{id}``: a field left out (or null) keeps its value."""

    title: TreeTitle | None = None
    description: str | None = None
    category: str | None = None
    tags: list[str] | None = None
    status: TreeStatus | None = None
    document: TreeDocumentChange = None

    def to_core(self) -> TreeChange:
        """The use case's input."""
        return TreeChange(
            title=self.title,
            description=self.description,
            category=self.category,
            tags=None if self.tags is None else tuple(self.tags),
            status=self.status,
            document=self.document,
        )


class TreeSummaryBody(ResponseBody):
    """A tree in a listing, without its document."""

    id: UUID
    title: str
    description: str
    category: str | None
    tags: list[str]
    status: TreeStatus
    version: int
    created_at: datetime
    updated_at: datetime


class TreeBody(TreeSummaryBody):
    """A tree with the document of its newest version, as the core exports it.

    ``problems`` lists every error and warning of that document, links
    checked as they stand now, so an author sees them before publishing:
    in every save's answer, and in a read by an engineer or stronger. A
    viewer's read leaves it out (viewers cannot act on it).
    """

    document: dict[str, Any]
    problems: list[ProblemBody] | UnsetType = UNSET


class TreePageBody(ResponseBody):
    """A page of trees and how many match in all."""

    items: list[TreeSummaryBody]
    total: int


class TreeVersionBody(ResponseBody):
    """One immutable version of a tree's document."""

    tree_id: UUID
    version: int
    created_at: datetime
    created_by: UUID | None
    document: dict[str, Any]


class TreeVersionPageBody(ResponseBody):
    """A page of a tree's versions, oldest first, and how many the tree has."""

    items: list[TreeVersionBody]
    total: int


class CategoryBody(ResponseBody):
    """A category and how many visible trees it has."""

    name: str
    count: int


class SearchHitBody(ResponseBody):
    """One search match."""

    id: UUID
    title: str
    category: str | None
    snippet: str
    rank: float


class SearchResultBody(ResponseBody):
    """Search matches, best first."""

    items: list[SearchHitBody]


class NodeStatsBody(ResponseBody):
    """How often walks reached, left off at, or stepped back from one node."""

    node_id: str
    visits: int
    drop_offs: int
    back_steps: int


class AnswerCountBody(ResponseBody):
    """How often one answer was chosen."""

    node_id: str
    answer_id: str
    count: int


class TreeAnalyticsBody(ResponseBody):
    """How the account's walks of a tree went."""

    started: int
    completed: int
    outcomes: dict[str, int]
    resolution_rate: float | None
    median_duration_seconds: float | None
    nodes: list[NodeStatsBody]
    answers: list[AnswerCountBody]


def tree_summary_body(tree: Tree) -> TreeSummaryBody:
    """Present a tree in a listing."""
    return TreeSummaryBody(
        id=tree.id,
        title=tree.title,
        description=tree.description,
        category=tree.category,
        tags=list(tree.tags),
        status=tree.status,
        version=tree.version,
        created_at=tree.created_at,
        updated_at=tree.updated_at,
    )


def tree_body(view: TreeView) -> TreeBody:
    """Present a tree with its newest document: the listing fields, the document, its problems."""
    summary = msgspec.structs.asdict(tree_summary_body(view.tree))
    document = view.version.document.to_data()
    if not isinstance(view, TreeWithProblems):
        return TreeBody(**summary, document=document)
    problems = [problem_body(problem) for problem in view.problems]
    return TreeBody(**summary, document=document, problems=problems)


def tree_page_body(page: TreePage) -> TreePageBody:
    """Present a page of trees."""
    return TreePageBody(items=[tree_summary_body(tree) for tree in page.items], total=page.total)


def tree_version_body(version: CoreTreeVersion) -> TreeVersionBody:
    """Present one version."""
    return TreeVersionBody(
        tree_id=version.tree_id,
        version=version.version,
        created_at=version.created_at,
        created_by=version.created_by,
        document=version.document.to_data(),
    )


def tree_version_page_body(page: VersionPage) -> TreeVersionPageBody:
    """Present a page of versions."""
    return TreeVersionPageBody(
        items=[tree_version_body(version) for version in page.items], total=page.total
    )


def category_body(category: CategoryCount) -> CategoryBody:
    """Present one category."""
    return CategoryBody(name=category.name, count=category.count)


def search_result_body(hits: list[SearchHit]) -> SearchResultBody:
    """Present search matches."""
    return SearchResultBody(
        items=[
            SearchHitBody(
                id=hit.tree_id,
                title=hit.title,
                category=hit.category,
                snippet=hit.snippet,
                rank=hit.rank,
            )
            for hit in hits
        ]
    )


def tree_analytics_body(analytics: TreeAnalytics) -> TreeAnalyticsBody:
    """Present a tree's analytics."""
    return TreeAnalyticsBody(
        started=analytics.started,
        completed=analytics.completed,
        outcomes={outcome.value: count for outcome, count in analytics.outcomes.items()},
        resolution_rate=analytics.resolution_rate,
        median_duration_seconds=analytics.median_duration_seconds,
        nodes=[
            NodeStatsBody(
                node_id=n.node_id, visits=n.visits, drop_offs=n.drop_offs, back_steps=n.back_steps
            )
            for n in analytics.nodes
        ],
        answers=[
            AnswerCountBody(node_id=a.node_id, answer_id=a.answer_id, count=a.count)
            for a in analytics.answers
        ],
    )
