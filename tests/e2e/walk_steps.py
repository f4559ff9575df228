"""Arranging walks for the browser tests: demo trees, a tree that links into one, walks begun.

The ``open_*`` steps open a walk page for the layout tests, with Olive (the owner) signed in.
"""

from __future__ import annotations

from typing import Final
from uuid import UUID, uuid4

from playwright.sync_api import Page

from decision_core.trees.catalogue import Tree, TreeQuery, TreeStatus
from decision_core.trees.walk_operations import AnswerOp, ContinueOp, NotesOp, Operation
from decision_core.trees.walks import Outcome
from decision_core.usecases import tree_catalogue, walks
from decision_core.usecases.context import Operator, Principal
from decision_core.usecases.tree_authoring import NewTree, create_tree
from entrypoints.demo import seed_demo
from tests.e2e.served import ServedApp

WIFI: Final = "Wi-Fi does not connect"
PRINTER: Final = "Printer does not print"
INTRANET: Final = "Laptop cannot reach the intranet"


def member(app: ServedApp, email: str) -> Principal:
    """The member with this email, as the use cases know a signed-in caller."""
    with app.services.uow() as uow:
        user = uow.users.get_by_email(email)
    assert user is not None
    return Principal(user.id, uuid4(), user.account_id, user.role)


def demo_trees(app: ServedApp, account_id: UUID) -> dict[str, Tree]:
    """The account's trees by title, the five demo trees among them (seeded unless there)."""
    operator = Operator(account_id=account_id)
    seed_demo(app.services, operator)
    trees = tree_catalogue.list_trees(app.services, operator, TreeQuery(limit=100)).items
    return {tree.title: tree for tree in trees}


def intranet_tree(app: ServedApp, account_id: UUID, wifi: Tree) -> Tree:
    """A published tree whose "on Wi-Fi" answer continues in the Wi-Fi tree (a link node)."""
    document = {
        "start": "wifi",
        "nodes": [
            {
                "id": "wifi",
                "kind": "question",
                "text": "Is the laptop on Wi-Fi?",
                "answers": [
                    {"id": "yes", "label": "Yes", "next": "link"},
                    {"id": "no", "label": "No, on a cable", "next": "cable"},
                ],
            },
            {
                "id": "link",
                "kind": "link",
                "text": "Check the Wi-Fi first",
                "tree_id": str(wifi.id),
            },
            {"id": "cable", "kind": "action", "text": "Plug the cable in firmly", "next": "works"},
            {"id": "works", "kind": "solution", "text": "The intranet opens"},
        ],
    }
    new = NewTree(title=INTRANET, document=document, status=TreeStatus.PUBLISHED)
    return create_tree(app.services, Operator(account_id=account_id), new).tree


def begin_walk(
    app: ServedApp,
    walker: Principal,
    tree: Tree,
    ticket_ref: str | None = None,
    steps: tuple[Operation, ...] = (),
) -> UUID:
    """Start walking ``tree`` as ``walker`` (the library's Start button does this) and step on."""
    walk = walks.start_walk(app.services, walker, tree.id, ticket_ref).walk.id
    for operation in steps:
        walks.operate_walk(app.services, walker, walk, operation)
    return walk


def _printer_walk(app: ServedApp, steps: tuple[Operation, ...]) -> tuple[Principal, UUID]:
    """Olive's walk of the printer demo tree, after ``steps``."""
    olive = member(app, "olive@example.com")
    printer = demo_trees(app, olive.account_id)[PRINTER]
    return olive, begin_walk(app, olive, printer, "INC-1042", steps)


def open_walk(page: Page, app: ServedApp) -> None:
    """A walk in progress, two steps in, at a question with three answers."""
    steps = (AnswerOp("no", note="No light at all"), ContinueOp(), AnswerOp("yes"))
    _, walk = _printer_walk(app, steps)
    page.goto(f"/walks/{walk}")


def open_completed_walk(page: Page, app: ServedApp) -> None:
    """A completed walk: its summary, path, notes and the export for the ticket."""
    olive, walk = _printer_walk(app, (AnswerOp("yes"), AnswerOp("no")))
    walks.operate_walk(app.services, olive, walk, NotesOp("Called from reception"))
    summary = "Paper tray reseated; test page printed."
    walks.complete_walk(app.services, olive, walk, Outcome.RESOLVED, summary)
    page.goto(f"/walks/{walk}")


def open_walks(page: Page, app: ServedApp) -> None:
    """The list: one walk in progress, one completed."""
    olive, done = _printer_walk(app, (AnswerOp("yes"),))
    walks.complete_walk(app.services, olive, done, Outcome.WORKAROUND)
    _printer_walk(app, ())
    page.goto("/walks")
