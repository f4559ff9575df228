"""``/walks/{id}``: one walk, step by step, then its export for the ticket.

Every change (an answer, continue, back, the notes, completing) is one POST.
htmx sends it and swaps the answer into the page; without script the browser
posts the form and is sent back to the walk (303), so a reload never posts
again. Steps add no browser history entry: the page's Back undoes a step, the
browser's Back leaves the walk, and ``/walks/{id}`` always shows the stored
state (``no-store``, so no stale copy either).

Each change carries ``moves``, how often the walk had moved when its form was
shown. The core refuses a form sent twice, or one left in another tab or
behind the browser's Back button (``WalkMovedOn``); the page then shows where
the walk really stands, saying so (409).
"""

from __future__ import annotations

from typing import Final
from uuid import UUID

from litestar import Response, Router, get, post
from litestar.datastructures import CacheControlHeader
from litestar.params import FromPath
from litestar.response import Template
from litestar.status_codes import (
    HTTP_400_BAD_REQUEST,
    HTTP_409_CONFLICT,
    HTTP_422_UNPROCESSABLE_ENTITY,
)

from decision_core.errors import WalkCompleted, WalkMovedOn
from decision_core.trees.walk_operations import AnswerOp, BackOp, ContinueOp, NotesOp
from decision_core.trees.walks import Outcome
from decision_core.usecases import walk_page as walk_use_cases
from entrypoints.http.caller import AnyRequest
from entrypoints.http.handler_threads import HandlerThreads
from entrypoints.http.injected import InjectedServices
from entrypoints.web.forms import FormData, fields, whole_number
from entrypoints.web.injected import SignedIn
from entrypoints.web.pages.walk_answers import (
    COMPLETED,
    NO_MOMENT,
    PAGE,
    WalkRequest,
    answer_with,
    apply_step,
    optional_text,
    show_stale,
)
from entrypoints.web.pages.walk_context import walk_context
from entrypoints.web.rendering import page

CHOOSE_OUTCOME: Final = "Choose how the walk ended."


def walk_pages(threads: HandlerThreads) -> Router:
    """The walk page, and completing the walk."""

    @get(sync_to_thread=threads.database_work, cache_control=CacheControlHeader(no_store=True))
    def walk_page(
        walk_id: FromPath[UUID], visitor: SignedIn, services: InjectedServices
    ) -> Template:
        """The walk as it stands: the current node and its answers, or the completed walk."""
        view = walk_use_cases.show_walk(services, visitor.principal, walk_id)
        return page(services, visitor, PAGE, **walk_context(services, visitor, view))

    @post("/complete", sync_to_thread=threads.database_work)
    def complete(
        walk_id: FromPath[UUID],
        data: FormData,
        request: AnyRequest,
        visitor: SignedIn,
        services: InjectedServices,
    ) -> Response[object]:
        """Complete with an outcome and a summary, keeping notes typed on the page."""
        walk = WalkRequest(services, visitor, request, walk_id)
        form = fields(data, "moves", "outcome", "summary")
        notes = data.get("notes")
        moves = whole_number(form["moves"])
        if moves is None:
            return answer_with(
                walk, walk.current(), status=HTTP_400_BAD_REQUEST, errors=[NO_MOMENT]
            )
        try:
            outcome = Outcome(form["outcome"])
        except ValueError:
            view = walk.current()
            return answer_with(
                walk, view, status=HTTP_422_UNPROCESSABLE_ENTITY, errors=[CHOOSE_OUTCOME]
            )
        try:
            view = walk_use_cases.finish_walk(
                services,
                visitor.principal,
                walk_id,
                outcome,
                optional_text(form["summary"]),
                expected_moves=moves,
                notes=notes if isinstance(notes, str) else None,
            )
        except (WalkMovedOn, WalkCompleted) as exc:
            return show_stale(walk, exc)
        return answer_with(walk, view, moved=True)

    return Router(
        path="/walks/{walk_id:uuid}",
        include_in_schema=False,
        route_handlers=[walk_page, complete],
    )


def walk_step_pages(threads: HandlerThreads) -> Router:
    """The steps of a walk: an answer, continue, back, the notes."""

    @post("/answer", sync_to_thread=threads.database_work)
    def answer(
        walk_id: FromPath[UUID],
        data: FormData,
        request: AnyRequest,
        visitor: SignedIn,
        services: InjectedServices,
    ) -> Response[object]:
        """Choose an answer at a question, with a note on the step."""
        form = fields(data, "moves", "answer_id", "note")
        operation = AnswerOp(form["answer_id"], optional_text(form["note"]))
        return apply_step(
            WalkRequest(services, visitor, request, walk_id), form["moves"], operation
        )

    @post("/continue", sync_to_thread=threads.database_work)
    def go_on(
        walk_id: FromPath[UUID],
        data: FormData,
        request: AnyRequest,
        visitor: SignedIn,
        services: InjectedServices,
    ) -> Response[object]:
        """Go on from an action, or into a linked tree, with a note on the step."""
        form = fields(data, "moves", "note")
        operation = ContinueOp(optional_text(form["note"]))
        return apply_step(
            WalkRequest(services, visitor, request, walk_id), form["moves"], operation
        )

    @post("/back", sync_to_thread=threads.database_work)
    def back(
        walk_id: FromPath[UUID],
        data: FormData,
        request: AnyRequest,
        visitor: SignedIn,
        services: InjectedServices,
    ) -> Response[object]:
        """Undo the last step."""
        moves = fields(data, "moves")["moves"]
        return apply_step(WalkRequest(services, visitor, request, walk_id), moves, BackOp())

    @post("/notes", sync_to_thread=threads.database_work)
    def save_notes(
        walk_id: FromPath[UUID],
        data: FormData,
        request: AnyRequest,
        visitor: SignedIn,
        services: InjectedServices,
    ) -> Response[object]:
        """Replace the walk notes; a replace needs no moment, as it moves nothing."""
        walk = WalkRequest(services, visitor, request, walk_id)
        operation = NotesOp(fields(data, "notes")["notes"])
        try:
            view = walk_use_cases.step_walk(
                services, visitor.principal, walk_id, operation, expected_moves=None
            )
        except WalkCompleted:
            return answer_with(walk, walk.current(), status=HTTP_409_CONFLICT, notice=COMPLETED)
        return answer_with(walk, view, notes_saved=True)

    return Router(
        path="/walks/{walk_id:uuid}",
        include_in_schema=False,
        route_handlers=[answer, go_on, back, save_notes],
    )
