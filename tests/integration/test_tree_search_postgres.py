"""PostgreSQL's tiered search: what the tiers leave unchanged, and the index they rely on."""

import random
from uuid import UUID

import pytest
from sqlalchemy import Engine, text

from adapters.sqlalchemy import unit_of_work_factory
from adapters.sqlalchemy.tree_search import HEADING_WORDS, POSTGRES_STATEMENTS, Tier

from .examples import an_account
from .tree_examples import a_document, a_tree, given_trees

pytestmark = pytest.mark.postgres

# Every match by ts_rank over the whole weighted vector: the search before it had tiers.
PLAIN_TS_RANK = text("""
SELECT id FROM trees
WHERE account_id = :account_id
  AND search_vector @@ websearch_to_tsquery('english', :query)
ORDER BY ts_rank(search_vector, websearch_to_tsquery('english', :query)) DESC, title, id
LIMIT :limit
""")


def test_a_one_word_search_ranks_exactly_by_ts_rank(clean_postgres_engine: Engine) -> None:
    """For one word the tiers change nothing: its weight in the title or tags ranks it first.

    Title words come first in the vector, tag words next, so ts_rank of a word
    found in the title is at least 0.61, in the tags 0.24 to 0.4, and in the
    text alone below 0.2.
    """
    rng = random.Random(7)  # noqa: S311 - sample text, not secrets
    account = an_account()
    words = ["modem", "cable", "light"]

    def some(word: str) -> str:
        return " ".join([word] * rng.randint(0, 3))

    trees = [
        (
            a_tree(account, title=f"Case {n} {some('modem')}", tags=tuple(some("modem").split())),
            a_document(f"Is the {some('modem')} {rng.choice(words)} on?", f"{some('modem')}."),
        )
        for n in range(60)
    ]
    uow_factory = unit_of_work_factory(clean_postgres_engine)
    given_trees(uow_factory, account, *trees)
    for limit in (1, 5, 20, 60):
        with uow_factory() as uow:
            hits = uow.trees.search(account.id, "modem", limit, published_only=False)
        with clean_postgres_engine.connect() as connection:
            parameters = {"account_id": account.id, "query": "modem", "limit": limit}
            plain: list[UUID] = list(connection.scalars(PLAIN_TS_RANK, parameters))
        assert [hit.tree_id for hit in hits] == plain
    text_only = [tree for tree, _ in trees if "modem" not in f"{tree.title} {tree.tags}"]
    assert len(text_only) >= 2, "the example needs trees in both tiers"


def test_the_heading_tier_reads_the_title_and_tag_index(clean_postgres_engine: Engine) -> None:
    """The search repeats the index's expression exactly, so PostgreSQL can use the index."""
    heading_words = f"{HEADING_WORDS} && ARRAY['modem']"
    heading_test = text(f"EXPLAIN SELECT id FROM trees WHERE {heading_words}")  # noqa: S608
    with clean_postgres_engine.begin() as connection:
        connection.execute(text("SET LOCAL enable_seqscan = off"))
        plan = "\n".join(connection.scalars(heading_test))
    assert "ix_trees_search_heading" in plan
    assert HEADING_WORDS in POSTGRES_STATEMENTS[Tier.HEADING].text
