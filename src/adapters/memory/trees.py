"""In-memory decision trees, their versions, and a simple honest search."""

from __future__ import annotations

from collections import Counter
from collections.abc import Collection, Iterable
from uuid import UUID

from adapters.memory.store import Tables
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

# Search weights per field a term is found in: title above tags above description and node
# text, as in SQL. A tree with any term in its title or tags outranks every tree matching only
# in the rest (rank >= 2 + (n - 1) against at most n for n terms): the SQL searches' tiers.
_TITLE, _TAGS, _DESCRIPTION_OR_NODE_TEXT = 4.0, 2.0, 1.0
_SNIPPET_RADIUS = 40


class MemoryTrees(TreeRepository):
    """Trees and versions in dicts."""

    def __init__(self, tables: Tables) -> None:
        """Work on ``tables``."""
        self._tables = tables

    def add(self, tree: Tree) -> None:
        """Store a new tree."""
        self._tables.trees[tree.id] = tree

    def get(self, tree_id: UUID, *, for_update: bool = False) -> Tree | None:
        """The tree, deleted or not; the store's lock already serialises every change."""
        del for_update
        return self._tables.trees.get(tree_id)

    def save(self, tree: Tree) -> None:
        """Replace a stored tree."""
        self._tables.trees[tree.id] = tree

    def add_version(self, version: TreeVersion) -> None:
        """Store a new version, refusing to overwrite one."""
        key = (version.tree_id, version.version)
        if key in self._tables.tree_versions:
            msg = f"version {version.version} of tree {version.tree_id} already exists"
            raise ValueError(msg)
        self._tables.tree_versions[key] = version

    def get_version(self, tree_id: UUID, version: int) -> TreeVersion | None:
        """One version, or ``None``."""
        return self._tables.tree_versions.get((tree_id, version))

    def version_page(self, tree_id: UUID, *, limit: int, offset: int) -> VersionPage:
        """The tree's versions, oldest first, cut to the page."""
        versions = [v for (t, _), v in self._tables.tree_versions.items() if t == tree_id]
        versions.sort(key=lambda v: v.version)
        return VersionPage(items=tuple(versions[offset : offset + limit]), total=len(versions))

    def _live(self, account_id: UUID, *, published_only: bool) -> Iterable[Tree]:
        return (
            t
            for t in self._tables.trees.values()
            if t.account_id == account_id
            and t.deleted_at is None
            and (t.status is TreeStatus.PUBLISHED or not published_only)
        )

    def page(self, account_id: UUID, query: TreeQuery, *, published_only: bool) -> TreePage:
        """Live trees matching ``query``, most recently updated first."""
        found = [
            t for t in self._live(account_id, published_only=published_only) if query.admits(t)
        ]
        found.sort(key=lambda t: (t.updated_at, str(t.id)), reverse=True)
        items = found[query.offset : query.offset + query.limit]
        return TreePage(items=tuple(items), total=len(found))

    def categories(self, account_id: UUID, *, published_only: bool) -> list[CategoryCount]:
        """Categories of live trees with their counts, by name."""
        trees = self._live(account_id, published_only=published_only)
        counts = Counter(t.category for t in trees if t.category is not None)
        return [CategoryCount(name, counts[name]) for name in sorted(counts)]

    def published_ids(
        self, account_id: UUID, *, among: Collection[UUID] | None = None
    ) -> set[UUID]:
        """Ids of published, undeleted trees (of ``among`` only, if given)."""
        found = {t.id for t in self._live(account_id, published_only=True)}
        return found if among is None else found & set(among)

    def live_by_id(self, account_id: UUID, tree_ids: Collection[UUID]) -> dict[UUID, Tree]:
        """The account's undeleted trees among ``tree_ids``, by id."""
        wanted = set(tree_ids)
        return {t.id: t for t in self._live(account_id, published_only=False) if t.id in wanted}

    def with_title(self, account_id: UUID, title: str) -> Tree | None:
        """The oldest live tree with exactly this title."""
        titled = [t for t in self._live(account_id, published_only=False) if t.title == title]
        return min(titled, key=lambda t: (t.created_at, str(t.id)), default=None)

    def hold_title(self, account_id: UUID, title: str) -> None:
        """Nothing to do: the store's lock already serialises every transaction."""
        del account_id, title

    def search(
        self, account_id: UUID, query: str, limit: int, *, published_only: bool
    ) -> list[SearchHit]:
        """Case-insensitive term matching, weighted by the field a term is found in."""
        terms = query.casefold().split()
        hits = []
        for tree in self._live(account_id, published_only=published_only):
            hit = self._rank(tree, terms)
            if hit is not None:
                hits.append(hit)
        hits.sort(key=lambda h: (-h.rank, h.title, str(h.tree_id)))
        return hits[:limit]

    def _rank(self, tree: Tree, terms: list[str]) -> SearchHit | None:
        version = self._tables.tree_versions.get((tree.id, tree.version))
        nodes = [] if version is None else [n.text for n in version.document.nodes]
        fields = [
            (_TITLE, [tree.title]),
            (_TAGS, list(tree.tags)),
            (_DESCRIPTION_OR_NODE_TEXT, [tree.description, *nodes]),
        ]
        rank, snippet = 0.0, None
        for term in terms:
            found = next(
                ((w, t) for w, texts in fields for t in texts if term in t.casefold()), None
            )
            if found is None:
                return None  # every word must match, as the SQL full-text searches require
            weight, text = found
            rank += weight
            snippet = snippet or _snippet(text, term)
        if snippet is None:
            return None
        return SearchHit(tree.id, tree.title, tree.category, snippet, rank)


def _snippet(text: str, term: str) -> str:
    at = text.casefold().find(term)
    start, end = max(0, at - _SNIPPET_RADIUS), at + len(term) + _SNIPPET_RADIUS
    return ("…" if start else "") + text[start:end] + ("…" if end < len(text) else "")
