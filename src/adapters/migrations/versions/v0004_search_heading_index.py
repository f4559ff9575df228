"""Search reads trees with a query word in their title or tags first: index those words.

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-03

PostgreSQL gets a GIN index over the distinct words (english lexemes) of each
tree's title and tags, as an array, so the heading tier of a search
(``adapters.sqlalchemy.tree_search``) finds its trees without reading the
others; the search repeats the index's expression verbatim. It is an index
on an expression of columns the repository already keeps, so nothing more
has to be maintained on insert or update. SQLite needs nothing: FTS5
filters by column (``{title tags} : ...``) from its own index.
"""

from __future__ import annotations

from typing import Final

from alembic import op

revision: Final = "0004"
down_revision: Final = "0003"
branch_labels: Final = None
depends_on: Final = None

HEADING_WORDS: Final = "tsvector_to_array(to_tsvector('english', title || ' ' || search_tags))"


def upgrade() -> None:
    """Index the title and tag words of every tree (PostgreSQL only)."""
    if op.get_bind().dialect.name == "postgresql":
        op.execute(f"CREATE INDEX ix_trees_search_heading ON trees USING gin (({HEADING_WORDS}))")


def downgrade() -> None:
    """Drop the index again (PostgreSQL only)."""
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP INDEX ix_trees_search_heading")
