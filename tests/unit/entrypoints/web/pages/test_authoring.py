"""The editor without a browser: the form as a browser sends it, small edits, checks, saves."""

from __future__ import annotations

import html
import re
from html.parser import HTMLParser
from typing import Final
from uuid import UUID

from litestar import Litestar
from litestar.testing import TestClient

from adapters.memory import MemoryStore
from decision_core.json_value import JsonValue
from decision_core.roles import Role
from decision_core.trees.catalogue import TreeStatus
from decision_core.usecases import tree_editing
from decision_core.usecases.context import Operator, Services
from decision_core.usecases.registration import create_invite
from decision_core.usecases.tree_authoring import NewTree, TreeChange, create_tree, update_tree
from entrypoints.web.authoring_form import read_editor
from tests.unit.entrypoints.web.conftest import csrf_token, register_and_sign_in
from tests.unit.tree_builders import printer_document


def printer_with_text(position: int, text: str) -> JsonValue:
    """The printer document with the text of node ``position`` replaced."""
    document = printer_document()
    assert isinstance(document, dict)
    nodes = document["nodes"]
    assert isinstance(nodes, list)
    node = nodes[position]
    assert isinstance(node, dict)
    node["text"] = text
    return document


def test_saving_the_editor_untouched_makes_no_new_version(
    browser: TestClient[Litestar], services: Services, store: MemoryStore
) -> None:
    """Text areas come back with CRLF line breaks; the page reads them as the LF they were."""
    register_and_sign_in(browser)
    owner = Operator(account_id=next(iter(store.tables.accounts)))
    document = printer_with_text(0, "Is the printer on?\nLook at the panel.")
    new = NewTree(title="Printer", description="Two\nlines", document=document)
    tree_id = create_tree(services, owner, new).tree.id
    form = form_of(browser.get(f"/trees/{tree_id}/edit").text)
    form["intent"] = "draft"
    answer = browser.post(f"/trees/{tree_id}/edit", data=form)
    assert answer.headers["location"] == f"/trees/{tree_id}/edit?saved=unchanged"
    assert store.tables.trees[tree_id].version == 1
    assert "still version 1" in browser.get(answer.headers["location"]).text


def test_the_form_reads_back_as_the_document_it_shows() -> None:
    """Cards in page order whatever their keys, empty targets as none, answers in their order."""
    form = {
        "start": "q",
        "order": ["7", "2"],
        "n2.id": "s",
        "n2.kind": "solution",
        "n7.a1.next": "",
        "n7.a1.id": "no",
        "n7.a0.id": "yes",
        "n7.a0.next": "s",
        "n7.a0.label": "Yes",
        "n7.id": "q",
        "n7.kind": "question",
        "n7.text": "On?\r\nReally?",
        "n2.next": "",
        "n5.id": "of no card",
        "unrelated": "x",
    }
    read = read_editor(form)
    assert read.keys == (7, 2)
    assert read.document == {
        "start": "q",
        "nodes": [
            {
                "id": "q",
                "kind": "question",
                "text": "On?\nReally?",
                "answers": [
                    {"id": "yes", "next": "s", "label": "Yes"},
                    {"next": None, "id": "no"},
                ],
            },
            {"id": "s", "kind": "solution", "next": None},
        ],
    }
    assert read_editor({"order": "3", "n3.id": "only", "n3.kind": "action"}).keys == (3,)


def test_a_viewer_cannot_open_the_authoring_pages(
    browser: TestClient[Litestar], services: Services, store: MemoryStore
) -> None:
    """New tree, import and the editor are for engineers and stronger: a 403 page."""
    register_and_sign_in(browser)
    owner = Operator(account_id=next(iter(store.tables.accounts)))
    tree_id = create_tree(services, owner, NewTree(title="T", document=printer_document())).tree.id
    assert tree_editing.tree_to_edit(services, owner, tree_id).tree.id == tree_id
    invite = create_invite(services, owner, Role.VIEWER)
    browser.cookies.clear()
    form = {
        "_csrf_token": csrf_token(browser, f"/join/{invite.code}"),
        "name": "Vic Viewer",
        "email": "vic@example.com",
        "password": "correct horse battery",
    }
    assert browser.post(f"/join/{invite.code}", data=form).status_code == 303
    for path in ("/trees/new", "/trees/import", f"/trees/{tree_id}/edit"):
        assert browser.get(path).status_code == 403
    assert "New tree" not in browser.get("/").text


def printer_tree(services: Services, store: MemoryStore) -> UUID:
    """The printer tree (published, version 1) in the signed-in owner's account."""
    owner = Operator(account_id=next(iter(store.tables.accounts)))
    new = NewTree(title="Printer", document=printer_document(), status=TreeStatus.PUBLISHED)
    return create_tree(services, owner, new).tree.id


HTMX: Final = {"HX-Request": "true"}


def test_a_new_node_for_an_answer_becomes_that_answers_target(
    browser: TestClient[Litestar], services: Services, store: MemoryStore
) -> None:
    """The button's own address names the card and the answer; the answer leads to the new node."""
    register_and_sign_in(browser)
    tree_id = printer_tree(services, store)
    page = browser.get(f"/trees/{tree_id}/edit").text
    found = re.search(r'formaction="(change\?edit=new-target[^"]*)"', page)
    assert found is not None
    answer = browser.post(
        f"/trees/{tree_id}/{html.unescape(found[1])}", data=form_of(page), headers=HTMX
    )
    assert answer.status_code == 200
    assert 'name="n0.a0.next" value="n1"' in answer.text  # "yes" of card 0 leads there
    assert 'name="n4.id" value="n1"' in answer.text  # the new card, with a key of its own
    assert 'data-focus-id="n4-kind"' in answer.text
    assert store.tables.trees[tree_id].version == 1  # nothing saved


def test_without_script_an_edit_shows_the_whole_editor_not_saved(
    browser: TestClient[Litestar], services: Services, store: MemoryStore
) -> None:
    """Move down as a plain form post: the page again, in the new order, saying it is not saved."""
    register_and_sign_in(browser)
    tree_id = printer_tree(services, store)
    form = form_of(browser.get(f"/trees/{tree_id}/edit").text)
    answer = browser.post(f"/trees/{tree_id}/change?edit=move-down&node=0", data=form)
    assert answer.status_code == 200
    assert "Node moved down. Not saved yet." in answer.text
    assert answer.text.index('value="reboot"') < answer.text.index('name="n1.id" value="on"')
    assert store.tables.trees[tree_id].version == 1


def test_without_script_removing_a_node_leaves_the_edges_to_it_for_the_checks(
    browser: TestClient[Litestar], services: Services, store: MemoryStore
) -> None:
    """The page again without the node; the node that led to it is an error in the checks."""
    register_and_sign_in(browser)
    tree_id = printer_tree(services, store)
    form = form_of(browser.get(f"/trees/{tree_id}/edit").text)
    answer = browser.post(f"/trees/{tree_id}/change?edit=remove-node&node=1", data=form)
    assert "Node reboot removed" in answer.text
    assert 'value="reboot"' not in answer.text.replace('name="n0.a0.next" value="reboot"', "")
    assert "leads to missing node &#39;reboot&#39;" in answer.text


def test_an_edit_of_a_card_the_form_does_not_have_is_not_found(
    browser: TestClient[Litestar], services: Services, store: MemoryStore
) -> None:
    """A stale or forged card key changes nothing: a 404, which the page reports."""
    register_and_sign_in(browser)
    tree_id = printer_tree(services, store)
    form = form_of(browser.get(f"/trees/{tree_id}/edit").text)
    for edit in ("add-answer&node=9", "remove-answer&node=0", "refresh"):
        answer = browser.post(f"/trees/{tree_id}/change?edit={edit}", data=form, headers=HTMX)
        assert answer.status_code == 404


def test_the_check_lists_the_problems_of_the_form_as_it_stands(
    browser: TestClient[Litestar], services: Services, store: MemoryStore
) -> None:
    """Nothing is saved; the problems come with the summary and the node ids, out of band."""
    register_and_sign_in(browser)
    tree_id = printer_tree(services, store)
    form = form_of(browser.get(f"/trees/{tree_id}/edit").text)
    form["n0.a1.next"] = "nowhere"
    answer = browser.post(f"/trees/{tree_id}/check", data=form, headers=HTMX)
    assert "leads to missing node &#39;nowhere&#39;" in answer.text
    assert 'id="problems-summary" hx-swap-oob="innerHTML">' in answer.text
    assert '<option value="power">' in answer.text


def test_publishing_with_errors_saves_nothing_and_keeps_the_form(
    browser: TestClient[Litestar], services: Services, store: MemoryStore
) -> None:
    """A published tree stays as it was; the page shows the form as sent, with why."""
    register_and_sign_in(browser)
    tree_id = printer_tree(services, store)
    form = form_of(browser.get(f"/trees/{tree_id}/edit").text)
    form["n1.next"] = ""
    form["n1.text"] = "Reboot it, twice"
    form["intent"] = "publish"
    answer = browser.post(f"/trees/{tree_id}/edit", data=form)
    assert answer.status_code == 422
    assert "Nothing was saved." in answer.text
    assert "reboot: an action needs a next node" in answer.text
    assert "Reboot it, twice" in answer.text
    assert store.tables.trees[tree_id].version == 1


def test_a_save_made_from_an_older_version_is_a_conflict_then_replaces_it(
    browser: TestClient[Litestar], services: Services, store: MemoryStore
) -> None:
    """Someone saved version 2 meanwhile: 409, the form kept; saving that page again replaces it."""
    register_and_sign_in(browser)
    tree_id = printer_tree(services, store)
    form = form_of(browser.get(f"/trees/{tree_id}/edit").text)
    owner = Operator(account_id=next(iter(store.tables.accounts)))
    other = printer_with_text(2, "Someone else's words")
    update_tree(services, owner, tree_id, TreeChange(document=other))
    form["n2.text"] = "Printing again, for good"
    form["title"] = "Printer, mine"
    form["intent"] = "publish"
    refused = browser.post(f"/trees/{tree_id}/edit", data=form)
    assert refused.status_code == 409
    assert "Someone saved version 2 while you were editing" in refused.text
    assert store.tables.trees[tree_id].version == 2
    retry = form_of(refused.text)
    assert (retry["base_version"], retry["was.title"]) == ("2", "Printer")
    assert (retry["n2.text"], retry["title"]) == ("Printing again, for good", "Printer, mine")
    retry["intent"] = "publish"
    saved = browser.post(f"/trees/{tree_id}/edit", data=retry)
    assert saved.headers["location"] == f"/trees/{tree_id}/edit?saved=version"
    assert (store.tables.trees[tree_id].version, store.tables.trees[tree_id].title) == (
        3,
        "Printer, mine",
    )


def test_a_save_keeps_details_someone_else_changed_that_the_author_did_not(
    browser: TestClient[Litestar], services: Services, store: MemoryStore
) -> None:
    """Only the details the page's author changed are written."""
    register_and_sign_in(browser)
    tree_id = printer_tree(services, store)
    form = form_of(browser.get(f"/trees/{tree_id}/edit").text)
    owner = Operator(account_id=next(iter(store.tables.accounts)))
    update_tree(services, owner, tree_id, TreeChange(title="Renamed", category="Hardware"))
    form["category"] = "Printers"
    form["intent"] = "publish"
    assert browser.post(f"/trees/{tree_id}/edit", data=form).status_code == 303
    tree = store.tables.trees[tree_id]
    assert (tree.title, tree.category, tree.version) == ("Renamed", "Printers", 1)


def test_a_new_tree_needs_a_title(browser: TestClient[Litestar], store: MemoryStore) -> None:
    """The form comes back with what was typed and the rule."""
    register_and_sign_in(browser)
    form = {
        "_csrf_token": csrf_token(browser, "/trees/new"),
        "title": "  ",
        "description": "Jobs stay queued",
        "category": "",
        "tags": "",
    }
    answer = browser.post("/trees/new", data=form)
    assert answer.status_code == 422
    assert "a tree needs a title" in answer.text
    assert "Jobs stay queued" in answer.text
    assert not store.tables.trees


def form_of(page: str) -> dict[str, str | list[str]]:
    """The editor form's fields as a browser sends them: in order, CRLF in text areas."""
    reader = _FormReader()
    reader.feed(page)
    values: dict[str, str | list[str]] = {}
    for name, value in reader.pairs:
        kept = values.setdefault(name, value)
        if kept is not value:
            values[name] = [*(kept if isinstance(kept, list) else [kept]), value]
    return values


class _FormReader(HTMLParser):
    """Collects the named fields of the form with id ``editor``, as a browser would submit it."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.pairs: list[tuple[str, str]] = []
        self._inside = False
        self._text_area: str | None = None
        self._select: str | None = None
        self._options: list[tuple[str, bool]] = []
        self._option: dict[str, str | None] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        if tag == "form":
            self._inside = found.get("id") == "editor"
        name = found.get("name")
        if not self._inside:
            return
        if tag == "input" and name and found.get("type") not in {"submit", "file"}:
            self.pairs.append((name, found.get("value") or ""))
        elif tag == "textarea" and name:
            self._text_area, self._text = name, ""
        elif tag == "select" and name:
            self._select, self._options = name, []
        elif tag == "option" and self._select:
            self._option = found
            self._options.append((found.get("value") or "", "selected" in found))

    def handle_data(self, data: str) -> None:
        if self._text_area is not None:
            self._text += data
        elif self._option is not None and self._option.get("value") is None:
            value, chosen = self._options[-1]
            self._options[-1] = (value + data, chosen)

    def handle_endtag(self, tag: str) -> None:
        if tag == "form":
            self._inside = False
        elif tag == "textarea" and self._text_area is not None:
            self.pairs.append(
                (self._text_area, self._text.removeprefix("\n").replace("\n", "\r\n"))
            )
            self._text_area = None
        elif tag == "option":
            self._option = None
        elif tag == "select" and self._select is not None:
            chosen = [value for value, selected in self._options if selected]
            self.pairs.append((self._select, (chosen or [self._options[0][0]])[0]))
            self._select = None
