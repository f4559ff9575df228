"""Importing a tree unless the account has one with its title: one use case, one transaction."""

from __future__ import annotations

from datetime import timedelta

import pytest

from adapters.memory import FixedClock, MemoryStore
from decision_core import audit
from decision_core.errors import Forbidden, TreeInvalid, TreeTitleExists
from decision_core.json_value import JsonValue
from decision_core.roles import Role
from decision_core.trees import problems as codes
from decision_core.trees.catalogue import TreeStatus
from decision_core.trees.problems import Severity
from decision_core.usecases.context import Operator, Services
from decision_core.usecases.tree_authoring import delete_tree
from decision_core.usecases.tree_import import import_tree
from tests.unit.conftest import SignedInMember, events, owner_signed_in
from tests.unit.tree_builders import broken_document, make_tree, printer_document


def export_of(title: str, document: JsonValue = None) -> dict[str, JsonValue]:
    """A JSON export titled ``title``: the printer document unless told otherwise."""
    return {
        "title": title,
        "description": "",
        "category": None,
        "tags": [],
        "document": printer_document() if document is None else document,
    }


def test_an_import_of_a_new_title_creates_a_draft_with_its_problems(
    services: Services, store: MemoryStore, team: dict[Role, SignedInMember]
) -> None:
    """Drafts may have errors; the view lists every error and warning."""
    view = import_tree(services, team[Role.ENGINEER].principal, export_of("VPN", broken_document()))
    assert (view.tree.title, view.tree.status) == ("VPN", TreeStatus.DRAFT)
    assert [(p.severity, p.code) for p in view.problems] == [
        (Severity.ERROR, codes.ACTION_WITHOUT_NEXT),
        (Severity.ERROR, codes.TRAP),
    ]
    [event] = events(store, audit.TREE_CREATED)
    assert event.resource_id == str(view.tree.id)


def test_a_title_the_account_has_names_its_tree_and_writes_nothing(
    services: Services, store: MemoryStore, team: dict[Role, SignedInMember]
) -> None:
    """Drafts count; the export's title is trimmed as a stored title is; case matters."""
    engineer = team[Role.ENGINEER].principal
    draft = make_tree(services, team[Role.OWNER], title="VPN", status=TreeStatus.DRAFT)
    before = (dict(store.tables.trees), list(store.tables.audit))
    for title in ("VPN", "  VPN "):
        with pytest.raises(TreeTitleExists) as raised:
            import_tree(services, engineer, export_of(title), TreeStatus.PUBLISHED)
        assert (raised.value.tree_id, raised.value.title) == (draft.tree.id, "VPN")
        assert raised.value.code == "tree_title_exists"
    assert (dict(store.tables.trees), list(store.tables.audit)) == before
    assert import_tree(services, engineer, export_of("vpn")).tree.title == "vpn"


def test_the_oldest_of_several_trees_with_the_title_is_named(
    services: Services, clock: FixedClock, team: dict[Role, SignedInMember]
) -> None:
    """POST /trees allows repeated titles; the import names the first of them."""
    owner = team[Role.OWNER]
    clock.advance(timedelta(minutes=1))
    make_tree(services, owner, title="VPN")
    clock.advance(timedelta(minutes=-2))
    first = make_tree(services, owner, title="VPN")
    with pytest.raises(TreeTitleExists) as raised:
        import_tree(services, owner.principal, export_of("VPN"))
    assert raised.value.tree_id == first.tree.id


def test_a_deleted_trees_title_and_another_accounts_are_free(
    services: Services, team: dict[Role, SignedInMember]
) -> None:
    """Deleted trees are gone for every use case, and titles belong to one account."""
    owner = team[Role.OWNER]
    deleted = make_tree(services, owner, title="VPN")
    delete_tree(services, owner.principal, deleted.tree.id)
    again = import_tree(services, owner.principal, export_of("VPN"))
    assert again.tree.id != deleted.tree.id
    stranger = owner_signed_in(services, "stranger@example.org")
    assert import_tree(services, stranger.principal, export_of("VPN")).tree.title == "VPN"


def test_an_import_is_refused_for_a_viewer_and_for_an_unreadable_export(
    services: Services, team: dict[Role, SignedInMember]
) -> None:
    """Importing is authoring, refused before the export is read; a blank title is no title."""
    for export in (export_of("VPN"), {"nothing": "here"}):
        with pytest.raises(Forbidden):
            import_tree(services, team[Role.VIEWER].principal, export)
    with pytest.raises(TreeInvalid) as raised:
        import_tree(services, team[Role.ENGINEER].principal, export_of("   "))
    assert [p.code for p in raised.value.tree_problems] == [codes.EMPTY_TITLE]


def test_publishing_an_import_needs_a_document_without_errors(
    services: Services, store: MemoryStore, owner: SignedInMember
) -> None:
    """The rule of creating a tree: TreeInvalid with every problem, and nothing stored."""
    operator = Operator(owner.user.account_id)
    with pytest.raises(TreeInvalid):
        import_tree(services, operator, export_of("VPN", broken_document()), TreeStatus.PUBLISHED)
    assert store.tables.trees == {}
    published = import_tree(services, operator, export_of("VPN"), TreeStatus.PUBLISHED)
    assert (published.tree.status, published.problems) == (TreeStatus.PUBLISHED, ())
