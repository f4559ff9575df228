"""What the authoring page shows: the editor, the cards an edit changed, the list of problems."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any, Final
from uuid import UUID

from litestar.response import Template

from decision_core.errors import TreeInvalid
from decision_core.trees.catalogue import Tree
from decision_core.trees.document import NodeKind, TreeDocument
from decision_core.trees.parsing import Malformed, parse_document
from decision_core.trees.problems import Problem
from decision_core.usecases import tree_catalogue, tree_editing
from decision_core.usecases.context import Services
from entrypoints.web.authoring_edits import Edited, Editing
from entrypoints.web.authoring_form import BASE_VERSION, DETAILS, WAS, read_editor
from entrypoints.web.browser_session import Visitor
from entrypoints.web.forms import fields, whole_number
from entrypoints.web.rendering import fragment, page

EDITOR: Final = "authoring/edit.html"
# Up to this many nodes every card starts open; a longer tree starts as an outline of closed cards.
OPEN_UP_TO: Final = 12
KINDS: Final = tuple(NodeKind)


def read_form(form: Mapping[str, Any]) -> Editing:
    """The document in the editor's form and its cards' keys; a form no editor sends is a 400."""
    read = read_editor(form)
    parsed = parse_document(read.document)
    if isinstance(parsed, Malformed):
        raise TreeInvalid(parsed.problems)
    return Editing(parsed, read.keys)


def editor_page(  # noqa: PLR0913 - the tree, what it holds now, and what to say about it
    services: Services,
    visitor: Visitor,
    tree: Tree,
    document: TreeDocument,
    problems: Sequence[Problem],
    *,
    notice: str | None = None,
    errors: Sequence[str] = (),
    details: Mapping[str, str] | None = None,
    shown: Mapping[str, str] | None = None,
    base_version: int | None = None,
    status_code: int = 200,
) -> Template:
    """The whole editor: details, the node cards, the problems beside them, save and publish.

    ``details`` are the details' fields as the author left them, ``shown`` as the
    page first showed them (``authoring_form.changed_details``); both default to
    the tree's.
    """
    choices = tree_editing.authoring_choices(services, visitor.principal, tree.id)
    saved = {
        "title": tree.title,
        "description": tree.description,
        "category": tree.category or "",
        "tags": ", ".join(tree.tags),
    }
    keys = tuple(range(len(document.nodes)))
    return page(
        services,
        visitor,
        EDITOR,
        status_code=status_code,
        tree=tree,
        base_version=tree.version if base_version is None else base_version,
        details=details or saved,
        shown=shown or saved,
        notice=notice,
        errors=list(errors),
        open_all=len(document.nodes) <= OPEN_UP_TO,
        **_editor_context(document, keys, problems, choices),
    )


def posted_editor(  # noqa: PLR0913 - the tree, the form as posted, and what to say
    services: Services,
    visitor: Visitor,
    tree_id: UUID,
    form: Mapping[str, Any],
    document: TreeDocument,
    *,
    notice: str | None = None,
    errors: Sequence[str] = (),
    base_version: int | None = None,
    status_code: int = 200,
) -> Template:
    """The editor holding a posted form (``document``), not what is saved.

    After a refused save, or a small edit made without script. It keeps the
    version the author started from, for the next save to check.
    """
    problems = tree_catalogue.validate_tree_document(
        services, visitor.principal, document.to_data(), tree_id=tree_id
    )
    tree = tree_editing.tree_to_edit(services, visitor.principal, tree_id).tree
    started_from = whole_number(fields(form, BASE_VERSION)[BASE_VERSION])
    shown = {name: form.get(f"{WAS}{name}") for name in DETAILS}
    return editor_page(
        services,
        visitor,
        tree,
        document,
        problems,
        notice=notice,
        errors=errors,
        details=fields(form, *DETAILS),
        shown=_all_text(shown),
        base_version=started_from if base_version is None else base_version,
        status_code=status_code,
    )


def _all_text(values: Mapping[str, object]) -> dict[str, str] | None:
    """``values`` if every one is text (a form an editor sent), else ``None``."""
    text = {name: value for name, value in values.items() if isinstance(value, str)}
    return text if len(text) == len(values) else None


def changed_cards(services: Services, visitor: Visitor, tree_id: UUID, edited: Edited) -> Template:
    """The cards a small edit changed, with the problems the form has now (out of band)."""
    problems = tree_catalogue.validate_tree_document(
        services, visitor.principal, edited.document.to_data(), tree_id=tree_id
    )
    choices = tree_editing.authoring_choices(services, visitor.principal, tree_id)
    return fragment(
        services,
        "authoring/_changed.html",
        cards=edited.cards or (),
        focus=edited.focus,
        said=edited.said,
        **_editor_context(edited.document, edited.keys, problems, choices),
    )


def problem_list(services: Services, editing: Editing, problems: Sequence[Problem]) -> Template:
    """The problems of the form as it stands, and the lists of its nodes (out of band)."""
    return fragment(
        services,
        "authoring/_checked.html",
        document=editing.document,
        keys=editing.keys,
        problems=problems,
    )


def _editor_context(
    document: TreeDocument,
    keys: Sequence[int],
    problems: Sequence[Problem],
    choices: tree_editing.AuthoringChoices,
) -> dict[str, object]:
    return {
        "document": document,
        "keys": keys,
        "problems": problems,
        "choices": choices,
        "kinds": KINDS,
    }
