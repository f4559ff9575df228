"""Full-text search over one account's live trees, in two tiers.

A tree whose title or tags hold a word of the query (the *heading* tier)
ranks above every tree that matches only through its description and node
text (the *body* tier). Within a tier each database's own relevance orders
the trees, then title and id: ``ts_rank`` over the weighted
``trees.search_vector`` on PostgreSQL, ``bm25`` over the FTS5 mirror
``tree_search`` on SQLite. The body tier is read only when the heading tier
leaves the page short, so a word that most trees mention somewhere does not
cost a ranking of most of the account (docs/decisions.md, D83).

Reported ranks keep the order: a heading hit's rank is its relevance plus 1,
a body hit's is its relevance alone, which lies in [0, 1] (``ts_rank``
does; SQLite's ``-bm25`` is mapped there by ``s / (1 + s)``).
"""

from __future__ import annotations

from collections.abc import Callable
from enum import Enum
from typing import Any, Final
from uuid import UUID

from sqlalchemy import text
from sqlalchemy.orm import Session

from decision_core.trees.catalogue import SearchHit


class Tier(Enum):
    """Which matches one statement ranks, best tier first."""

    HEADING = "a query word in the title or tags"
    BODY = "every query word only in the description or node text"


# Added to a heading hit's relevance, which the body tier's never reaches.
RANK_BONUS: Final = {Tier.HEADING: 1.0, Tier.BODY: 0.0}

_HEADLINE_OPTIONS: Final = "StartSel=**, StopSel=**, MaxWords=20, MinWords=8"

# The same expression as the GIN index ix_trees_search_heading (migration 0004), or the
# index is not used: the distinct words of a tree's title and tags, as text[].
HEADING_WORDS: Final = (
    "tsvector_to_array(to_tsvector('english', trees.title || ' ' || trees.search_tags))"
)
# SQL from constants only, here and below: every value a caller gives is a bound parameter.
_HEADING_TREES: Final = f"""
  SELECT * FROM trees WHERE trees.account_id = :account_id
    AND {HEADING_WORDS} && tsvector_to_array(to_tsvector('english', :query))"""  # noqa: S608

# The parsed query, as a subquery so that it is parsed once per statement: psycopg prepares
# a statement on its fifth run, and under PostgreSQL's generic plan for it a plain call would
# be evaluated again for every tree (that made a search of a device three times slower).
_TSQUERY: Final = "(SELECT websearch_to_tsquery('english', :query))"

# Rank one tier's trees, then read the wide text columns for the headline of the page only.
_POSTGRES_TIER: Final = """
WITH ranked AS (
  SELECT trees.id, trees.title,
         ts_rank(trees.search_vector, {tsquery}) AS rank
  FROM {trees} AS trees
  WHERE trees.account_id = :account_id
    AND trees.deleted_at IS NULL
    AND (NOT :published_only OR trees.status = 'published')
    AND trees.search_vector @@ {tsquery}
    AND {tier}
  ORDER BY rank DESC, trees.title, trees.id
  LIMIT :limit
)
SELECT trees.id, trees.title, trees.category,
       ts_headline('english',
                   concat_ws(' … ', trees.title, trees.search_tags, trees.description,
                             trees.search_body),
                   {tsquery}, '{options}') AS snippet,
       ranked.rank
FROM ranked JOIN trees ON trees.id = ranked.id
ORDER BY ranked.rank DESC, ranked.title, ranked.id
"""
POSTGRES_STATEMENTS: Final = {
    # OFFSET 0 keeps the full-text test out of the subquery, so PostgreSQL checks the few
    # heading trees one by one instead of also reading the big index for a common word.
    Tier.HEADING: text(
        _POSTGRES_TIER.format(
            trees=f"({_HEADING_TREES} OFFSET 0)",
            tier="TRUE",
            tsquery=_TSQUERY,
            options=_HEADLINE_OPTIONS,
        )
    ),
    # The heading trees' ids, hashed once: cheaper than the heading words of every match.
    Tier.BODY: text(
        _POSTGRES_TIER.format(
            trees="trees",
            tier=f"trees.id NOT IN (SELECT id FROM ({_HEADING_TREES}) AS heading)",  # noqa: S608
            tsquery=_TSQUERY,
            options=_HEADLINE_OPTIONS,
        )
    ),
}

# bm25 weights of the FTS5 columns (tree_id, title, tags, body): title > tags > body.
_SQLITE_TIER: Final = text("""
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
""")


def _in_tiers(search_tier: Callable[[Tier, int], list[SearchHit]], limit: int) -> list[SearchHit]:
    """The best ``limit`` hits of the heading tier, then as many of the body tier as fit."""
    hits = search_tier(Tier.HEADING, limit)
    if len(hits) < limit:
        hits += search_tier(Tier.BODY, limit - len(hits))
    return hits


def search_postgres(
    session: Session, account_id: UUID, query: str, limit: int, *, published_only: bool
) -> list[SearchHit]:
    """The best ``limit`` matches, heading tier first, each tier by ``ts_rank``."""

    def search_tier(tier: Tier, limit: int) -> list[SearchHit]:
        bonus = RANK_BONUS[tier]
        parameters = {
            "query": query,
            "account_id": account_id,
            "published_only": published_only,
            "limit": limit,
        }
        return [
            SearchHit(row.id, row.title, row.category, row.snippet, float(row.rank) + bonus)
            for row in session.execute(POSTGRES_STATEMENTS[tier], parameters)
        ]

    return _in_tiers(search_tier, limit)


def search_sqlite(
    session: Session, account_id: UUID, query: str, limit: int, *, published_only: bool
) -> list[SearchHit]:
    """The best ``limit`` matches, heading tier first, each tier by ``bm25``."""

    def search_tier(tier: Tier, limit: int) -> list[SearchHit]:
        bonus = RANK_BONUS[tier]
        parameters: dict[str, Any] = {
            "match": _fts5_query(query, tier),
            "account_id": account_id.hex,
            "published_only": int(published_only),
            "limit": limit,
        }
        return [
            SearchHit(
                UUID(str(row.id)), row.title, row.category, row.snippet, _unit(row.rank) + bonus
            )
            for row in session.execute(_SQLITE_TIER, parameters)
        ]

    return _in_tiers(search_tier, limit)


def _fts5_query(query: str, tier: Tier) -> str:
    # Every term as a quoted string, so no user input is read as FTS5 syntax.
    # Only the text columns: ``tree_id`` is indexed too, for deletes, but never searched.
    terms = ['"' + term.replace('"', '""') + '"' for term in query.split()]
    every_term = f"{{title tags body}} : ({' '.join(terms)})"
    a_term_in_heading = f"{{title tags}} : ({' OR '.join(terms)})"
    return f"{every_term} {'AND' if tier is Tier.HEADING else 'NOT'} {a_term_in_heading}"


def _unit(score: float) -> float:
    # FTS5 clamps each term's idf above zero, so -bm25 is never negative.
    return score / (1.0 + score)
