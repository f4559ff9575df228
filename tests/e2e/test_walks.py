"""Walking a tree in the browser: steps, Back, notes, a link, completion, export, and resuming."""

from __future__ import annotations

import json
from pathlib import Path

from playwright.sync_api import Page, expect

from decision_core.trees.walk_operations import AnswerOp
from decision_core.trees.walks import Outcome, WalkOp
from decision_core.usecases import walks
from tests.e2e.conftest import both_databases
from tests.e2e.served import ServedApp
from tests.e2e.steps import OWNER_EMAIL, owner_signed_in
from tests.e2e.walk_steps import (
    PRINTER,
    WIFI,
    begin_walk,
    demo_trees,
    intranet_tree,
    member,
)

NO_RELOAD = "window.__sameDocument = true"


def test_a_full_walk_with_back_notes_a_link_and_the_copied_markdown(
    page: Page, app: ServedApp
) -> None:
    """Every step is a partial update; the Markdown on the clipboard tells the whole walk."""
    account_id = owner_signed_in(page, app)
    wifi = demo_trees(app, account_id)[WIFI]
    walk = begin_walk(app, member(app, OWNER_EMAIL), intranet_tree(app, account_id, wifi), "INC-7")
    page.context.grant_permissions(["clipboard-read", "clipboard-write"])
    page.goto(f"/walks/{walk}")
    page.evaluate(NO_RELOAD)
    heading = page.locator("#step-text")
    expect(heading).to_have_text("Is the laptop on Wi-Fi?")
    expect(page.get_by_role("button", name="Back one step")).to_have_count(0)

    page.get_by_role("button", name="No, on a cable").click()
    expect(heading).to_have_text("Plug the cable in firmly")
    expect(heading).to_be_focused()
    page.get_by_role("button", name="Back one step").click()
    expect(heading).to_have_text("Is the laptop on Wi-Fi?")

    page.get_by_text("Add a note to this step").click()
    page.get_by_label("Note on this step").fill("Wi-Fi icon shows no networks")
    page.get_by_role("button", name="Yes").click()
    expect(heading).to_have_text("Check the Wi-Fi first")
    expect(page.locator(".step__link")).to_contain_text(f"This walk continues in {WIFI}")
    page.get_by_role("button", name=f"Continue in {WIFI}").click()
    expect(heading).to_have_text("Can other devices connect to the same Wi-Fi?")
    expect(page.locator(".step__kind")).to_contain_text(f"in {WIFI}")

    for answer, then in [
        ("Yes", "Is Wi-Fi switched on (no airplane mode)?"),
        ("No", "Turn off airplane mode and switch Wi-Fi on."),
        ("Done, continue", "Does the laptop connect now?"),
        ("Yes", "Does the connection stay up for a few minutes?"),
        ("Yes", "Wi-Fi works again; close the ticket."),
    ]:
        page.get_by_role("button", name=answer, exact=True).click()
        expect(heading).to_have_text(then)
    expect(page.get_by_role("navigation", name="Path so far")).to_contain_text(f"Into {WIFI}")

    page.get_by_label("Session notes").fill("Customer was on site")
    page.get_by_role("button", name="Save notes").click()
    expect(page.get_by_role("status").filter(has_text="Notes saved.")).to_be_visible()
    expect(page.get_by_role("radio", name="Resolved the problem is fixed")).to_be_checked()
    page.get_by_label("Summary").fill("Airplane mode was on")
    page.get_by_role("button", name="Complete walk").click()
    expect(page.get_by_role("status").filter(has_text="Completed: Resolved")).to_be_visible()
    expect(page.get_by_role("button", name="Complete walk")).to_have_count(0)
    expect(page.get_by_label("Session notes")).to_have_count(0)
    assert page.evaluate("window.__sameDocument") is True  # no step reloaded the page

    page.get_by_role("button", name="Copy Markdown").click()
    expect(page.get_by_text("Copied.")).to_be_visible()
    markdown = page.evaluate("navigator.clipboard.readText()")
    assert markdown.startswith("## Troubleshooting: Laptop cannot reach the intranet\n")
    for line in [
        "- **Ticket:** INC-7",
        "- **Outcome:** resolved",
        "1. Is the laptop on Wi-Fi? → **Yes**",
        "   *Note:* Wi-Fi icon shows no networks",
        "2. Check the Wi-Fi first",
        "3. Can other devices connect to the same Wi-Fi? → **Yes**",
        "5. Turn off airplane mode and switch Wi-Fi on.",
        "8. Wi-Fi works again; close the ticket.",
        "### Notes\n\nCustomer was on site",
        "### Summary\n\nAirplane mode was on",
    ]:
        assert line in markdown
    assert "Plug the cable in firmly" not in markdown  # the undone step is not on the path


def test_a_completed_walk_downloads_as_html_text_and_json(
    page: Page, app: ServedApp, tmp_path: Path
) -> None:
    """Each download is an attachment named after the ticket, holding the export."""
    account_id = owner_signed_in(page, app)
    owner = member(app, OWNER_EMAIL)
    walk = begin_walk(app, owner, demo_trees(app, account_id)[PRINTER], "INC 7/b")
    walks.complete_walk(app.services, owner, walk, Outcome.ESCALATED, "to vendor")
    page.goto(f"/walks/{walk}")
    expect(page.get_by_role("status").filter(has_text="Completed: Escalated")).to_be_visible()
    for label, name in [("HTML", "walk-INC-7-b.html"), ("Text", "walk-INC-7-b.txt")]:
        with page.expect_download() as downloaded:
            page.get_by_role("link", name=f"{label} file").click()
        assert downloaded.value.suggested_filename == name
    with page.expect_download() as downloaded:
        page.get_by_role("link", name="JSON file").click()
    assert downloaded.value.suggested_filename == "walk-INC-7-b.json"
    saved = tmp_path / "walk.json"
    downloaded.value.save_as(saved)
    body = json.loads(saved.read_text())
    assert (body["id"], body["outcome"], body["summary"]) == (str(walk), "escalated", "to vendor")


def test_a_reload_and_the_back_button_show_the_walk_where_it_stands(
    page: Page, app: ServedApp
) -> None:
    """Reload, leave and come Back, or resume from the list: the same node, no step lost."""
    account_id = owner_signed_in(page, app)
    printer = demo_trees(app, account_id)[PRINTER]
    walk = begin_walk(app, member(app, OWNER_EMAIL), printer, "INC-9")
    page.goto(f"/walks/{walk}")
    page.get_by_role("button", name="No", exact=True).click()
    expect(page.locator("#step-text")).to_have_text(
        "Check the power cable and switch the printer on; wait for the ready light."
    )
    page.get_by_role("button", name="Done, continue").click()
    now_at = "Does the printer show a ready light now?"
    expect(page.locator("#step-text")).to_have_text(now_at)

    heading = page.locator("#step-text")
    page.reload()
    expect(heading).to_have_text(now_at)
    page.get_by_role("link", name="Walks", exact=True).click()
    expect(page.get_by_role("heading", name="My walks")).to_be_visible()
    page.go_back()
    expect(heading).to_have_text(now_at)

    page.go_forward()
    owner = member(app, OWNER_EMAIL)
    walks.operate_walk(app.services, owner, walk, AnswerOp("yes"))  # elsewhere
    page.go_back()  # the page as left is out of date: what shows is the stored state
    now_at = "Is the job stuck in the Windows print queue?"
    expect(heading).to_have_text(now_at)

    page.get_by_role("link", name="Walks", exact=True).click()
    card = page.locator(".walk-card", has_text="Ticket INC-9")
    expect(card).to_contain_text(f"At: {now_at}")
    card.get_by_role("link", name=f"Resume {PRINTER}, ticket INC-9").click()
    expect(heading).to_have_text(now_at)
    walked = walks.get_walk(app.services, owner, walk).walk
    assert len(walked.path) == 4


@both_databases
def test_a_stale_form_or_a_double_click_never_applies_twice(page: Page, app: ServedApp) -> None:
    """Another tab's step, a double click, a replayed post: each step applies exactly once."""
    account_id = owner_signed_in(page, app)
    printer = demo_trees(app, account_id)[PRINTER]
    owner = member(app, OWNER_EMAIL)
    walk = begin_walk(app, owner, printer)
    page.goto(f"/walks/{walk}")
    other_tab = page.context.new_page()
    other_tab.goto(f"/walks/{walk}")
    other_tab.get_by_role("button", name="Yes", exact=True).click()
    expect(other_tab.locator("#step-text")).to_have_text(
        "Is the job stuck in the Windows print queue?"
    )

    page.get_by_role("button", name="No", exact=True).click()  # this tab still shows the start
    expect(page.get_by_role("status")).to_contain_text("That step was already taken")
    expect(page.locator("#step-text")).to_have_text("Is the job stuck in the Windows print queue?")

    page.get_by_role("button", name="Not sure").click()
    expect(page.locator("#step-text")).to_contain_text("Open Settings > Printers & scanners")
    # The second click of a double click lands on what the first one brought: it is dropped.
    box = page.get_by_role("button", name="Done, continue").bounding_box()
    assert box is not None
    page.mouse.move(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    page.mouse.down(click_count=2)
    page.mouse.up(click_count=2)
    page.get_by_role("button", name="Back one step").press("Enter")
    expect(page.locator("#step-text")).to_have_text("Is the job stuck in the Windows print queue?")

    token = page.locator('meta[name="csrf-token"]').get_attribute("content") or ""
    replay = page.request.post(  # the Back form just sent, sent again
        f"/walks/{walk}/back",
        form={"moves": "3", "_csrf_token": token},
        headers={"HX-Request": "true", "x-csrftoken": token},
    )
    assert replay.status == 409
    history = walks.get_walk(app.services, owner, walk).walk.history
    assert [entry.op for entry in history] == [
        WalkOp.START,
        WalkOp.ANSWER,
        WalkOp.ANSWER,
        WalkOp.BACK,
    ]
