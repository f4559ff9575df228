"""What an import asks of the tree store: a title's tree, holding a title, and link targets."""

from __future__ import annotations

import threading
import time
from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta
from uuid import UUID, uuid4

import attrs
import pytest
from sqlalchemy import Engine

from adapters.sqlalchemy import unit_of_work_factory
from decision_core.ports.unit_of_work import UnitOfWorkFactory
from decision_core.trees.catalogue import Tree, TreeStatus

from .consume_in_process import RELEASE_TIMEOUT_SECONDS
from .examples import an_account, given
from .tree_examples import a_tree, a_version, given_trees

# Long enough that a read which does not wait would certainly have answered.
HEAD_START_SECONDS = 0.3


def test_a_title_finds_the_oldest_undeleted_tree_of_the_account_with_exactly_it(
    uow_factory: UnitOfWorkFactory,
) -> None:
    """Drafts count; deleted trees, other accounts and other spellings do not."""
    account, other = an_account(), an_account()
    oldest = a_tree(account, title="VPN", status=TreeStatus.DRAFT)
    newer = attrs.evolve(
        a_tree(account, title="VPN"), created_at=oldest.created_at + timedelta(seconds=1)
    )
    deleted = a_tree(account, title="Wi-Fi", deleted=True)
    given_trees(uow_factory, account, newer, oldest, deleted, a_tree(account, title="vpn "))
    given_trees(uow_factory, other, a_tree(other, title="Printer"))
    with uow_factory() as uow:
        found = uow.trees.with_title(account.id, "VPN")
        assert found is not None
        assert found.id == oldest.id
        assert uow.trees.with_title(account.id, "Wi-Fi") is None
        assert uow.trees.with_title(account.id, "Printer") is None
        assert uow.trees.with_title(other.id, "Printer") is not None


def test_published_ids_among_some_trees_name_only_those_that_are_published(
    uow_factory: UnitOfWorkFactory,
) -> None:
    """What checking a document's links reads: drafts, deleted and foreign trees are left out."""
    account, other = an_account(), an_account()
    published, unasked = a_tree(account), a_tree(account)
    draft = a_tree(account, status=TreeStatus.DRAFT)
    deleted = a_tree(account, deleted=True)
    given_trees(uow_factory, account, published, unasked, draft, deleted)
    foreign = a_tree(other)
    given_trees(uow_factory, other, foreign)
    asked = {published.id, draft.id, deleted.id, foreign.id, uuid4()}
    with uow_factory() as uow:
        assert uow.trees.published_ids(account.id, among=asked) == {published.id}
        assert uow.trees.published_ids(account.id, among=set()) == set()
        assert uow.trees.published_ids(account.id) == {published.id, unasked.id}


def test_holding_a_title_makes_a_second_holder_wait_and_then_see_the_first_ones_tree(
    uow_factory: UnitOfWorkFactory,
) -> None:
    """Two imports of one title at once: the second reads the tree the first created."""
    account = an_account()
    given(uow_factory, account)
    second_is_holding = threading.Event()

    def hold_and_look() -> Tree | None:
        second_is_holding.set()
        with uow_factory() as uow:
            uow.trees.hold_title(account.id, "VPN")
            return uow.trees.with_title(account.id, "VPN")

    created = a_tree(account, title="VPN")
    with ThreadPoolExecutor(1) as pool:
        with uow_factory() as uow:
            uow.trees.hold_title(account.id, "VPN")
            assert uow.trees.with_title(account.id, "VPN") is None
            later = pool.submit(hold_and_look)
            assert second_is_holding.wait(RELEASE_TIMEOUT_SECONDS)
            time.sleep(HEAD_START_SECONDS)  # a look that does not wait answers meanwhile
            uow.trees.add(created)
            uow.trees.add_version(a_version(created))
            uow.commit()
        found = later.result(timeout=RELEASE_TIMEOUT_SECONDS)
    assert found is not None
    assert found.id == created.id


@pytest.mark.postgres
def test_on_postgresql_another_title_or_account_does_not_wait(
    clean_postgres_engine: Engine,
) -> None:
    """The lock is the title's alone; holding it twice in one transaction is no deadlock."""
    uow_factory = unit_of_work_factory(clean_postgres_engine)
    account, other = an_account(), an_account()
    given(uow_factory, account)
    given(uow_factory, other)

    def hold(account_id: UUID, title: str) -> bool:
        with uow_factory() as uow:
            uow.trees.hold_title(account_id, title)
            uow.commit()
        return True

    with ThreadPoolExecutor(2) as pool, uow_factory() as uow:
        uow.trees.hold_title(account.id, "VPN")
        uow.trees.hold_title(account.id, "VPN")
        elsewhere = [pool.submit(hold, account.id, "Wi-Fi"), pool.submit(hold, other.id, "VPN")]
        assert [f.result(timeout=RELEASE_TIMEOUT_SECONDS) for f in elsewhere] == [True, True]
