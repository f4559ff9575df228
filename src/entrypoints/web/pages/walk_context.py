"""What the walk templates show, read from a walk page's view.

The view is a :class:`~decision_core.usecases.walk_page.WalkPageView`.
"""

from __future__ import annotations

from typing import Any, Final

import attrs

from decision_core.trees.document import NodeKind
from decision_core.trees.walks import Outcome, WalkStatus, suggested_outcome
from decision_core.usecases import walks
from decision_core.usecases.context import Services
from decision_core.usecases.walk_page import WalkPageView
from decision_core.usecases.walks import WalkExportFormat
from entrypoints.web.browser_session import Visitor


@attrs.frozen
class OutcomeChoice:
    """One radio button of the completion form."""

    outcome: Outcome
    label: str
    hint: str


OUTCOME_CHOICES: Final = (
    OutcomeChoice(Outcome.RESOLVED, "Resolved", "the problem is fixed"),
    OutcomeChoice(Outcome.WORKAROUND, "Workaround", "working again, the cause remains"),
    OutcomeChoice(Outcome.ESCALATED, "Escalated", "handed on to someone else"),
    OutcomeChoice(Outcome.UNRESOLVED, "Unresolved", "not fixed"),
)
OUTCOME_LABELS: Final = {choice.outcome: choice.label for choice in OUTCOME_CHOICES}
# What the page says above the current node's text.
KIND_LABELS: Final = {
    NodeKind.QUESTION: "Question",
    NodeKind.ACTION: "Do this",
    NodeKind.SOLUTION: "Solution",
    NodeKind.ESCALATION: "Escalate",
    NodeKind.LINK: "Continues in another tree",
}
# The downloads a completed walk offers: (format in the URL, what the link says).
DOWNLOADS: Final = (("html", "HTML"), ("text", "Text"), ("json", "JSON"))


@attrs.frozen
class TrailStep:
    """A step of the path as the trail shows it; ``entered`` names a linked tree it entered."""

    text: str
    answer: str | None
    note: str | None
    entered: str | None


def trail(view: WalkPageView, *, with_current: bool) -> list[TrailStep]:
    """The path so far, marking where it crossed into a linked tree."""
    path = view.walk.path if with_current else view.walk.path[:-1]
    steps = []
    previous_tree = view.walk.tree_id
    for step in path:
        tree_id = step.node.tree_id
        entered = None if tree_id == previous_tree else view.title_of(tree_id)
        previous_tree = tree_id
        answer = step.answer_label or step.answer_id
        steps.append(TrailStep(step.text, answer, step.note, entered))
    return steps


def walk_context(
    services: Services, visitor: Visitor, view: WalkPageView, **shown: object
) -> dict[str, Any]:
    """Everything the walk templates read; ``shown`` adds a notice, errors or a saved note."""
    walk = view.walk
    completed = walk.status is WalkStatus.COMPLETED
    current_tree = walk.current.node.tree_id
    markdown = (
        walks.export_walk(services, visitor.principal, walk.id, WalkExportFormat.MARKDOWN)
        if completed
        else None
    )
    return {
        "view": view,
        "walk": walk,
        "kind": view.node.kind.value,
        "kind_label": KIND_LABELS[view.node.kind],
        "completed": completed,
        "trail": trail(view, with_current=completed),
        "linked_tree_title": (
            None if current_tree == walk.tree_id else view.title_of(current_tree)
        ),
        "outcomes": OUTCOME_CHOICES,
        "outcome_labels": OUTCOME_LABELS,
        "suggested_outcome": suggested_outcome(view.node),
        "markdown": markdown,
        "downloads": DOWNLOADS,
        "notice": None,
        "errors": [],
        "moved": False,
        "notes_saved": False,
        **shown,
    }
