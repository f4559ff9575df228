"""Creating, changing, importing, exporting, listing and deleting trees, by role and account."""

from __future__ import annotations

from datetime import timedelta
from uuid import uuid4

import pytest

from adapters.memory import FixedClock, MemoryStore
from decision_core import audit
from decision_core.errors import Forbidden, NotFound, TreeInvalid
from decision_core.roles import Role
from decision_core.trees import problems as codes
from decision_core.trees.catalogue import CategoryCount, TreeQuery, TreeStatus
from decision_core.usecases.context import Services
from decision_core.usecases.tree_authoring import TreeChange, delete_tree, update_tree
from decision_core.usecases.tree_catalogue import (
    TreeExportFormat,
    export_tree,
    get_tree,
    list_tree_versions,
    list_trees,
    search_trees,
    tree_categories,
    validate_tree_document,
)
from decision_core.usecases.tree_import import import_tree
from tests.unit.conftest import SignedInMember, events, owner_signed_in
from tests.unit.tree_builders import broken_document, make_tree, printer_document


def test_an_engineer_creates_a_tree_at_version_one(
    services: Services, store: MemoryStore, team: dict[Role, SignedInMember]
) -> None:
    """The tree, its first version and a tree.created event are stored together."""
    view = make_tree(services, team[Role.ENGINEER], tags=(" printer ", "printer", ""))
    assert (view.tree.version, view.version.version, view.tree.tags) == (1, 1, ("printer",))
    [event] = events(store, audit.TREE_CREATED)
    assert event.resource_id == str(view.tree.id)
    assert event.details == {"title": "Printer won't print", "status": "published", "version": 1}


def test_a_viewer_may_not_author_and_an_engineer_may_not_delete(
    services: Services, team: dict[Role, SignedInMember]
) -> None:
    """Authoring needs engineer, deleting admin."""
    with pytest.raises(Forbidden):
        make_tree(services, team[Role.VIEWER])
    view = make_tree(services, team[Role.ENGINEER])
    with pytest.raises(Forbidden):
        delete_tree(services, team[Role.ENGINEER].principal, view.tree.id)


def test_a_draft_may_have_errors_but_publishing_it_may_not(
    services: Services, team: dict[Role, SignedInMember]
) -> None:
    """Errors block publishing with every problem listed, never saving a draft."""
    engineer = team[Role.ENGINEER]
    draft = make_tree(services, engineer, status=TreeStatus.DRAFT, document=broken_document())
    with pytest.raises(TreeInvalid) as raised:
        update_tree(
            services, engineer.principal, draft.tree.id, TreeChange(status=TreeStatus.PUBLISHED)
        )
    assert codes.ACTION_WITHOUT_NEXT in {p.code for p in raised.value.tree_problems}
    with pytest.raises(TreeInvalid):
        make_tree(services, engineer, document=broken_document())


def test_unreadable_documents_and_blank_titles_are_refused(
    services: Services, team: dict[Role, SignedInMember]
) -> None:
    """Even a draft needs a readable document and a title."""
    engineer = team[Role.ENGINEER]
    with pytest.raises(TreeInvalid):
        make_tree(services, engineer, status=TreeStatus.DRAFT, document={"nodes": 3})
    with pytest.raises(TreeInvalid) as raised:
        make_tree(services, engineer, title="  ")
    assert [p.code for p in raised.value.tree_problems] == [codes.EMPTY_TITLE]


def test_a_new_document_makes_a_new_version_and_metadata_does_not(
    services: Services, clock: FixedClock, store: MemoryStore, team: dict[Role, SignedInMember]
) -> None:
    """Versions only grow with the document; the old one stays readable."""
    engineer = team[Role.ENGINEER]
    tree_id = make_tree(services, engineer).tree.id
    clock.advance(timedelta(minutes=1))
    renamed = update_tree(
        services, engineer.principal, tree_id, TreeChange(title="Printers", category=" ")
    )
    assert (renamed.tree.version, renamed.tree.title, renamed.tree.category) == (
        1,
        "Printers",
        None,
    )
    document = printer_document()
    assert isinstance(document, dict)
    document["start"] = "reboot"
    changed = update_tree(
        services, engineer.principal, tree_id, TreeChange(document=document, tags=("a",))
    )
    assert changed.tree.version == 2
    assert changed.tree.description == "Office printers"
    versions = list_tree_versions(services, engineer.principal, tree_id)
    assert [v.document.start for v in versions.items] == ["on", "reboot"]
    assert versions.total == 2
    newest_only = list_tree_versions(services, engineer.principal, tree_id, limit=1, offset=1)
    assert [v.version for v in newest_only.items] == [2]
    assert newest_only.total == 2
    assert events(store, audit.TREE_UPDATED)[-1].details == {
        "changes": ["tags", "document"],
        "version": 2,
    }


def test_an_unchanged_update_writes_nothing(
    services: Services, store: MemoryStore, team: dict[Role, SignedInMember]
) -> None:
    """The same document and values: no version, no event."""
    engineer = team[Role.ENGINEER]
    view = make_tree(services, engineer)
    same = update_tree(
        services,
        engineer.principal,
        view.tree.id,
        TreeChange(title=view.tree.title, document=printer_document()),
    )
    assert same == view
    assert events(store, audit.TREE_UPDATED) == []


def test_deleting_hides_the_tree_but_keeps_its_versions(
    services: Services, store: MemoryStore, team: dict[Role, SignedInMember]
) -> None:
    """A soft delete: NotFound through the use cases, history still stored."""
    view = make_tree(services, team[Role.ENGINEER])
    delete_tree(services, team[Role.ADMIN].principal, view.tree.id)
    with pytest.raises(NotFound):
        get_tree(services, team[Role.OWNER].principal, view.tree.id)
    with pytest.raises(NotFound):
        delete_tree(services, team[Role.ADMIN].principal, view.tree.id)
    assert store.tables.trees[view.tree.id].deleted_at is not None
    assert (view.tree.id, 1) in store.tables.tree_versions
    assert len(events(store, audit.TREE_DELETED)) == 1


def test_another_accounts_tree_is_not_found(
    services: Services, team: dict[Role, SignedInMember]
) -> None:
    """Reading, changing, exporting or deleting a foreign tree is NotFound, as is an unknown id."""
    view = make_tree(services, team[Role.ENGINEER])
    stranger = owner_signed_in(services, "stranger@example.org")
    for action in (
        lambda: get_tree(services, stranger.principal, view.tree.id),
        lambda: update_tree(services, stranger.principal, view.tree.id, TreeChange(title="x")),
        lambda: delete_tree(services, stranger.principal, view.tree.id),
        lambda: export_tree(services, stranger.principal, view.tree.id, TreeExportFormat.JSON),
        lambda: get_tree(services, stranger.principal, uuid4()),
    ):
        with pytest.raises(NotFound):
            action()


def test_viewers_see_published_trees_only(
    services: Services, team: dict[Role, SignedInMember]
) -> None:
    """Drafts are NotFound for viewers and missing from their lists, categories and searches."""
    engineer, viewer = team[Role.ENGINEER], team[Role.VIEWER]
    draft = make_tree(
        services, engineer, status=TreeStatus.DRAFT, title="Draft scanner", category="Scan"
    )
    published = make_tree(services, engineer, tags=("printer", "office"))
    with pytest.raises(NotFound):
        get_tree(services, viewer.principal, draft.tree.id)
    assert get_tree(services, viewer.principal, published.tree.id).tree == published.tree
    page = list_trees(services, viewer.principal, TreeQuery(status=TreeStatus.DRAFT))
    assert (page.items, page.total) == ((), 0)
    assert list_trees(services, engineer.principal, TreeQuery(tag="office")).total == 1
    assert list_trees(services, engineer.principal, TreeQuery(category="Scan", limit=1)).total == 1
    assert tree_categories(services, viewer.principal) == [CategoryCount("Printing", 1)]
    assert tree_categories(services, engineer.principal) == [
        CategoryCount("Printing", 1),
        CategoryCount("Scan", 1),
    ]
    assert search_trees(services, viewer.principal, "scanner", 10) == []
    [hit] = search_trees(services, engineer.principal, "scanner", 10)
    assert hit.tree_id == draft.tree.id


def test_search_ranks_title_above_tags_above_node_text(
    services: Services, team: dict[Role, SignedInMember]
) -> None:
    """The same word in a title beats it in tags, which beats it in node text."""
    engineer = team[Role.ENGINEER]
    in_text = make_tree(services, engineer, title="Paper jam", tags=())
    in_tags = make_tree(services, engineer, title="Toner", tags=("reboot",))
    in_title = make_tree(services, engineer, title="Reboot loop", tags=())
    hits = search_trees(services, engineer.principal, "REBOOT", 10)
    assert [h.tree_id for h in hits] == [in_title.tree.id, in_tags.tree.id, in_text.tree.id]
    assert hits[2].snippet == "Reboot it"
    assert search_trees(services, engineer.principal, "   ", 10) == []


def test_export_then_import_makes_an_equal_draft(
    services: Services, team: dict[Role, SignedInMember]
) -> None:
    """JSON export re-imports as a new draft with the same content (in an account without it)."""
    engineer = team[Role.ENGINEER]
    view = make_tree(services, engineer)
    exported = export_tree(services, engineer.principal, view.tree.id, TreeExportFormat.JSON)
    elsewhere = owner_signed_in(services, "elsewhere@example.org")
    imported = import_tree(services, elsewhere.principal, exported)
    assert imported.tree.id != view.tree.id
    assert imported.tree.status is TreeStatus.DRAFT
    assert imported.version.document == view.version.document
    assert (
        export_tree(services, elsewhere.principal, imported.tree.id, TreeExportFormat.JSON)
        == exported
    )
    with pytest.raises(TreeInvalid):
        import_tree(services, engineer.principal, {"title": 3})


def test_diagram_exports(services: Services, team: dict[Role, SignedInMember]) -> None:
    """Mermaid and DOT exports name every node."""
    engineer = team[Role.ENGINEER]
    view = make_tree(services, engineer)
    text = export_tree(services, engineer.principal, view.tree.id, TreeExportFormat.MERMAID)
    assert isinstance(text, str)
    assert text.startswith("flowchart TD\n")
    assert 'n0{"Is the printer on?"}' in text
    graph = export_tree(services, engineer.principal, view.tree.id, TreeExportFormat.DOT)
    assert '"on" -> "reboot" [label="Yes"];' in str(graph)


def test_validation_checks_links_against_published_trees(
    services: Services, team: dict[Role, SignedInMember]
) -> None:
    """A link to a published tree of the account is fine; to a draft it is an error."""
    engineer = team[Role.ENGINEER]
    target = make_tree(services, engineer)
    draft = make_tree(services, engineer, status=TreeStatus.DRAFT)
    assert (
        validate_tree_document(services, engineer.principal, printer_document(target.tree.id)) == ()
    )
    problems = validate_tree_document(services, engineer.principal, printer_document(draft.tree.id))
    assert [p.code for p in problems] == [codes.LINK_TO_UNKNOWN_TREE]
    with pytest.raises(Forbidden):
        validate_tree_document(services, team[Role.VIEWER].principal, printer_document())
