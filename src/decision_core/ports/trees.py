"""The tree ports: trees with their versions, and the walks through them."""

from __future__ import annotations

from collections.abc import Collection
from datetime import datetime
from typing import Protocol
from uuid import UUID

from decision_core.trees.catalogue import (
    CategoryCount,
    SearchHit,
    Tree,
    TreePage,
    TreeQuery,
    TreeVersion,
    VersionPage,
)
from decision_core.trees.walk_listing import WalkPage, WalkQuery
from decision_core.trees.walks import Walk, WalkStatus


class TreeRepository(Protocol):
    """Decision trees and their immutable versions.

    ``get`` answers for soft-deleted trees too (the use cases decide who may
    see them); every listing, count and search leaves them out. Versions are
    only ever added, never changed or removed.
    """

    def add(self, tree: Tree) -> None:
        """Store a new tree (its first version is added with :meth:`add_version`)."""
        ...

    def get(self, tree_id: UUID, *, for_update: bool = False) -> Tree | None:
        """The tree, deleted or not, or ``None``.

        ``for_update`` holds the tree until the transaction ends, for a read,
        change and save that must not interleave with another one.
        """
        ...

    def save(self, tree: Tree) -> None:
        """Replace a stored tree's metadata (title, status, version, deleted_at...)."""
        ...

    def add_version(self, version: TreeVersion) -> None:
        """Store a new version; ``(tree_id, version)`` is unique."""
        ...

    def get_version(self, tree_id: UUID, version: int) -> TreeVersion | None:
        """One version of a tree, or ``None``."""
        ...

    def version_page(self, tree_id: UUID, *, limit: int, offset: int) -> VersionPage:
        """Up to ``limit`` versions of a tree after the first ``offset``, oldest first."""
        ...

    def page(self, account_id: UUID, query: TreeQuery, *, published_only: bool) -> TreePage:
        """The account's live trees matching ``query``, most recently updated first."""
        ...

    def categories(self, account_id: UUID, *, published_only: bool) -> list[CategoryCount]:
        """Each category of the account's live trees with its count, by name."""
        ...

    def published_ids(
        self, account_id: UUID, *, among: Collection[UUID] | None = None
    ) -> set[UUID]:
        """The ids of the account's published, undeleted trees: what a link may name.

        With ``among``, only those of its ids (the trees a document links to),
        so checking a document's links need not read every tree of the account.
        """
        ...

    def live_by_id(self, account_id: UUID, tree_ids: Collection[UUID]) -> dict[UUID, Tree]:
        """The account's undeleted trees among ``tree_ids``, by id, in one read.

        For a page that shows whole trees for a list of ids (search hits).
        """
        ...

    def with_title(self, account_id: UUID, title: str) -> Tree | None:
        """The account's oldest undeleted tree titled exactly ``title``, or ``None``."""
        ...

    def hold_title(self, account_id: UUID, title: str) -> None:
        """Until the transaction ends, make others holding this title of the account wait.

        For a check-then-create (an import unless the title exists): of two
        transactions holding one title, the second reads what the first wrote.
        """
        ...

    def search(
        self, account_id: UUID, query: str, limit: int, *, published_only: bool
    ) -> list[SearchHit]:
        """Up to ``limit`` live trees matching ``query``, best first.

        Matches title, description, tags and the node text of the newest
        version. A tree with a query word in its title or tags ranks above
        every tree that matches only in its description and node text; within
        that, a title match ranks above a tag match, which ranks above a
        description or node-text match. A blank query matches nothing.
        """
        ...


class WalkRepository(Protocol):
    """Walks through trees, each a whole value saved at once."""

    def add(self, session: Walk) -> None:
        """Store a new session."""
        ...

    def get(self, session_id: UUID, *, for_update: bool = False) -> Walk | None:
        """The session, or ``None``; ``for_update`` as for :meth:`TreeRepository.get`."""
        ...

    def save(self, session: Walk) -> None:
        """Replace a stored session."""
        ...

    def matching(
        self,
        account_id: UUID,
        *,
        user_id: UUID | None = None,
        tree_id: UUID | None = None,
        status: WalkStatus | None = None,
    ) -> list[Walk]:
        """Every session of the account matching every filter given, newest first."""
        ...

    def page(self, account_id: UUID, query: WalkQuery) -> WalkPage:
        """The account's sessions matching ``query``, newest first by ``(started_at, id)``."""
        ...

    def count_started_since(self, account_id: UUID, since: datetime | None) -> int:
        """How many walks of the account started at or after ``since``."""
        ...

    def oldest_first_after(
        self,
        account_id: UUID,
        *,
        since: datetime | None,
        after: tuple[datetime, UUID] | None,
        limit: int,
    ) -> list[Walk]:
        """Up to ``limit`` walks of the account in ``(started_at, id)`` order, oldest first.

        Only walks started at or after ``since``, and strictly after the
        ``(started_at, id)`` key ``after``: a keyset page, stable while rows
        are added.
        """
        ...
