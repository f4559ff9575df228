"""What the library and a tree's page read: filtered search, the overview, and who may do what."""

from __future__ import annotations

from datetime import timedelta

import pytest

from adapters.memory import FixedClock, MemoryStore
from decision_core.errors import Forbidden, NotFound
from decision_core.json_value import JsonValue
from decision_core.roles import Role
from decision_core.trees.catalogue import TreeQuery, TreeStatus
from decision_core.usecases import tree_authoring
from decision_core.usecases.context import Operator, Services
from decision_core.usecases.tree_authoring import TreeChange
from decision_core.usecases.tree_catalogue import get_tree_analytics
from decision_core.usecases.tree_library import (
    search_library,
    tree_actions,
    tree_overview,
)
from tests.unit.conftest import SignedInMember
from tests.unit.tree_builders import make_tree, printer_document


def test_search_shows_whole_trees_with_their_snippets(
    services: Services, team: dict[Role, SignedInMember]
) -> None:
    """Each hit carries the tree itself (version, status) and the search's snippet."""
    engineer = team[Role.ENGINEER]
    tree = make_tree(services, engineer).tree
    hits = search_library(services, engineer.principal, "reboot", TreeQuery(), 10)
    assert [hit.tree for hit in hits] == [tree]
    assert "Reboot" in hits[0].snippet


def test_search_then_filters_by_category_tag_and_status(
    services: Services, team: dict[Role, SignedInMember]
) -> None:
    """The filters narrow the ranked matches; viewers never see drafts."""
    engineer = team[Role.ENGINEER]
    printing = make_tree(services, engineer, title="Printer jam").tree
    network = make_tree(
        services, engineer, title="Printer offline", category="Network", tags=("wifi",)
    ).tree
    draft = make_tree(services, engineer, title="Printer draft", status=TreeStatus.DRAFT).tree

    def found(caller: SignedInMember, filters: TreeQuery) -> set[str]:
        hits = search_library(services, caller.principal, "printer", filters, 10)
        return {hit.tree.title for hit in hits}

    assert found(engineer, TreeQuery()) == {printing.title, network.title, draft.title}
    assert found(engineer, TreeQuery(category="Network")) == {network.title}
    assert found(engineer, TreeQuery(tag="wifi")) == {network.title}
    assert found(engineer, TreeQuery(status=TreeStatus.DRAFT)) == {draft.title}
    assert found(team[Role.VIEWER], TreeQuery()) == {printing.title, network.title}


def test_a_tree_deleted_between_search_and_read_is_left_out(
    services: Services, team: dict[Role, SignedInMember]
) -> None:
    """Deleted trees never match; the listing shows what is there."""
    engineer = team[Role.ENGINEER]
    tree = make_tree(services, engineer).tree
    tree_authoring.delete_tree(services, team[Role.ADMIN].principal, tree.id)
    assert search_library(services, engineer.principal, "printer", TreeQuery(), 10) == []


@pytest.mark.parametrize(
    ("role", "author", "delete"),
    [
        (Role.VIEWER, False, False),
        (Role.ENGINEER, True, False),
        (Role.ADMIN, True, True),
        (Role.OWNER, True, True),
    ],
)
def test_tree_actions_follow_the_roles_the_use_cases_require(
    services: Services, team: dict[Role, SignedInMember], role: Role, *, author: bool, delete: bool
) -> None:
    """What the pages offer is exactly what the use cases then allow."""
    tree = make_tree(services, team[Role.ENGINEER]).tree
    actions = tree_actions(role)
    assert (actions.may_author, actions.may_delete) == (author, delete)
    caller = team[role].principal
    try:
        get_tree_analytics(services, caller, tree.id)
        may_read_analytics = True
    except Forbidden:
        may_read_analytics = False
    try:
        tree_authoring.delete_tree(services, caller, tree.id)
        may_delete = True
    except Forbidden:
        may_delete = False
    assert (may_read_analytics, may_delete) == (author, delete)


def _retitled_document(text: str) -> JsonValue:
    """The printer document with another text on its solution: a new version's document."""
    document = printer_document()
    assert isinstance(document, dict)
    nodes = document["nodes"]
    assert isinstance(nodes, list)
    fixed = nodes[2]
    assert isinstance(fixed, dict)
    return {**document, "nodes": [*nodes[:2], {**fixed, "text": text}, *nodes[3:]]}


def test_the_overview_lists_the_newest_versions_first_with_their_authors(
    services: Services, clock: FixedClock, team: dict[Role, SignedInMember]
) -> None:
    """Three versions, the newest two shown, newest first; the operator's has no author."""
    engineer = team[Role.ENGINEER]
    tree = make_tree(services, engineer).tree
    clock.advance(timedelta(minutes=5))
    operator = Operator(tree.account_id)
    tree_authoring.update_tree(
        services, operator, tree.id, TreeChange(document=_retitled_document("Fixed"))
    )
    tree_authoring.update_tree(
        services, engineer.principal, tree.id, TreeChange(document=_retitled_document("Done"))
    )
    overview = tree_overview(services, team[Role.VIEWER].principal, tree.id, versions_shown=2)
    assert [(entry.version, entry.author) for entry in overview.history] == [
        (3, engineer.user.name),
        (2, None),
    ]
    assert overview.version.version == 3
    every = tree_overview(services, engineer.principal, tree.id)
    assert [entry.version for entry in every.history] == [3, 2, 1]
    assert every.history[2].created_at == every.history[1].created_at - timedelta(minutes=5)


def test_the_overview_gives_problems_to_authors_only(
    services: Services, team: dict[Role, SignedInMember]
) -> None:
    """A published tree whose link target was deleted: authors see why, viewers do not."""
    engineer = team[Role.ENGINEER]
    power = make_tree(services, engineer, title="Power").tree
    tree = make_tree(services, engineer, document=printer_document(power.id)).tree
    tree_authoring.delete_tree(services, team[Role.ADMIN].principal, power.id)
    assert tree_overview(services, engineer.principal, tree.id).problems
    viewed = tree_overview(services, team[Role.VIEWER].principal, tree.id)
    assert viewed.problems == ()
    assert viewed.actions == tree_actions(Role.VIEWER)


def test_a_draft_s_overview_is_not_found_for_a_viewer(
    services: Services, team: dict[Role, SignedInMember]
) -> None:
    """As for every read of a draft."""
    draft = make_tree(services, team[Role.ENGINEER], status=TreeStatus.DRAFT).tree
    with pytest.raises(NotFound):
        tree_overview(services, team[Role.VIEWER].principal, draft.id)


def test_a_version_by_a_user_the_store_lost_is_by_a_former_member(
    services: Services, team: dict[Role, SignedInMember], store: MemoryStore
) -> None:
    """Users are never deleted, but the page must not fail if one is missing."""
    engineer = team[Role.ENGINEER]
    tree = make_tree(services, engineer).tree
    del store.tables.users[engineer.user.id]
    overview = tree_overview(services, team[Role.VIEWER].principal, tree.id)
    assert overview.history[0].author == "a former member"
