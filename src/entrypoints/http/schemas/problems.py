"""One finding about a tree, or one broken rule: the same object in a tree body and a 422."""

from __future__ import annotations

from decision_core.trees.problems import Problem, Severity
from entrypoints.http.schemas.base import ResponseBody


class ProblemBody(ResponseBody):
    """An ``error`` blocks publishing, a ``warning`` never does; a tree finding names its node."""

    severity: Severity
    code: str
    node_id: str | None
    message: str


def problem_body(problem: Problem) -> ProblemBody:
    """Present one validation finding."""
    return ProblemBody(
        severity=problem.severity,
        code=problem.code,
        node_id=problem.node_id,
        message=problem.message,
    )
