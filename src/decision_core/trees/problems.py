"""What validation reports: every problem of a tree document, each with a stable code."""

from __future__ import annotations

import enum
from typing import Final

import attrs

from decision_core.json_value import JsonValue


class Severity(enum.Enum):
    """An error blocks publishing; a warning never does."""

    ERROR = "error"
    WARNING = "warning"


@attrs.frozen
class Problem:
    """One finding: ``node_id`` names the node it is about, when there is one."""

    severity: Severity
    code: str
    message: str
    node_id: str | None = None


def error(code: str, message: str, node_id: str | None = None) -> Problem:
    """A problem that blocks publishing."""
    return Problem(Severity.ERROR, code, message, node_id)


def warning(code: str, message: str, node_id: str | None = None) -> Problem:
    """A problem worth fixing that does not block publishing."""
    return Problem(Severity.WARNING, code, message, node_id)


def problem_data(problem: Problem) -> dict[str, JsonValue]:
    """``{severity, code, node_id, message}``: a problem as the API and the CLI show it."""
    return {
        "severity": problem.severity.value,
        "code": problem.code,
        "node_id": problem.node_id,
        "message": problem.message,
    }


def has_errors(problems: tuple[Problem, ...]) -> bool:
    """Whether any problem is an error."""
    return any(p.severity is Severity.ERROR for p in problems)


# Structure: the data cannot be read as a document at all.
MALFORMED: Final = "malformed"
# Graph errors.
MISSING_START: Final = "missing_start"
UNKNOWN_START: Final = "unknown_start"
DUPLICATE_NODE_ID: Final = "duplicate_node_id"
DUPLICATE_ANSWER_ID: Final = "duplicate_answer_id"
EDGE_TO_MISSING_NODE: Final = "edge_to_missing_node"
QUESTION_WITHOUT_ANSWERS: Final = "question_without_answers"
ACTION_WITHOUT_NEXT: Final = "action_without_next"
ANSWER_WITHOUT_NEXT: Final = "answer_without_next"
TERMINAL_WITH_EDGES: Final = "terminal_with_edges"
MISPLACED_FIELD: Final = "misplaced_field"
LINK_WITHOUT_TREE: Final = "link_without_tree"
LINK_TO_UNKNOWN_TREE: Final = "link_to_unknown_tree"
TRAP: Final = "trap"
# Metadata errors.
EMPTY_TITLE: Final = "empty_title"
# Warnings.
UNREACHABLE_NODE: Final = "unreachable_node"
SINGLE_ANSWER: Final = "single_answer"
EMPTY_TEXT: Final = "empty_text"
