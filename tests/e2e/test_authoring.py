"""Authoring in the browser: a tree from nothing to published, an import, and a 200-node tree."""

from __future__ import annotations

import json
import time
from pathlib import Path

from playwright.sync_api import Page, expect

from decision_core.json_value import JsonValue
from decision_core.trees.catalogue import TreeStatus
from decision_core.usecases import tree_editing
from decision_core.usecases.context import Operator
from decision_core.usecases.tree_authoring import NewTree, create_tree
from entrypoints.demo import demo_tree_data
from tests.e2e.conftest import both_databases
from tests.e2e.served import ServedApp
from tests.e2e.steps import owner_signed_in


@both_databases
def test_an_author_writes_a_tree_from_nothing_to_published(page: Page, app: ServedApp) -> None:
    """New tree, answers and nodes by keyboard, a refused publish, the fix the list points at."""
    account_id = owner_signed_in(page, app)
    page.get_by_role("link", name="New tree").click()
    page.get_by_label("Title").fill("Printer won't print")
    page.get_by_label("Category").fill("Printing")
    page.get_by_label("Tags").fill("printer, office")
    page.get_by_role("button", name="Create and edit the nodes").click()
    expect(page.locator(".banner--success")).to_have_text(
        "Created as a draft, version 1. Write its first question below."
    )
    checks = page.locator("#problem-list")
    expect(checks).to_contain_text("a question needs an answer")

    start = page.locator("#node-start")
    start.get_by_label("Text", exact=True).fill("Is the printer switched on?")
    start.get_by_role("button", name="Add answer to start").click()
    yes = start.locator(".node-answer").nth(0)
    expect(yes.get_by_label("Label")).to_be_focused()
    page.keyboard.type("Yes")
    yes.get_by_role("button", name="New node for answer a1 of start").click()
    fixed = page.locator("#node-n1")
    expect(fixed.get_by_label("Kind")).to_be_focused()
    fixed.get_by_label("Kind").select_option("solution")
    expect(fixed.get_by_label("Kind")).to_be_focused()
    expect(fixed.locator(".node-answers")).to_have_count(0)  # a solution has no answers to fill
    fixed.get_by_label("Text", exact=True).fill("Printing works again.")

    start.get_by_role("button", name="Add answer to start").click()
    no = start.locator(".node-answer").nth(1)
    expect(no.get_by_label("Label")).to_be_focused()
    page.keyboard.type("No")
    no.get_by_label("Leads to").fill("power")
    expect(checks).to_contain_text("leads to missing node 'power'")  # checked as it is typed

    page.get_by_role("button", name="Publish").click()
    alert = page.get_by_role("alert")
    expect(alert).to_contain_text("Nothing was saved.")
    expect(alert).to_contain_text("start: leads to missing node 'power'")
    checks.locator("li", has_text="leads to missing node").get_by_role("link", name="start").click()
    expect(start.locator("summary")).to_be_focused()
    expect(start.get_by_label("Leads to").nth(1)).to_have_value("power")

    page.get_by_label("Kind of the new node").select_option("escalation")
    page.get_by_role("button", name="Add node at the end").click()
    escalation = page.locator("#node-n2")
    expect(escalation.get_by_label("Text", exact=True)).to_be_focused()
    page.keyboard.type("Call the printer vendor.")
    escalation.get_by_label("Id", exact=True).fill("power")
    expect(page.locator("#problems-summary")).to_have_text("No problems: it can be published.")
    page.get_by_role("button", name="Publish").click()
    expect(page.locator(".banner--success")).to_have_text("Saved as version 2. It is published.")

    [tree] = tree_editing.authoring_choices(app.services, Operator(account_id)).link_targets
    saved = tree_editing.tree_to_edit(app.services, Operator(account_id), tree.id)
    assert (saved.tree.status, saved.tree.version, saved.tree.tags) == (
        TreeStatus.PUBLISHED,
        2,
        ("printer", "office"),
    )
    assert [node.id for node in saved.version.document.nodes] == ["start", "n1", "power"]
    assert [a.next for a in saved.version.document.nodes[0].answers] == ["n1", "power"]


def test_an_author_imports_an_export_publishes_it_and_cannot_import_it_twice(
    page: Page, app: ServedApp, tmp_path: Path
) -> None:
    """The file becomes a draft in the editor; publishing it keeps version 1; a repeat is a 409."""
    owner_signed_in(page, app)
    export = tmp_path / "printing.json"
    export.write_text(json.dumps(demo_tree_data()["printing.json"]), encoding="utf-8")
    page.goto("/trees/new")
    page.get_by_role("link", name="Import it").click()
    page.get_by_label("JSON export").set_input_files(export)
    page.get_by_role("button", name="Import as a draft").click()
    expect(page.locator(".banner--success")).to_have_text(
        "Imported as a draft, version 1. Check it, then publish it."
    )
    expect(page.get_by_role("heading", level=1)).to_have_text("Edit “Printer does not print”")
    expect(page.locator("#problems-summary")).to_have_text("No problems: it can be published.")
    page.get_by_role("button", name="Publish").click()
    expect(page.locator(".banner--success")).to_have_text(
        "Saved. The nodes did not change, so this is still version 1. It is published."
    )

    page.goto("/trees/import")
    page.get_by_label("JSON export").set_input_files(export)
    page.get_by_role("button", name="Import as a draft").click()
    expect(page.get_by_role("alert")).to_contain_text(
        "This account has a tree titled “Printer does not print” already"
    )
    page.get_by_role("link", name="Open “Printer does not print”").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Edit “Printer does not print”")


def big_document(size: int) -> JsonValue:
    """``size`` nodes: a chain of yes/no questions, each "no" ending at a solution of its own."""
    questions = size // 2
    nodes: list[JsonValue] = []
    for i in range(questions):
        following = f"q{i + 1}" if i + 1 < questions else "s0"
        answers: list[JsonValue] = [
            {"id": "yes", "label": "Yes", "next": following},
            {"id": "no", "label": "No", "next": f"s{i}"},
        ]
        text = f"Is part {i} working?"
        nodes.append({"id": f"q{i}", "kind": "question", "text": text, "answers": answers})
    nodes += [
        {"id": f"s{i}", "kind": "solution", "text": f"Replace part {i}."}
        for i in range(size - questions)
    ]
    return {"start": "q0", "nodes": nodes}


def test_a_tree_of_200_nodes_opens_edits_and_saves(page: Page, app: ServedApp) -> None:
    """An outline of closed cards; find by id, edit, move, add an answer, save, all in time."""
    account_id = owner_signed_in(page, app)
    owner = Operator(account_id)
    new = NewTree(title="Two hundred", document=big_document(200))
    tree_id = create_tree(app.services, owner, new).tree.id

    began = time.perf_counter()
    response = page.goto(f"/trees/{tree_id}/edit")
    assert response is not None
    loaded = time.perf_counter() - began
    page_bytes = len(response.body())
    expect(page.get_by_text("Jump to a node (200)")).to_be_visible()
    expect(page.locator("details.node[open]")).to_have_count(0)

    page.get_by_label("Find a node by id").fill("q75")
    page.get_by_role("button", name="Go").click()
    card = page.locator("#node-q75")
    expect(card.locator("summary")).to_be_focused()
    card.get_by_label("Text", exact=True).fill("Is part 75 seated properly?")
    expect(card.locator(".node__text")).to_have_text("Is part 75 seated properly?")
    card.get_by_role("button", name="Move up q75").click()  # in the page, no request
    expect(page.get_by_role("button", name="Move up q75")).to_be_focused()
    page.keyboard.press("Enter")  # the focus stayed on the button: up once more
    expect(page.locator("#editor-said")).to_have_text("q75 is now node 74 of 200.")
    page.locator("#node-s10 summary").click()
    page.locator("#node-s10").get_by_role("button", name="Remove node s10").click()
    expect(page.locator("#node-s11 summary")).to_be_focused()
    expect(page.locator("#problem-list")).to_contain_text("leads to missing node 's10'")
    with page.expect_response(lambda r: "/change?" in r.url) as added:
        began = time.perf_counter()
        card.get_by_role("button", name="Add answer to q75").click()
        expect(card.locator(".node-answer").nth(2).get_by_label("Label")).to_be_focused()
    edited = time.perf_counter() - began
    edit_bytes = len(added.value.body())
    page.keyboard.type("Not sure")
    expect(page.locator("#problem-list")).to_contain_text("answer 'a1' needs a next node")
    page.get_by_role("button", name="Save as draft").click()
    expect(page.locator(".banner--success")).to_have_text(
        "Saved as version 2. It is a draft: only authors see it."
    )

    saved = tree_editing.tree_to_edit(app.services, owner, tree_id).version.document
    assert [node.id for node in saved.nodes[73:76]] == ["q75", "q73", "q74"]
    assert saved.nodes[73].text == "Is part 75 seated properly?"
    assert [a.label for a in saved.nodes[73].answers] == ["Yes", "No", "Not sure"]
    assert len(saved.nodes) == 199
    assert saved.node("s10") is None
    print(  # noqa: T201 - the numbers the report quotes (pytest -s shows them)
        f"\n200 nodes: page {page_bytes // 1024} KiB in {loaded * 1000:.0f} ms;"
        f" an added answer {edit_bytes // 1024} KiB in {edited * 1000:.0f} ms"
    )
