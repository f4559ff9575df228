"""Errors of trees and of walks through them (troubleshooting sessions)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from decision_core.errors.kinds import Conflict, RuleViolation

if TYPE_CHECKING:
    from uuid import UUID

    from decision_core.trees.problems import Problem

# --- 409: conflicts with the current state -----------------------------------


class WalkCompleted(Conflict):
    """A completed troubleshooting session never changes again."""

    code = "session_completed"


class WalkMovedOn(Conflict):
    """A change meant for an earlier moment of a walk: the walk has moved since.

    A form submitted twice, or one left open in another tab or behind the
    browser's Back button, names how often the walk had moved when it was
    shown; the change applies only if that is still so.
    """

    code = "walk_moved_on"

    def __init__(self, expected: int, actual: int) -> None:
        """The form expected ``expected`` moves; the walk has made ``actual``."""
        super().__init__(f"the walk has moved {actual} times, not {expected}; nothing was changed")
        self.expected = expected
        self.actual = actual


class TreeNotPublished(Conflict):
    """Walks start on, and links lead to, published trees only."""

    code = "tree_not_published"


class TreeTitleExists(Conflict):
    """An import of a title the account already has: nothing was created.

    ``tree_id`` names the account's tree with that title, so a client that
    retries an import (did the first one land?) can fetch what is there.
    """

    code = "tree_title_exists"

    def __init__(self, tree_id: UUID, title: str) -> None:
        """The account's tree ``tree_id`` is titled ``title``."""
        super().__init__(f"the account has a tree titled {title!r} already")
        self.tree_id = tree_id
        self.title = title


class TreeChangedMeanwhile(Conflict):
    """A change made from an older version than the tree's newest: nothing was saved.

    ``version`` is the tree's newest version now, the one a retry replaces.
    """

    code = "tree_changed_meanwhile"

    def __init__(self, version: int) -> None:
        """The tree is at ``version`` now."""
        super().__init__(f"the tree was saved as version {version} meanwhile")
        self.version = version


# --- 422: well-formed but breaks a business rule ------------------------------


class TreeInvalid(RuleViolation):
    """A tree document that cannot be read, or has errors where none are allowed.

    ``tree_problems`` holds every finding with its severity, code and node;
    ``problems`` their messages, like every other rule violation.
    """

    code = "tree_invalid"

    def __init__(self, problems: Sequence[Problem]) -> None:
        """Every problem validation found, warnings included."""
        super().__init__(
            [p.message if p.node_id is None else f"{p.node_id}: {p.message}" for p in problems]
        )
        self.tree_problems = tuple(problems)


class AnswerNotOnNode(RuleViolation):
    """The answer is not one of the current node's answers."""

    code = "answer_not_on_node"

    def __init__(self, answer_id: str, node_id: str) -> None:
        """``answer_id`` was given at the node ``node_id``."""
        super().__init__([f"answer {answer_id!r} is not an answer of node {node_id!r}"])


class OperationNotOnNode(RuleViolation):
    """The operation does not fit the current node's kind (``continue`` at a question)."""

    code = "operation_not_on_node"

    def __init__(self, operation: str, node_id: str, kind: str) -> None:
        """``operation`` was asked at ``node_id``, a node of ``kind``."""
        super().__init__([f"{operation!r} does not apply to node {node_id!r}, a {kind}"])


class NothingToUndo(RuleViolation):
    """``back`` at the start node: there is no step to undo."""

    code = "nothing_to_undo"

    def __init__(self) -> None:
        """The walk stands at its start."""
        super().__init__(["the walk is at its start; there is no step to undo"])
