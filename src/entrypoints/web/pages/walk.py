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

from typing import Any, Final
from uuid import UUID

import attrs
from litestar import Controller, Request, Response, get, post
from litestar.datastructures import CacheControlHeader
from litestar.params import FromPath
from litestar.response import Redirect, Template
from litestar.status_codes import (
    HTTP_200_OK,
    HTTP_303_SEE_OTHER,
    HTTP_400_BAD_REQUEST,
    HTTP_409_CONFLICT,
    HTTP_422_UNPROCESSABLE_ENTITY,
)

from decision_core.errors import RuleViolation, SessionCompleted, TreeNotPublished, WalkMovedOn
from decision_core.trees.walk_operations import AnswerOp, BackOp, ContinueOp, NotesOp, Operation
from decision_core.trees.walks import Outcome
from decision_core.usecases import walking
from decision_core.usecases.context import Services
from decision_core.usecases.walking import WalkView
from entrypoints.http.injected import InjectedServices
from entrypoints.web.browser_session import Visitor, is_htmx
from entrypoints.web.forms import FormData, fields, whole_number
from entrypoints.web.injected import SignedIn
from entrypoints.web.pages.walk_context import walk_context
from entrypoints.web.rendering import fragment, page

AnyRequest = Request[Any, Any, Any]
PAGE: Final = "walks/walk.html"
MOVED_ON: Final = (
    "That step was already taken, here or in another tab: this is where the walk stands now."
)
COMPLETED: Final = "This walk is completed, so it can no longer change."
NO_MOMENT: Final = "This form does not say which step it was for. Here is the walk as it stands."
CHOOSE_OUTCOME: Final = "Choose how the walk ended."
NOTES_SAVED: Final = "Notes saved."


@attrs.frozen
class WalkRequest:
    """One request about one walk, and everything answering it needs."""

    services: Services
    visitor: Visitor
    request: AnyRequest
    session_id: UUID

    def current(self) -> WalkView:
        """The walk as it is stored now."""
        return walking.show_walk(self.services, self.visitor.principal, self.session_id)


class WalkPages(Controller):
    """The walk page and its changes; see the module."""

    path = "/walks/{session_id:uuid}"
    include_in_schema = False

    @get(sync_to_thread=True, cache_control=CacheControlHeader(no_store=True))
    def walk_page(
        self, session_id: FromPath[UUID], visitor: SignedIn, services: InjectedServices
    ) -> Template:
        """The walk as it stands: the current node and its answers, or the completed walk."""
        view = walking.show_walk(services, visitor.principal, session_id)
        return page(services, visitor, PAGE, **walk_context(services, visitor, view))

    @post("/answer", sync_to_thread=True)
    def answer(
        self,
        session_id: FromPath[UUID],
        data: FormData,
        request: AnyRequest,
        visitor: SignedIn,
        services: InjectedServices,
    ) -> Response[Any]:
        """Choose an answer at a question, with a note on the step."""
        form = fields(data, "moves", "answer_id", "note")
        operation = AnswerOp(form["answer_id"], _optional(form["note"]))
        return _step(WalkRequest(services, visitor, request, session_id), form["moves"], operation)

    @post("/continue", sync_to_thread=True)
    def go_on(
        self,
        session_id: FromPath[UUID],
        data: FormData,
        request: AnyRequest,
        visitor: SignedIn,
        services: InjectedServices,
    ) -> Response[Any]:
        """Go on from an action, or into a linked tree, with a note on the step."""
        form = fields(data, "moves", "note")
        operation = ContinueOp(_optional(form["note"]))
        return _step(WalkRequest(services, visitor, request, session_id), form["moves"], operation)

    @post("/back", sync_to_thread=True)
    def back(
        self,
        session_id: FromPath[UUID],
        data: FormData,
        request: AnyRequest,
        visitor: SignedIn,
        services: InjectedServices,
    ) -> Response[Any]:
        """Undo the last step."""
        moves = fields(data, "moves")["moves"]
        return _step(WalkRequest(services, visitor, request, session_id), moves, BackOp())

    @post("/notes", sync_to_thread=True)
    def save_notes(
        self,
        session_id: FromPath[UUID],
        data: FormData,
        request: AnyRequest,
        visitor: SignedIn,
        services: InjectedServices,
    ) -> Response[Any]:
        """Replace the session notes; a replace needs no moment, as it moves nothing."""
        walk = WalkRequest(services, visitor, request, session_id)
        operation = NotesOp(fields(data, "notes")["notes"])
        try:
            view = walking.step_walk(
                services, visitor.principal, session_id, operation, expected_moves=None
            )
        except SessionCompleted:
            return _answer(walk, walk.current(), status=HTTP_409_CONFLICT, notice=COMPLETED)
        return _answer(walk, view, notes_saved=True)

    @post("/complete", sync_to_thread=True)
    def complete(
        self,
        session_id: FromPath[UUID],
        data: FormData,
        request: AnyRequest,
        visitor: SignedIn,
        services: InjectedServices,
    ) -> Response[Any]:
        """Complete with an outcome and a summary, keeping notes typed on the page."""
        walk = WalkRequest(services, visitor, request, session_id)
        form = fields(data, "moves", "outcome", "summary")
        notes = data.get("notes")
        moves = whole_number(form["moves"])
        if moves is None:
            return _answer(walk, walk.current(), status=HTTP_400_BAD_REQUEST, errors=[NO_MOMENT])
        try:
            outcome = Outcome(form["outcome"])
        except ValueError:
            view = walk.current()
            return _answer(
                walk, view, status=HTTP_422_UNPROCESSABLE_ENTITY, errors=[CHOOSE_OUTCOME]
            )
        try:
            view = walking.finish_walk(
                services,
                visitor.principal,
                session_id,
                outcome,
                _optional(form["summary"]),
                expected_moves=moves,
                notes=notes if isinstance(notes, str) else None,
            )
        except (WalkMovedOn, SessionCompleted) as exc:
            return _stale(walk, exc)
        return _answer(walk, view, moved=True)


def _step(walk: WalkRequest, moves_text: str, operation: Operation) -> Response[Any]:
    """Apply one step for the moment the form names, or show why not."""
    moves = whole_number(moves_text)
    if moves is None:
        return _answer(walk, walk.current(), status=HTTP_400_BAD_REQUEST, errors=[NO_MOMENT])
    try:
        view = walking.step_walk(
            walk.services, walk.visitor.principal, walk.session_id, operation, expected_moves=moves
        )
    except (WalkMovedOn, SessionCompleted) as exc:
        return _stale(walk, exc)
    except TreeNotPublished as exc:
        return _answer(walk, walk.current(), status=HTTP_409_CONFLICT, errors=[_sentence(exc)])
    except RuleViolation as exc:
        errors = [_sentence(problem) for problem in exc.problems]
        return _answer(walk, walk.current(), status=HTTP_422_UNPROCESSABLE_ENTITY, errors=errors)
    return _answer(walk, view, moved=True)


def _stale(walk: WalkRequest, error: WalkMovedOn | SessionCompleted) -> Response[Any]:
    notice = COMPLETED if isinstance(error, SessionCompleted) else MOVED_ON
    return _answer(walk, walk.current(), status=HTTP_409_CONFLICT, notice=notice)


def _answer(
    walk: WalkRequest, view: WalkView, *, status: int = HTTP_200_OK, **shown: object
) -> Response[Any]:
    """The walk after a change: the part htmx swaps, or (without script) the page again.

    A walk the visitor can go on walking answers with the walk panel (notes:
    the notes panel); one that is completed with the whole page body, which
    replaces the forms that no longer apply.
    """
    services, visitor = walk.services, walk.visitor
    if not is_htmx(walk.request) and status == HTTP_200_OK:
        # Back to the page, so that a reload never posts again.
        return Redirect(f"/walks/{walk.session_id}", status_code=HTTP_303_SEE_OTHER)
    context = walk_context(services, visitor, view, **shown)
    if not is_htmx(walk.request):
        return page(services, visitor, PAGE, status_code=status, **context)
    if not view.may_walk:
        answer = fragment(services, "walks/_walk_page.html", **context)
        answer.headers.update({"HX-Retarget": "#walk-page", "HX-Reswap": "outerHTML"})
    elif shown.get("notes_saved"):
        answer = fragment(services, "walks/_notes.html", **context)
    else:
        answer = fragment(services, "walks/_walk.html", **context)
    answer.status_code = status
    return answer


def _optional(text: str) -> str | None:
    """A note or summary as typed; left blank, none at all."""
    return text.strip() or None


def _sentence(problem: object) -> str:
    text = str(problem)
    return text[:1].upper() + text[1:] + ("" if text.endswith(".") else ".")
