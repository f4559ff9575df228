from datetime import timedelta
from uuid import uuid4

import attrs
import pytest

from decision_core.ports.unit_of_work import UnitOfWorkFactory
from decision_core.trees.catalogue import (
    CategoryCount,
    TreePage,
    TreeQuery,
    TreeStatus,
    VersionPage,
)

from .examples import NOW, an_account
from .tree_examples import a_document, a_tree, a_version, given_trees


def test_a_tree_and_its_versions_read_back_equal(uow_factory: UnitOfWorkFactory) -> None:
    """Every field of a tree and of each version survives; versions come oldest first."""
    account = an_account()
    tree = a_tree(account, description="When it says offline", category="IT", tags=("a", "b"))
    given_trees(uow_factory, account, tree)
    second = a_version(tree, a_document("Is the light on?", "Replace toner.", "Call us."), 2)
    with uow_factory() as uow:
        uow.trees.add_version(second)
        uow.trees.save(attrs.evolve(tree, version=2, title="Printer down"))
        uow.commit()
    with uow_factory() as uow:
        assert uow.trees.get(tree.id) == attrs.evolve(tree, version=2, title="Printer down")
        assert uow.trees.get(a_tree(account).id) is None
        assert uow.trees.get_version(tree.id, 2) == second
        assert uow.trees.get_version(tree.id, 3) is None
        assert uow.trees.version_page(tree.id, limit=50, offset=0) == VersionPage(
            (a_version(tree), second), 2
        )


def test_version_pages_cut_oldest_first_and_count_every_version(
    uow_factory: UnitOfWorkFactory,
) -> None:
    """Limit and offset cut the page; ``total`` counts the tree's versions only."""
    account = an_account()
    tree, other = a_tree(account), a_tree(account, title="Other")
    given_trees(uow_factory, account, tree, other)
    versions = [a_version(tree)]
    versions += [a_version(tree, a_document(f"Step {n}?", "Done."), n) for n in range(2, 6)]
    with uow_factory() as uow:
        for version in versions[1:]:
            uow.trees.add_version(version)
        uow.commit()
    with uow_factory() as uow:
        pages = [uow.trees.version_page(tree.id, limit=2, offset=offset) for offset in (0, 2, 4)]
        assert pages == [
            VersionPage((versions[0], versions[1]), 5),
            VersionPage((versions[2], versions[3]), 5),
            VersionPage((versions[4],), 5),
        ]
        assert uow.trees.version_page(tree.id, limit=2, offset=5) == VersionPage((), 5)
        assert uow.trees.version_page(other.id, limit=1, offset=0).total == 1
        assert uow.trees.version_page(uuid4(), limit=1, offset=0) == VersionPage((), 0)


def test_a_version_is_never_overwritten(uow_factory: UnitOfWorkFactory) -> None:
    """Adding an existing (tree, version) raises ValueError and leaves the first in place."""
    account = an_account()
    tree = a_tree(account)
    given_trees(uow_factory, account, tree)
    with uow_factory() as uow:
        with pytest.raises(ValueError, match="already exists"):
            uow.trees.add_version(a_version(tree, a_document("Other?", "Other.")))
        assert uow.trees.version_page(tree.id, limit=50, offset=0) == VersionPage(
            (a_version(tree),), 1
        )


def test_a_deleted_tree_is_still_readable_but_never_listed(uow_factory: UnitOfWorkFactory) -> None:
    """``get`` answers for a soft-deleted tree; page, categories, ids and search leave it out."""
    account = an_account()
    tree = a_tree(account, title="Router reboot", category="Net", deleted=True)
    given_trees(uow_factory, account, tree)
    with uow_factory() as uow:
        assert uow.trees.get(tree.id) == tree
        assert uow.trees.page(account.id, TreeQuery(), published_only=False) == TreePage((), 0)
        assert uow.trees.categories(account.id, published_only=False) == []
        assert uow.trees.published_ids(account.id) == set()
        assert uow.trees.search(account.id, "router", 10, published_only=False) == []


def test_another_accounts_trees_never_appear(uow_factory: UnitOfWorkFactory) -> None:
    """Every listing is scoped to the account asked about."""
    mine, theirs = an_account(), an_account(name="Other")
    tree = a_tree(theirs, title="Router reboot", category="Net")
    given_trees(uow_factory, mine)
    given_trees(uow_factory, theirs, tree)
    with uow_factory() as uow:
        assert uow.trees.page(mine.id, TreeQuery(), published_only=False).total == 0
        assert uow.trees.categories(mine.id, published_only=False) == []
        assert uow.trees.published_ids(mine.id) == set()
        assert uow.trees.search(mine.id, "router", 10, published_only=False) == []
        assert uow.trees.published_ids(theirs.id) == {tree.id}


def test_pages_filter_and_order_by_last_update(uow_factory: UnitOfWorkFactory) -> None:
    """Filters combine; newest update first; limit and offset cut the page, total counts all."""
    account = an_account()
    trees = [
        a_tree(account, category="IT", tags=("printer",), updated_minutes_ago=m) for m in range(5)
    ]
    draft = a_tree(account, category="IT", status=TreeStatus.DRAFT, updated_minutes_ago=10)
    other = a_tree(account, category="HR", tags=("printer", "office"), updated_minutes_ago=20)
    given_trees(uow_factory, account, *trees, draft, other)
    with uow_factory() as uow:
        repository = uow.trees
        page = repository.page(account.id, TreeQuery(limit=2, offset=1), published_only=False)
        assert page == TreePage((trees[1], trees[2]), 7)
        published = repository.page(account.id, TreeQuery(), published_only=True)
        assert published == TreePage((*trees, other), 6)
        assert repository.page(
            account.id, TreeQuery(status=TreeStatus.DRAFT), published_only=False
        ) == TreePage((draft,), 1)
        assert repository.page(
            account.id, TreeQuery(category="HR"), published_only=False
        ) == TreePage((other,), 1)
        assert repository.page(
            account.id, TreeQuery(tag="office"), published_only=False
        ) == TreePage((other,), 1)
        assert (
            repository.page(account.id, TreeQuery(tag="printer"), published_only=False).total == 6
        )
        assert repository.page(account.id, TreeQuery(tag="print"), published_only=False).total == 0


def test_categories_are_counted_by_name(uow_factory: UnitOfWorkFactory) -> None:
    """Trees without a category are left out; drafts only count when asked for."""
    account = an_account()
    given_trees(
        uow_factory,
        account,
        a_tree(account, category="Network"),
        a_tree(account, category="Network"),
        a_tree(account, category="Hardware", status=TreeStatus.DRAFT),
        a_tree(account),
    )
    with uow_factory() as uow:
        assert uow.trees.categories(account.id, published_only=False) == [
            CategoryCount("Hardware", 1),
            CategoryCount("Network", 2),
        ]
        assert uow.trees.categories(account.id, published_only=True) == [
            CategoryCount("Network", 2)
        ]


def test_live_trees_are_read_by_id_in_one_call(uow_factory: UnitOfWorkFactory) -> None:
    """Drafts too; never a deleted tree, another account's, or an unknown id."""
    account, other = an_account(), an_account()
    draft = a_tree(account, status=TreeStatus.DRAFT)
    published, deleted, foreign = a_tree(account), a_tree(account, deleted=True), a_tree(other)
    given_trees(uow_factory, account, draft, published, deleted)
    given_trees(uow_factory, other, foreign)
    asked = [published.id, draft.id, deleted.id, foreign.id, uuid4()]
    with uow_factory() as uow:
        assert uow.trees.live_by_id(account.id, asked) == {published.id: published, draft.id: draft}
        assert uow.trees.live_by_id(account.id, []) == {}


def test_published_ids_name_published_live_trees(uow_factory: UnitOfWorkFactory) -> None:
    """Drafts and deleted trees are not linkable."""
    account = an_account()
    published = a_tree(account)
    given_trees(
        uow_factory,
        account,
        published,
        a_tree(account, status=TreeStatus.DRAFT),
        a_tree(account, deleted=True),
    )
    with uow_factory() as uow:
        assert uow.trees.published_ids(account.id) == {published.id}


def test_search_ranks_title_above_tags_above_node_text(uow_factory: UnitOfWorkFactory) -> None:
    """A word in the title beats one in the tags, which beats one in a node's text."""
    account = an_account()
    in_text = a_tree(account, title="Slow laptop", tags=("hardware",))
    in_tags = a_tree(account, title="Email bounce", tags=("firewall", "mail"))
    in_title = a_tree(account, title="Firewall blocks VPN", tags=("network",))
    unrelated = a_tree(account, title="Password reset", tags=("accounts",))
    given_trees(
        uow_factory,
        account,
        (in_text, a_document("Is the firewall scanning every file?", "Pause the scan.")),
        in_tags,
        in_title,
        unrelated,
    )
    with uow_factory() as uow:
        hits = uow.trees.search(account.id, "firewall", 10, published_only=False)
        assert [hit.tree_id for hit in hits] == [in_title.id, in_tags.id, in_text.id]
        assert all(hit.snippet for hit in hits)
        assert "firewall" in hits[2].snippet.casefold()
        assert hits[0].rank > hits[1].rank > hits[2].rank
        assert (hits[0].title, hits[0].category) == (in_title.title, in_title.category)
        limited = uow.trees.search(account.id, "firewall", 1, published_only=False)
        assert [hit.tree_id for hit in limited] == [in_title.id]
        assert uow.trees.search(account.id, "   ", 10, published_only=False) == []
        assert uow.trees.search(account.id, "kangaroo", 10, published_only=False) == []


def test_a_query_word_in_the_title_or_tags_ranks_above_every_text_only_match(
    uow_factory: UnitOfWorkFactory,
) -> None:
    """One word in the title or tags beats both words, however often, in the text alone."""
    account = an_account()
    in_title = a_tree(account, title="Password expired")
    in_tags = a_tree(account, title="Locked out", tags=("reset",))
    in_text = a_tree(account, title="Account help", description="Password reset, password reset.")
    given_trees(
        uow_factory,
        account,
        (in_title, a_document("Did they try a reset?", "Send a link.")),
        (in_tags, a_document("Forgot the password?", "Send a link.")),
        (in_text, a_document("Password reset again? Reset the password.", "Password reset.")),
    )
    with uow_factory() as uow:
        hits = uow.trees.search(account.id, "password reset", 10, published_only=False)
        assert [hit.tree_id for hit in hits] == [in_title.id, in_tags.id, in_text.id]
        assert hits[0].rank > hits[1].rank > hits[2].rank
        assert all(hit.snippet for hit in hits)
        two = uow.trees.search(account.id, "password reset", 2, published_only=False)
        assert [hit.tree_id for hit in two] == [in_title.id, in_tags.id]


def test_text_only_matches_fill_the_page_best_first_after_the_title_and_tag_matches(
    sql_uow_factory: UnitOfWorkFactory,
) -> None:
    """Behind the one title match, a word said four times in the text beats it said once.

    The in-memory search counts no repeats, so this runs on the SQL databases only.
    """
    uow_factory = sql_uow_factory
    account = an_account()
    in_title = a_tree(account, title="Password expired")
    once = a_tree(account, title="Account help")
    often = a_tree(account, title="Locked out", description="Password reset, password again.")
    given_trees(
        uow_factory,
        account,
        in_title,
        (once, a_document("Forgot the password?", "Send a link.")),
        (often, a_document("Password typed right?", "Change the password.")),
    )
    with uow_factory() as uow:
        hits = uow.trees.search(account.id, "password", 10, published_only=False)
        assert [hit.tree_id for hit in hits] == [in_title.id, often.id, once.id]
        assert hits[0].rank > hits[1].rank > hits[2].rank
        only_text = uow.trees.search(account.id, "link", 10, published_only=False)
        assert [hit.tree_id for hit in only_text] == [once.id]


@pytest.mark.parametrize(
    "query",
    ['"', '""', "-", "-printer", "printer or", "or", "o'neil", "\\", "a:b", "NEAR(x y)", "*"],
)
def test_a_search_reads_any_query_as_words_without_failing(
    uow_factory: UnitOfWorkFactory, query: str
) -> None:
    """Quotes, operators and punctuation in a query never break either tier's statement."""
    account = an_account()
    given_trees(uow_factory, account, a_tree(account, title="Printer offline"))
    with uow_factory() as uow:
        hits = uow.trees.search(account.id, query, 10, published_only=False)
    assert all(hit.title == "Printer offline" for hit in hits)


def test_search_covers_only_the_newest_version(uow_factory: UnitOfWorkFactory) -> None:
    """Node text of an older version no longer matches once a newer one is current."""
    account = an_account()
    tree = a_tree(account, title="Printer")
    given_trees(uow_factory, account, (tree, a_document("Is the toner empty?", "Refill.")))
    with uow_factory() as uow:
        uow.trees.add_version(a_version(tree, a_document("Is the paper jammed?", "Clear."), 2))
        uow.trees.save(attrs.evolve(tree, version=2, updated_at=NOW + timedelta(minutes=1)))
        uow.commit()
    with uow_factory() as uow:
        assert uow.trees.search(account.id, "toner", 10, published_only=False) == []
        hits = uow.trees.search(account.id, "jammed", 10, published_only=False)
        assert [hit.tree_id for hit in hits] == [tree.id]


def test_search_respects_published_only(uow_factory: UnitOfWorkFactory) -> None:
    """Viewers' searches leave drafts out."""
    account = an_account()
    draft = a_tree(account, title="Router reboot", status=TreeStatus.DRAFT)
    given_trees(uow_factory, account, draft)
    with uow_factory() as uow:
        assert uow.trees.search(account.id, "router", 10, published_only=True) == []
        hits = uow.trees.search(account.id, "router", 10, published_only=False)
        assert [hit.tree_id for hit in hits] == [draft.id]


def test_a_search_of_several_words_needs_every_word(uow_factory: UnitOfWorkFactory) -> None:
    """A search for printer offline finds trees holding both words, wherever each one is."""
    account = an_account()
    both = a_tree(account, title="Printer shows offline", tags=("printing",))
    split = a_tree(account, title="Printer queue stuck", tags=("printing",))
    one_only = a_tree(account, title="Printer out of paper", tags=("printing",))
    given_trees(
        uow_factory,
        account,
        both,
        (split, a_document("Is the printer offline in the queue?", "Bring it online.")),
        one_only,
    )
    with uow_factory() as uow:
        hits = uow.trees.search(account.id, "printer offline", 10, published_only=False)
    assert {hit.tree_id for hit in hits} == {both.id, split.id}
