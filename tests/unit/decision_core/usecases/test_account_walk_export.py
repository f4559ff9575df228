"""Exporting an account's walks page by page, as the operator."""

from __future__ import annotations

from datetime import timedelta
from uuid import UUID, uuid4

import pytest

from adapters.memory import FixedClock, MemoryStore
from decision_core.errors import NotFound
from decision_core.roles import Role
from decision_core.usecases.account_walk_export import (
    PageKey,
    count_account_walks,
    export_account_walks,
)
from decision_core.usecases.context import Operator, Services
from decision_core.usecases.walks import get_walk, start_walk
from tests.unit.conftest import SignedInMember, owner_signed_in
from tests.unit.tree_builders import make_tree


def walks(
    services: Services, clock: FixedClock, author: SignedInMember, walkers: list[SignedInMember]
) -> list[str]:
    """One walk per walker, a minute apart, all of one tree by ``author``: ids, oldest first."""
    tree = make_tree(services, author).tree
    started = []
    for walker in walkers:
        clock.advance(timedelta(minutes=1))
        started.append(str(start_walk(services, walker.principal, tree.id).walk.id))
    return started


def test_pages_hold_every_walk_of_the_account_oldest_first_as_the_api_answers_them(
    services: Services, clock: FixedClock, team: dict[Role, SignedInMember]
) -> None:
    """Whoever walked it; each view is the GET's view; pages continue after the last key."""
    owner = team[Role.OWNER]
    ids = walks(services, clock, owner, [team[Role.VIEWER], owner, team[Role.ENGINEER]])
    operator = Operator(owner.principal.account_id)
    assert count_account_walks(services, operator, None) == 3
    first = export_account_walks(services, operator, since=None, after=None, limit=2)
    second = export_account_walks(services, operator, since=None, after=first.last, limit=2)
    end = export_account_walks(services, operator, since=None, after=second.last, limit=2)
    views = first.views + second.views
    assert [str(view.walk.id) for view in views] == ids
    assert views[1] == get_walk(services, owner.principal, UUID(ids[1]))
    assert (end.views, end.last) == ([], None)


def test_since_leaves_out_earlier_walks_and_other_accounts_never_appear(
    services: Services, clock: FixedClock, owner: SignedInMember
) -> None:
    """``since`` is inclusive; another account's walks are not the operator's business."""
    ids = walks(services, clock, owner, [owner, owner, owner])
    since = clock.now()  # the third walk's start
    stranger = owner_signed_in(services, "stranger@example.com")
    walks(services, clock, stranger, [stranger])
    operator = Operator(owner.principal.account_id)
    assert count_account_walks(services, operator, since) == 1
    page = export_account_walks(services, operator, since=since, after=None, limit=10)
    assert [str(view.walk.id) for view in page.views] == ids[2:]


def test_an_unknown_account_is_not_found(services: Services) -> None:
    """Both the count and a page say so, before reading anything else."""
    operator = Operator(uuid4())
    with pytest.raises(NotFound, match="no account"):
        count_account_walks(services, operator, None)
    with pytest.raises(NotFound, match="no account"):
        export_account_walks(services, operator, since=None, after=None, limit=1)


def test_a_walk_whose_tree_version_vanished_is_not_found(
    services: Services, clock: FixedClock, owner: SignedInMember, store: MemoryStore
) -> None:
    """Versions are never removed; if one were, the export names what is missing."""
    walks(services, clock, owner, [owner])
    store.tables.tree_versions.clear()
    after: PageKey | None = None
    with pytest.raises(NotFound, match="has no version 1"):
        export_account_walks(
            services, Operator(owner.principal.account_id), since=None, after=after, limit=1
        )
