"""Full-text search over one account's live trees, in each database's own way.

PostgreSQL ranks the generated, weighted ``trees.search_vector`` with
``ts_rank``; SQLite ranks its FTS5 mirror ``tree_search`` with ``bm25``.
Both give title > tags > description and node text.
"""

from __future__ import annotations

from typing import Any, Final
from uuid import UUID

from sqlalchemy import ColumnElement, func, literal_column, select, text
from sqlalchemy.orm import Session

from adapters.sqlalchemy.rows import TreeRow
from decision_core.trees.catalogue import SearchHit, TreeStatus

_MARK: Final = "**"
_HEADLINE_OPTIONS: Final = f"StartSel={_MARK}, StopSel={_MARK}, MaxWords=20, MinWords=8"

# bm25 weights of the FTS5 columns (tree_id, title, tags, body): title > tags > body.
_SQLITE_SEARCH: Final = """
SELECT trees.id AS id, trees.title AS title, trees.category AS category,
       snippet(tree_search, -1, '**', '**', '…', 12) AS snippet,
       -bm25(tree_search, 0.0, 10.0, 5.0, 1.0) AS rank
FROM tree_search JOIN trees ON trees.id = tree_search.tree_id
WHERE tree_search MATCH :match
  AND trees.account_id = :account_id
  AND trees.deleted_at IS NULL
  AND (:published_only = 0 OR trees.status = 'published')
ORDER BY rank DESC, trees.title, trees.id
LIMIT :limit
"""


def _fts5_query(query: str) -> str:
    # Every term as a quoted string, so no user input is read as FTS5 syntax.
    # Only the text columns: ``tree_id`` is indexed too, for deletes, but never searched.
    terms = " ".join('"' + term.replace('"', '""') + '"' for term in query.split())
    return f"{{title tags body}} : ({terms})"


def search_sqlite(
    session: Session, account_id: UUID, query: str, limit: int, *, published_only: bool
) -> list[SearchHit]:
    """The best ``limit`` matches by ``bm25`` over the FTS5 mirror."""
    parameters: dict[str, Any] = {
        "match": _fts5_query(query),
        "account_id": account_id.hex,
        "published_only": int(published_only),
        "limit": limit,
    }
    rows = session.execute(text(_SQLITE_SEARCH), parameters)
    return [
        SearchHit(UUID(str(row.id)), row.title, row.category, row.snippet, float(row.rank))
        for row in rows
    ]


def search_postgres(
    session: Session, account_id: UUID, query: str, limit: int, *, published_only: bool
) -> list[SearchHit]:
    """The best ``limit`` matches by ``ts_rank`` over ``trees.search_vector``."""
    tsquery = func.websearch_to_tsquery("english", query)
    vector: ColumnElement[Any] = literal_column("trees.search_vector")
    rank = func.ts_rank(vector, tsquery).label("rank")
    document = func.concat_ws(
        " … ", TreeRow.title, TreeRow.search_tags, TreeRow.description, TreeRow.search_body
    )
    snippet = func.ts_headline("english", document, tsquery, _HEADLINE_OPTIONS)
    live = [TreeRow.account_id == account_id, TreeRow.deleted_at.is_(None)]
    if published_only:
        live.append(TreeRow.status == TreeStatus.PUBLISHED.value)
    statement = (
        select(TreeRow.id, TreeRow.title, TreeRow.category, snippet.label("snippet"), rank)
        .where(*live)
        .where(vector.op("@@")(tsquery))
        .order_by(rank.desc(), TreeRow.title, TreeRow.id)
        .limit(limit)
    )
    return [
        SearchHit(row.id, row.title, row.category, row.snippet, float(row.rank))
        for row in session.execute(statement)
    ]
