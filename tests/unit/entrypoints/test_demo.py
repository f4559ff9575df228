"""The demo trees (issue 5's seed-demo) validate cleanly, and seeding them is idempotent."""

from __future__ import annotations

from collections import Counter

import pytest

from decision_core.errors import Forbidden
from decision_core.roles import Role
from decision_core.trees.catalogue import TreeQuery, TreeStatus
from decision_core.trees.parsing import Malformed
from decision_core.trees.portable import read_portable
from decision_core.trees.problems import Problem
from decision_core.trees.validation import validate_data
from decision_core.usecases import tree_catalogue
from decision_core.usecases.context import Services
from decision_core.usecases.tree_authoring import delete_tree
from decision_core.usecases.tree_catalogue import get_tree
from entrypoints.demo import demo_tree_data, seed_demo
from tests.unit.conftest import SignedInMember
from tests.unit.tree_builders import make_tree

DEMO = demo_tree_data()


def test_there_are_at_least_five_demo_trees() -> None:
    """Printing, VPN, email delivery, a slow PC and Wi-Fi."""
    assert set(DEMO) >= {"printing.json", "vpn.json", "email.json", "slow_pc.json", "wifi.json"}


@pytest.mark.parametrize("name", sorted(DEMO))
def test_a_demo_tree_is_a_realistic_tree_without_any_problem(name: str) -> None:
    """8-20 nodes, every kind but links, 2-4 answers per question, no errors or warnings."""
    portable = read_portable(DEMO[name])
    assert not isinstance(portable, Malformed)
    data = DEMO[name]
    assert isinstance(data, dict)
    problems: tuple[Problem, ...] = validate_data(data["document"], ())
    assert problems == ()
    nodes = data["document"]["nodes"]
    assert 8 <= len(nodes) <= 20
    kinds = Counter(node["kind"] for node in nodes)
    assert {"question", "action", "solution", "escalation"} <= set(kinds)
    assert all(2 <= len(n["answers"]) <= 4 for n in nodes if n["kind"] == "question")


def test_seeding_publishes_every_demo_tree_once(services: Services, owner: SignedInMember) -> None:
    """A rerun adds nothing; every tree is published."""
    seeded = seed_demo(services, owner.principal)
    assert len(seeded) == len(DEMO)
    assert {view.tree.status for view in seeded} == {TreeStatus.PUBLISHED}
    assert seed_demo(services, owner.principal) == []
    page = tree_catalogue.list_trees(services, owner.principal, TreeQuery())
    assert page.total == len(DEMO)


def test_seeding_skips_the_titles_the_account_has_even_as_drafts(
    services: Services, owner: SignedInMember
) -> None:
    """A draft of a demo tree's title keeps it out; a deleted tree's title does not."""
    titles = [data["title"] for data in DEMO.values() if isinstance(data, dict)]
    draft = make_tree(services, owner, title=titles[0], status=TreeStatus.DRAFT)
    deleted = make_tree(services, owner, title=titles[1])
    delete_tree(services, owner.principal, deleted.tree.id)
    seeded = seed_demo(services, owner.principal)
    assert sorted(view.tree.title for view in seeded) == sorted(titles[1:])
    assert get_tree(services, owner.principal, draft.tree.id).tree.status is TreeStatus.DRAFT


def test_a_viewer_may_not_seed(services: Services, team: dict[Role, SignedInMember]) -> None:
    """Seeding is authoring: engineer or stronger."""
    with pytest.raises(Forbidden):
        seed_demo(services, team[Role.VIEWER].principal)
