"""Documents and trees the tree example tests share."""

from __future__ import annotations

from uuid import UUID

from decision_core.json_value import JsonValue
from decision_core.trees.catalogue import TreeStatus
from decision_core.usecases.context import Services
from decision_core.usecases.tree_authoring import NewTree, TreeWithProblems, create_tree
from tests.unit.conftest import SignedInMember


def printer_document(link_to: UUID | None = None) -> JsonValue:
    """Is it on? yes -> reboot (action) -> fixed; no -> plug in (or a link) ; escalate."""
    power: JsonValue = (
        {"id": "power", "kind": "link", "text": "Power tree", "tree_id": str(link_to)}
        if link_to
        else {"id": "power", "kind": "escalation", "text": "Call facilities"}
    )
    return {
        "start": "on",
        "nodes": [
            {
                "id": "on",
                "kind": "question",
                "text": "Is the printer on?",
                "answers": [
                    {"id": "yes", "label": "Yes", "next": "reboot"},
                    {"id": "no", "label": "No", "next": "power"},
                ],
            },
            {"id": "reboot", "kind": "action", "text": "Reboot it", "next": "fixed"},
            {"id": "fixed", "kind": "solution", "text": "Printing again"},
            power,
        ],
    }


def broken_document() -> JsonValue:
    """A readable document with an error (an action without next)."""
    return {"start": "a", "nodes": [{"id": "a", "kind": "action", "text": "Stuck"}]}


def make_tree(  # noqa: PLR0913 - each keyword is something a test varies
    services: Services,
    author: SignedInMember,
    *,
    title: str = "Printer won't print",
    status: TreeStatus = TreeStatus.PUBLISHED,
    document: JsonValue = None,
    category: str | None = "Printing",
    tags: tuple[str, ...] = ("printer",),
) -> TreeWithProblems:
    """Create a tree as ``author``."""
    new = NewTree(
        title=title,
        document=printer_document() if document is None else document,
        description="Office printers",
        category=category,
        tags=tags,
        status=status,
    )
    return create_tree(services, author.principal, new)
