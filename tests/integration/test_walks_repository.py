from datetime import timedelta
from uuid import uuid4

import attrs

from decision_core.identity import Account
from decision_core.ports.unit_of_work import UnitOfWorkFactory
from decision_core.trees.catalogue import Tree
from decision_core.trees.walk_listing import WalkPage, WalkQuery
from decision_core.trees.walks import (
    HistoryEntry,
    NodeRef,
    Outcome,
    PathStep,
    Walk,
    WalkOp,
    WalkStatus,
)

from .examples import NOW, an_account
from .tree_examples import a_tree, given_trees


def a_walk(account: Account, tree: Tree, *, minutes_ago: int = 0, user_id: object = None) -> Walk:
    """A walk two steps deep, with an undone detour in its history."""
    start = NOW - timedelta(minutes=minutes_ago)
    q, s0, s1 = (NodeRef(tree.id, 1, node) for node in ("q", "s0", "s1"))
    return Walk(
        id=uuid4(),
        account_id=account.id,
        user_id=user_id if isinstance(user_id, type(tree.id)) else uuid4(),
        tree_id=tree.id,
        tree_version=1,
        tree_title=tree.title,
        ticket_ref="INC-42",
        started_at=start,
        path=(
            PathStep(q, "Is it plugged in?", start, "a0", "Answer 0", "checked twice"),
            PathStep(s0, "Plug it in.", start + timedelta(seconds=30)),
        ),
        history=(
            HistoryEntry(WalkOp.START, start, q, q),
            HistoryEntry(WalkOp.ANSWER, start, q, s1, "a1", undone=True),
            HistoryEntry(WalkOp.BACK, start, s1, q),
            HistoryEntry(WalkOp.ANSWER, start, q, s0, "a0", "checked twice"),
        ),
    )


def test_a_walk_reads_back_equal_and_save_replaces_it(uow_factory: UnitOfWorkFactory) -> None:
    """Path and history survive whole; a completed walk replaces the active one."""
    account = an_account()
    tree = a_tree(account)
    given_trees(uow_factory, account, tree)
    walk = a_walk(account, tree)
    with uow_factory() as uow:
        uow.walks.add(walk)
        uow.commit()
    with uow_factory() as uow:
        assert uow.walks.get(walk.id) == walk
        assert uow.walks.get(uuid4()) is None
    done_at = NOW + timedelta(minutes=5)
    done = attrs.evolve(
        walk,
        status=WalkStatus.COMPLETED,
        outcome=Outcome.RESOLVED,
        summary="Cable was loose",
        notes="Customer on site",
        completed_at=done_at,
        history=(
            *walk.history,
            HistoryEntry(
                WalkOp.COMPLETE, done_at, walk.current.node, note="ok", outcome=Outcome.RESOLVED
            ),
        ),
    )
    with uow_factory() as uow:
        uow.walks.save(done)
        uow.commit()
    with uow_factory() as uow:
        assert uow.walks.get(walk.id) == done


def test_matching_filters_within_the_account_newest_first(uow_factory: UnitOfWorkFactory) -> None:
    """Each filter narrows; another account's walks never appear."""
    account, other_account = an_account(), an_account(name="Other")
    tree, other_tree = a_tree(account), a_tree(account, title="Second")
    foreign_tree = a_tree(other_account)
    given_trees(uow_factory, account, tree, other_tree)
    given_trees(uow_factory, other_account, foreign_tree)
    user = uuid4()
    old = a_walk(account, tree, minutes_ago=30, user_id=user)
    new = a_walk(account, tree, minutes_ago=10, user_id=user)
    elsewhere = a_walk(account, other_tree, minutes_ago=20)
    completed = attrs.evolve(
        a_walk(account, other_tree, minutes_ago=40, user_id=user), status=WalkStatus.COMPLETED
    )
    foreign = a_walk(other_account, foreign_tree)
    with uow_factory() as uow:
        for walk in (old, new, elsewhere, completed, foreign):
            uow.walks.add(walk)
        uow.commit()
    with uow_factory() as uow:
        walks = uow.walks
        assert walks.matching(account.id) == [new, elsewhere, old, completed]
        assert walks.matching(account.id, user_id=user) == [new, old, completed]
        assert walks.matching(account.id, tree_id=other_tree.id) == [elsewhere, completed]
        assert walks.matching(account.id, status=WalkStatus.COMPLETED) == [completed]
        assert walks.matching(
            account.id, user_id=user, tree_id=tree.id, status=WalkStatus.ACTIVE
        ) == [new, old]
        assert walks.matching(other_account.id) == [foreign]


def test_pages_cut_the_matching_walks_and_count_them_all(uow_factory: UnitOfWorkFactory) -> None:
    """Limit and offset cut the page; ``total`` counts every match of the same filters."""
    account, other_account = an_account(), an_account(name="Other")
    tree, other_tree = a_tree(account), a_tree(account, title="Second")
    foreign_tree = a_tree(other_account)
    given_trees(uow_factory, account, tree, other_tree)
    given_trees(uow_factory, other_account, foreign_tree)
    user = uuid4()
    walks = [a_walk(account, tree, minutes_ago=m, user_id=user) for m in range(5)]
    elsewhere = a_walk(account, other_tree, minutes_ago=10)
    completed = attrs.evolve(
        a_walk(account, other_tree, minutes_ago=20, user_id=user), status=WalkStatus.COMPLETED
    )
    with uow_factory() as uow:
        for walk in (*walks, elsewhere, completed, a_walk(other_account, foreign_tree)):
            uow.walks.add(walk)
        uow.commit()
    with uow_factory() as uow:
        repository = uow.walks
        assert repository.page(account.id, WalkQuery(limit=2, offset=1)) == WalkPage(
            (walks[1], walks[2]), 7
        )
        assert repository.page(account.id, WalkQuery()) == WalkPage(
            (*walks, elsewhere, completed), 7
        )
        assert repository.page(account.id, WalkQuery(offset=7)) == WalkPage((), 7)
        mine = WalkQuery(user_id=user, status=WalkStatus.ACTIVE, limit=3, offset=3)
        assert repository.page(account.id, mine) == WalkPage((walks[3], walks[4]), 5)
        other = WalkQuery(tree_id=other_tree.id, limit=1)
        assert repository.page(account.id, other) == WalkPage((elsewhere,), 2)
        assert repository.page(account.id, WalkQuery(user_id=uuid4())) == WalkPage((), 0)
        assert repository.page(other_account.id, WalkQuery(tree_id=tree.id)).total == 0


def test_pages_of_walks_started_at_one_instant_never_overlap(
    uow_factory: UnitOfWorkFactory,
) -> None:
    """Equal start times are ordered by id, descending, so every page is stable."""
    account = an_account()
    tree = a_tree(account)
    given_trees(uow_factory, account, tree)
    walks = [a_walk(account, tree) for _ in range(7)]
    with uow_factory() as uow:
        for walk in walks:
            uow.walks.add(walk)
        uow.commit()
    with uow_factory() as uow:
        pages = [
            uow.walks.page(account.id, WalkQuery(limit=3, offset=offset)) for offset in (0, 3, 6)
        ]
    assert {page.total for page in pages} == {7}
    assert [walk for page in pages for walk in page.items] == sorted(
        walks, key=lambda walk: str(walk.id), reverse=True
    )
