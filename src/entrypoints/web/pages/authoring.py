"""``/trees/new`` and ``/trees/{id}/edit``: writing a tree node by node, checked as you edit.

The editor is one form holding the whole document (``authoring_form``); the
server keeps no draft of its own. Its small edits (add, remove, move...) post
that form and answer the re-rendered node list; a check posts it and answers
the list of problems; only a save writes, and every save that changes the
document is a new version.
"""

from __future__ import annotations

import enum
from typing import Final
from uuid import UUID

import attrs
from litestar import Router, get, post
from litestar.params import FromPath, FromQuery
from litestar.response import Redirect, Template
from litestar.status_codes import (
    HTTP_303_SEE_OTHER,
    HTTP_409_CONFLICT,
    HTTP_422_UNPROCESSABLE_ENTITY,
)

from decision_core.errors import TreeChangedMeanwhile, TreeInvalid
from decision_core.trees.document import NodeKind
from decision_core.trees.editing import starter_document
from decision_core.usecases import tree_authoring, tree_catalogue, tree_editing
from decision_core.usecases.tree_authoring import NewTree
from entrypoints.http.caller import AnyRequest
from entrypoints.http.handler_threads import HandlerThreads
from entrypoints.http.injected import InjectedServices
from entrypoints.web.authoring_edits import Edit, apply_edit
from entrypoints.web.authoring_form import DETAILS, lines, tags_of, tree_change
from entrypoints.web.authoring_view import (
    changed_cards,
    editor_page,
    posted_editor,
    problem_list,
    read_form,
)
from entrypoints.web.browser_session import is_htmx
from entrypoints.web.forms import FormData, fields
from entrypoints.web.injected import SignedIn
from entrypoints.web.rendering import page

NEW_PAGE: Final = "authoring/new.html"
_KINDS: Final = {kind.value: kind for kind in NodeKind}


class Saved(enum.Enum):
    """What the last action did, for the editor's banner after the redirect."""

    CREATED = "created"
    IMPORTED = "imported"
    NEW_VERSION = "version"
    UNCHANGED = "unchanged"


def new_tree_pages(threads: HandlerThreads) -> Router:
    """A new tree: its form, and creating it."""

    @get("/new", sync_to_thread=threads.database_work)
    def new_tree_page(visitor: SignedIn, services: InjectedServices) -> Template:
        """The details a tree starts with; the editor follows."""
        choices = tree_editing.authoring_choices(services, visitor.principal)
        values = dict.fromkeys(DETAILS, "")
        return page(services, visitor, NEW_PAGE, choices=choices, values=values, errors=[])

    @post("/new", sync_to_thread=threads.database_work)
    def create(
        data: FormData, visitor: SignedIn, services: InjectedServices
    ) -> Template | Redirect:
        """Create a draft with one question to write, and open it in the editor."""
        values = fields(data, *DETAILS)
        new = NewTree(
            title=values["title"],
            description=lines(values["description"]),
            category=values["category"],
            tags=tags_of(values["tags"]),
            document=starter_document().to_data(),
        )
        try:
            view = tree_authoring.create_tree(services, visitor.principal, new)
        except TreeInvalid as exc:
            choices = tree_editing.authoring_choices(services, visitor.principal)
            return page(
                services,
                visitor,
                NEW_PAGE,
                choices=choices,
                values=values,
                errors=list(exc.problems),
                status_code=HTTP_422_UNPROCESSABLE_ENTITY,
            )
        return _to_editor(view.tree.id, Saved.CREATED)

    return Router(
        path="/trees",
        include_in_schema=False,
        route_handlers=[new_tree_page, create],
    )


def editor_pages(threads: HandlerThreads) -> Router:
    """The editor of a tree, and its changes."""

    @get("/{tree_id:uuid}/edit", sync_to_thread=threads.database_work)
    def editor(
        tree_id: FromPath[UUID],
        visitor: SignedIn,
        services: InjectedServices,
        *,
        saved: FromQuery[Saved | None] = None,
    ) -> Template:
        """The newest version in the editor, with its problems beside it."""
        view = tree_editing.tree_to_edit(services, visitor.principal, tree_id)
        return editor_page(
            services,
            visitor,
            view.tree,
            view.version.document,
            view.problems,
            notice=_notice(saved, view.tree.version, published=view.tree.is_published),
        )

    @post("/{tree_id:uuid}/edit", sync_to_thread=threads.database_work)
    def save(
        tree_id: FromPath[UUID], data: FormData, visitor: SignedIn, services: InjectedServices
    ) -> Template | Redirect:
        """Save the form: a new version if the document changed; publishing needs no errors."""
        change = tree_change(data)
        try:
            view = tree_authoring.update_tree(services, visitor.principal, tree_id, change)
        except TreeInvalid as exc:
            errors = ["Nothing was saved.", *exc.problems]
            return posted_editor(
                services,
                visitor,
                tree_id,
                data,
                read_form(data).document,
                errors=errors,
                status_code=HTTP_422_UNPROCESSABLE_ENTITY,
            )
        except TreeChangedMeanwhile as exc:
            errors = [
                (
                    f"Someone saved version {exc.version} while you were editing, so nothing "
                    f"was saved. Your changes are still here: save again to replace version "
                    f"{exc.version} with them, or open the editor in another tab to compare."
                )
            ]
            return posted_editor(
                services,
                visitor,
                tree_id,
                data,
                read_form(data).document,
                errors=errors,
                base_version=exc.version,
                status_code=HTTP_409_CONFLICT,
            )
        unchanged = view.tree.version == change.expected_version
        return _to_editor(tree_id, Saved.UNCHANGED if unchanged else Saved.NEW_VERSION)

    @post("/{tree_id:uuid}/check", sync_to_thread=threads.database_work)
    def check(
        tree_id: FromPath[UUID], data: FormData, visitor: SignedIn, services: InjectedServices
    ) -> Template:
        """The problems of the form as it stands, nothing saved: the list beside the editor."""
        editing = read_form(data)
        problems = tree_catalogue.validate_tree_document(
            services, visitor.principal, editing.document.to_data(), tree_id=tree_id
        )
        return problem_list(services, editing, problems)

    @post("/{tree_id:uuid}/change", sync_to_thread=threads.database_work)
    def change(  # noqa: PLR0913 - the form, the edit and where it applies
        tree_id: FromPath[UUID],
        data: FormData,
        request: AnyRequest,
        visitor: SignedIn,
        services: InjectedServices,
        *,
        edit: FromQuery[Edit],
        node: FromQuery[int | None] = None,
        answer: FromQuery[int | None] = None,
    ) -> Template:
        """One small edit of the form, nothing saved: the cards it changed, and the problems now.

        Without htmx (no script), the whole editor again, saying that nothing is saved yet.
        """
        new_kind = _KINDS.get(fields(data, "new_kind")["new_kind"], NodeKind.QUESTION)
        editing = attrs.evolve(read_form(data), node=node, answer=answer, new_kind=new_kind)
        edited = apply_edit(edit, editing)
        if is_htmx(request) and edited.cards is not None:
            return changed_cards(services, visitor, tree_id, edited)
        notice = f"{edited.said} Not saved yet.".strip()
        return posted_editor(services, visitor, tree_id, data, edited.document, notice=notice)

    return Router(
        path="/trees",
        include_in_schema=False,
        route_handlers=[editor, save, check, change],
    )


def _to_editor(tree_id: UUID, saved: Saved) -> Redirect:
    return Redirect(f"/trees/{tree_id}/edit?saved={saved.value}", status_code=HTTP_303_SEE_OTHER)


def _notice(saved: Saved | None, version: int, *, published: bool) -> str | None:
    state = "It is published." if published else "It is a draft: only authors see it."
    if saved is Saved.CREATED:
        return f"Created as a draft, version {version}. Write its first question below."
    if saved is Saved.IMPORTED:
        return f"Imported as a draft, version {version}. Check it, then publish it."
    if saved is Saved.NEW_VERSION:
        return f"Saved as version {version}. {state}"
    if saved is Saved.UNCHANGED:
        return f"Saved. The nodes did not change, so this is still version {version}. {state}"
    return None
