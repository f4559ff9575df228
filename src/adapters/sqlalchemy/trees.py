"""Decision trees and their versions in SQL, with each database's own full-text search.

Search reads one row per tree: the repository copies the tags and the newest
version's node text into ``trees.search_tags`` / ``trees.search_body`` on
every write. PostgreSQL derives a weighted ``tsvector`` from them in a
generated column (GIN-indexed); SQLite has no such column, so the repository
mirrors the same text into the FTS5 table ``tree_search``. The queries
themselves live in :mod:`.tree_search`.
"""

from __future__ import annotations

import hashlib
from collections.abc import Collection
from typing import Final
from uuid import UUID

from sqlalchemy import (
    ColumnElement,
    exists,
    func,
    insert,
    select,
    text,
    type_coerce,
    update,
)
from sqlalchemy.dialects import postgresql
from sqlalchemy.exc import IntegrityError

from adapters.sqlalchemy.fast_path.parsed_versions import PARSED_VERSIONS
from adapters.sqlalchemy.fast_path.statements import VERSION_BY_KEY, VERSION_STAMP
from adapters.sqlalchemy.in_transaction import InTransaction
from adapters.sqlalchemy.tree_mapping import (
    search_body,
    tree_columns,
    tree_from_row,
    version_columns,
    version_from_row,
)
from adapters.sqlalchemy.tree_rows import TreeRow, TreeVersionRow
from adapters.sqlalchemy.tree_search import search_postgres, search_sqlite
from decision_core.ports.trees import TreeRepository
from decision_core.trees.catalogue import (
    CategoryCount,
    SearchHit,
    Tree,
    TreePage,
    TreeQuery,
    TreeStatus,
    TreeVersion,
    VersionPage,
)

# The first key of PostgreSQL's two-key advisory locks that hold a tree title ("dtti");
# migrations lock with the one-key form, a space of its own.
TITLE_LOCK_SPACE: Final = 0x6474_7469


class SqlAlchemyTrees(InTransaction, TreeRepository):
    """The ``trees`` and ``tree_versions`` tables (and SQLite's ``tree_search``)."""

    @property
    def _is_sqlite(self) -> bool:
        return self._session.get_bind().dialect.name == "sqlite"

    def add(self, tree: Tree) -> None:
        """Insert a new tree; its search text grows when its first version arrives."""
        self._session.execute(insert(TreeRow).values({**tree_columns(tree), "search_body": ""}))
        self._index(tree.id)

    def get(self, tree_id: UUID, *, for_update: bool = False) -> Tree | None:
        """The tree, deleted or not; ``for_update`` locks its row until the transaction ends.

        Authoring reads a tree, then saves it whole and adds version ``n + 1``:
        without the lock, two changes at once on PostgreSQL would collide on the
        version number, drop one another's fields, or undo a delete. Readers
        do not lock, so walkers never queue behind each other. SQLite ignores
        FOR UPDATE; its write transactions are serial anyway.
        """
        query = select(TreeRow).where(TreeRow.id == tree_id)
        if for_update:
            query = query.with_for_update()
        row = self._session.scalars(query).first()
        return None if row is None else tree_from_row(row)

    def save(self, tree: Tree) -> None:
        """Replace the tree's metadata and refresh its search text."""
        columns = tree_columns(tree)
        del columns["id"]
        self._session.execute(update(TreeRow).where(TreeRow.id == tree.id).values(columns))
        self._index(tree.id)

    def add_version(self, version: TreeVersion) -> None:
        """Insert a version; an existing ``(tree_id, version)`` raises ``ValueError``."""
        try:
            with self._session.begin_nested():
                self._session.execute(insert(TreeVersionRow).values(version_columns(version)))
        except IntegrityError as error:
            msg = f"version {version.version} of tree {version.tree_id} already exists"
            raise ValueError(msg) from error
        self._index(version.tree_id)

    def get_version(self, tree_id: UUID, version: int) -> TreeVersion | None:
        """One version, or ``None``; parsed once per process (``fast_path.parsed_versions``)."""
        key = {"p_tree_id": tree_id, "p_version": version}
        stamp = self._transaction.first(VERSION_STAMP, key)
        if stamp is None:
            return None
        created_at = stamp.created_at
        cached = PARSED_VERSIONS.get((tree_id, version, created_at))
        if cached is not None:
            return cached
        # Versions are never removed, and this transaction just saw the row.
        parsed = version_from_row(self._transaction.first(VERSION_BY_KEY, key))
        PARSED_VERSIONS.put(parsed)
        return parsed

    def version_page(self, tree_id: UUID, *, limit: int, offset: int) -> VersionPage:
        """One page of the versions, oldest first, and their count, both from the database."""
        of_tree = TreeVersionRow.tree_id == tree_id
        total = self._session.scalar(
            select(func.count()).select_from(TreeVersionRow).where(of_tree)
        )
        rows = self._session.scalars(
            select(TreeVersionRow)
            .where(of_tree)
            .order_by(TreeVersionRow.version)
            .limit(limit)
            .offset(offset)
        )
        return VersionPage(items=tuple(version_from_row(row) for row in rows), total=total or 0)

    def page(self, account_id: UUID, query: TreeQuery, *, published_only: bool) -> TreePage:
        """Live trees matching ``query``, most recently updated first."""
        criteria = _live(account_id, published_only=published_only)
        if query.category is not None:
            criteria.append(TreeRow.category == query.category)
        if query.status is not None:
            criteria.append(TreeRow.status == query.status.value)
        if query.tag is not None:
            criteria.append(self._has_tag(query.tag))
        total = self._session.scalar(select(func.count()).select_from(TreeRow).where(*criteria))
        rows = self._session.scalars(
            select(TreeRow)
            .where(*criteria)
            .order_by(TreeRow.updated_at.desc(), TreeRow.id.desc())
            .limit(query.limit)
            .offset(query.offset)
        )
        return TreePage(items=tuple(tree_from_row(row) for row in rows), total=total or 0)

    def _has_tag(self, tag: str) -> ColumnElement[bool]:
        if self._is_sqlite:
            tags = func.json_each(TreeRow.tags).table_valued("value")
            return exists(select(tags.c.value).where(tags.c.value == tag))
        return type_coerce(TreeRow.tags, postgresql.JSONB()).contains([tag])

    def categories(self, account_id: UUID, *, published_only: bool) -> list[CategoryCount]:
        """Categories of live trees with their counts, by name."""
        query = (
            select(TreeRow.category, func.count())
            .where(*_live(account_id, published_only=published_only))
            .where(TreeRow.category.is_not(None))
            .group_by(TreeRow.category)
            .order_by(TreeRow.category)
        )
        return [
            CategoryCount(str(name), int(count)) for name, count in self._session.execute(query)
        ]

    def published_ids(
        self, account_id: UUID, *, among: Collection[UUID] | None = None
    ) -> set[UUID]:
        """Ids of published, undeleted trees (of ``among`` only, if given)."""
        query = select(TreeRow.id).where(*_live(account_id, published_only=True))
        if among is not None:
            query = query.where(TreeRow.id.in_(among))
        return set(self._session.scalars(query))

    def live_by_id(self, account_id: UUID, tree_ids: Collection[UUID]) -> dict[UUID, Tree]:
        """The account's undeleted trees among ``tree_ids``, by id: one SELECT ... IN."""
        if not tree_ids:
            return {}
        rows = self._session.scalars(
            select(TreeRow).where(
                *_live(account_id, published_only=False), TreeRow.id.in_(list(tree_ids))
            )
        )
        trees = (tree_from_row(row) for row in rows)
        return {tree.id: tree for tree in trees}

    def with_title(self, account_id: UUID, title: str) -> Tree | None:
        """The oldest live tree with exactly this title."""
        row = self._session.scalars(
            select(TreeRow)
            .where(*_live(account_id, published_only=False), TreeRow.title == title)
            .order_by(TreeRow.created_at, TreeRow.id)
            .limit(1)
        ).first()
        return None if row is None else tree_from_row(row)

    def hold_title(self, account_id: UUID, title: str) -> None:
        """A transaction-scoped advisory lock on PostgreSQL; SQLite's writers are serial already.

        The lock's key is a hash of the account and title: two titles that
        share a key only wait for each other needlessly, never wrongly.
        """
        if self._is_sqlite:
            return
        self._session.execute(
            text("SELECT pg_advisory_xact_lock(:space, :key)"),
            {"space": TITLE_LOCK_SPACE, "key": _title_lock_key(account_id, title)},
        )

    def search(
        self, account_id: UUID, query: str, limit: int, *, published_only: bool
    ) -> list[SearchHit]:
        """Full-text search over live trees, best first; a blank query matches nothing."""
        if not query.strip() or limit <= 0:
            return []
        search = search_sqlite if self._is_sqlite else search_postgres
        return search(self._session, account_id, query, limit, published_only=published_only)

    def _index(self, tree_id: UUID) -> None:
        """Copy the newest version's node text into the search columns (and FTS5 on SQLite)."""
        row = self._session.scalars(select(TreeRow).where(TreeRow.id == tree_id)).first()
        if row is None:
            return
        version = self.get_version(tree_id, row.version)
        body = "" if version is None else search_body(version)
        self._session.execute(update(TreeRow).where(TreeRow.id == tree_id).values(search_body=body))
        if not self._is_sqlite:
            return
        self._session.execute(
            text(
                "DELETE FROM tree_search WHERE rowid IN"
                " (SELECT rowid FROM tree_search WHERE tree_search MATCH :own)"
            ),
            {"own": f'tree_id : "{tree_id.hex}"'},
        )
        self._session.execute(
            text(
                "INSERT INTO tree_search (tree_id, title, tags, body)"
                " VALUES (:tree_id, :title, :tags, :body)"
            ),
            {
                "tree_id": tree_id.hex,
                "title": row.title,
                "tags": row.search_tags,
                "body": f"{row.description}\n{body}",
            },
        )


def _title_lock_key(account_id: UUID, title: str) -> int:
    """A signed 32-bit key for ``(account_id, title)``, the same in every process."""
    digest = hashlib.blake2b(f"{account_id}/{title}".encode(), digest_size=4).digest()
    return int.from_bytes(digest, "big", signed=True)


def _live(account_id: UUID, *, published_only: bool) -> list[ColumnElement[bool]]:
    criteria = [TreeRow.account_id == account_id, TreeRow.deleted_at.is_(None)]
    if published_only:
        criteria.append(TreeRow.status == TreeStatus.PUBLISHED.value)
    return criteria
