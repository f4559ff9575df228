"""Trees, their immutable versions, and the values the tree repository answers with."""

from __future__ import annotations

import enum
from collections.abc import Iterable
from datetime import datetime
from uuid import UUID

import attrs

from decision_core.trees.document import TreeDocument


class TreeStatus(enum.Enum):
    """Only published trees can be walked, linked to, or seen by viewers."""

    DRAFT = "draft"
    PUBLISHED = "published"


@attrs.frozen
class Tree:
    """A tree's metadata; ``version`` is its newest version, the one walks start on.

    A published tree's newest version is always free of validation errors,
    because publishing and changing a published document both validate it.
    """

    id: UUID
    account_id: UUID
    title: str
    description: str
    category: str | None
    tags: tuple[str, ...]
    status: TreeStatus
    version: int
    created_by: UUID | None  # None: created by an operator (the CLI), not a user
    created_at: datetime
    updated_at: datetime
    deleted_at: datetime | None = None

    @property
    def is_published(self) -> bool:
        """Published and not deleted: walkable and linkable."""
        return self.status is TreeStatus.PUBLISHED and self.deleted_at is None


@attrs.frozen
class TreeVersion:
    """One document of a tree, never changed once written."""

    tree_id: UUID
    version: int
    document: TreeDocument
    created_at: datetime
    created_by: UUID | None  # None: written by an operator (the CLI), not a user


@attrs.frozen
class TreeQuery:
    """A filtered page of an account's trees (deleted trees never match)."""

    category: str | None = None
    tag: str | None = None
    status: TreeStatus | None = None
    limit: int = 50
    offset: int = 0

    def admits(self, tree: Tree) -> bool:
        """Whether ``tree`` passes the category, tag and status filters (paging aside)."""
        return (
            self.category in (None, tree.category)
            and (self.tag is None or self.tag in tree.tags)
            and self.status in (None, tree.status)
        )


@attrs.frozen
class TreePage:
    """The matching trees of one page, most recently updated first, and how many match."""

    items: tuple[Tree, ...]
    total: int


@attrs.frozen
class VersionPage:
    """One page of a tree's versions, oldest first, and how many versions the tree has."""

    items: tuple[TreeVersion, ...]
    total: int


@attrs.frozen
class CategoryCount:
    """How many visible trees carry a category."""

    name: str
    count: int


@attrs.frozen
class SearchHit:
    """One search result: ``rank`` is higher for a better match."""

    tree_id: UUID
    title: str
    category: str | None
    snippet: str
    rank: float


def clean_tags(tags: Iterable[str]) -> tuple[str, ...]:
    """Tags trimmed, without blanks or repeats, in the author's order."""
    trimmed = (tag.strip() for tag in tags)
    return tuple(dict.fromkeys(tag for tag in trimmed if tag))


def clean_category(category: str | None) -> str | None:
    """A trimmed category; blank means none."""
    return (category or "").strip() or None
