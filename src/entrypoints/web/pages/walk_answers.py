"""How the walk page answers a change: the part htmx swaps, or the page; and when it cannot apply.

A walk the visitor can go on walking answers with the walk panel (after
saving notes, the notes panel); a completed one with the whole page body
(``HX-Retarget: #walk-page``), which drops the forms that no longer apply.
Without script, a change that applied is redirected back to the page (303), so
a reload never posts it again.
"""

from __future__ import annotations

from typing import Any, Final
from uuid import UUID

import attrs
from litestar import Response
from litestar.response import Redirect
from litestar.status_codes import (
    HTTP_200_OK,
    HTTP_303_SEE_OTHER,
    HTTP_400_BAD_REQUEST,
    HTTP_409_CONFLICT,
    HTTP_422_UNPROCESSABLE_ENTITY,
)

from decision_core.errors import RuleViolation, TreeNotPublished, WalkCompleted, WalkMovedOn
from decision_core.trees.walk_operations import Operation
from decision_core.usecases import walk_page
from decision_core.usecases.context import Services
from decision_core.usecases.walk_page import WalkPageView
from entrypoints.http.caller import AnyRequest
from entrypoints.web.browser_session import Visitor, is_htmx
from entrypoints.web.forms import whole_number
from entrypoints.web.pages.walk_context import walk_context
from entrypoints.web.rendering import fragment, page

PAGE: Final = "walks/walk.html"
MOVED_ON: Final = (
    "That step was already taken, here or in another tab: this is where the walk stands now."
)
COMPLETED: Final = "This walk is completed, so it can no longer change."
NO_MOMENT: Final = "This form does not say which step it was for. Here is the walk as it stands."


@attrs.frozen
class WalkRequest:
    """One request about one walk, and everything answering it needs."""

    services: Services
    visitor: Visitor
    request: AnyRequest
    session_id: UUID

    def current(self) -> WalkPageView:
        """The walk as it is stored now."""
        return walk_page.show_walk(self.services, self.visitor.principal, self.session_id)


def apply_step(walk: WalkRequest, moves_text: str, operation: Operation) -> Response[Any]:
    """Apply one step for the moment the form names (``moves``), or show why not."""
    moves = whole_number(moves_text)
    if moves is None:
        return answer_with(walk, walk.current(), status=HTTP_400_BAD_REQUEST, errors=[NO_MOMENT])
    try:
        view = walk_page.step_walk(
            walk.services, walk.visitor.principal, walk.session_id, operation, expected_moves=moves
        )
    except (WalkMovedOn, WalkCompleted) as exc:
        return show_stale(walk, exc)
    except TreeNotPublished as exc:
        return answer_with(
            walk, walk.current(), status=HTTP_409_CONFLICT, errors=[as_sentence(exc)]
        )
    except RuleViolation as exc:
        errors = [as_sentence(problem) for problem in exc.problems]
        return answer_with(
            walk, walk.current(), status=HTTP_422_UNPROCESSABLE_ENTITY, errors=errors
        )
    return answer_with(walk, view, moved=True)


def show_stale(walk: WalkRequest, error: WalkMovedOn | WalkCompleted) -> Response[Any]:
    """The walk as it stands, saying why the change did not apply (409)."""
    notice = COMPLETED if isinstance(error, WalkCompleted) else MOVED_ON
    return answer_with(walk, walk.current(), status=HTTP_409_CONFLICT, notice=notice)


def answer_with(
    walk: WalkRequest, view: WalkPageView, *, status: int = HTTP_200_OK, **shown: object
) -> Response[Any]:
    """The walk after a change, as the module says."""
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


def optional_text(text: str) -> str | None:
    """A note or summary as typed; left blank, none at all."""
    return text.strip() or None


def as_sentence(problem: object) -> str:
    """A core problem as a sentence of the page."""
    text = str(problem)
    return text[:1].upper() + text[1:] + ("" if text.endswith(".") else ".")
