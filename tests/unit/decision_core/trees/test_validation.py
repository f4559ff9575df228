"""Every validation code, each from a small document that shows it."""

from __future__ import annotations

from uuid import UUID

import pytest

from decision_core.errors import TreeInvalid
from decision_core.json_value import JsonValue
from decision_core.trees import problems as codes
from decision_core.trees.problems import Severity, error
from decision_core.trees.validation import validate_data

LINKABLE = UUID(int=7)
END: JsonValue = {"id": "end", "kind": "solution", "text": "Done"}


def doc(*nodes: JsonValue, start: JsonValue = "q") -> JsonValue:
    """A document starting at ``start`` with ``nodes`` and a solution ``end``."""
    return {"start": start, "nodes": [*nodes, END]}


def question(*answers: tuple[str, str | None], node_id: str = "q") -> JsonValue:
    """A question with (answer id, next) pairs."""
    return {
        "id": node_id,
        "kind": "question",
        "text": "Is it on?",
        "answers": [{"id": a, "label": a.title(), "next": n} for a, n in answers],
    }


GOOD_QUESTION = question(("yes", "end"), ("no", "end"))

CASES: list[tuple[JsonValue, str, str | None]] = [
    ([], codes.MALFORMED, None),
    ({"start": "q", "nodes": "x"}, codes.MALFORMED, None),
    ({"start": 1, "nodes": [], "x": 1}, codes.MALFORMED, None),
    (doc({"id": "q", "kind": "bogus"}), codes.MALFORMED, None),
    (doc({"id": "q", "kind": "action", "next": 3, "answers": "x"}), codes.MALFORMED, None),
    (doc({"id": "q", "kind": "question", "answers": [{"id": 1, "x": 0}]}), codes.MALFORMED, None),
    (doc(GOOD_QUESTION, start=None), codes.MISSING_START, None),
    (doc(GOOD_QUESTION, start="nowhere"), codes.UNKNOWN_START, None),
    (doc(GOOD_QUESTION, GOOD_QUESTION), codes.DUPLICATE_NODE_ID, "q"),
    (doc(question(("yes", "end"), ("yes", "end"))), codes.DUPLICATE_ANSWER_ID, "q"),
    (doc(question(("yes", "end"), ("no", "gone"))), codes.EDGE_TO_MISSING_NODE, "q"),
    (doc(question()), codes.QUESTION_WITHOUT_ANSWERS, "q"),
    (doc({"id": "q", "kind": "action", "text": "Reboot"}), codes.ACTION_WITHOUT_NEXT, "q"),
    (doc(question(("yes", "end"), ("no", None))), codes.ANSWER_WITHOUT_NEXT, "q"),
    (
        doc({"id": "q", "kind": "solution", "text": "x", "next": "end"}),
        codes.TERMINAL_WITH_EDGES,
        "q",
    ),
    (doc({**GOOD_QUESTION, "tree_id": str(LINKABLE)}), codes.MISPLACED_FIELD, "q"),  # type: ignore[dict-item]
    (doc({"id": "q", "kind": "link", "text": "x"}), codes.LINK_WITHOUT_TREE, "q"),
    (
        doc({"id": "q", "kind": "link", "text": "x", "tree_id": "nope"}),
        codes.LINK_TO_UNKNOWN_TREE,
        "q",
    ),
    (
        doc({"id": "q", "kind": "link", "text": "x", "tree_id": str(UUID(int=8))}),
        codes.LINK_TO_UNKNOWN_TREE,
        "q",
    ),
    (doc({"id": "q", "kind": "action", "text": "Loop", "next": "q"}), codes.TRAP, "q"),
    (
        doc(GOOD_QUESTION, {"id": "lost", "kind": "escalation", "text": "x"}),
        codes.UNREACHABLE_NODE,
        "lost",
    ),
    (doc(question(("yes", "end"))), codes.SINGLE_ANSWER, "q"),
    (doc({**GOOD_QUESTION, "text": " "}), codes.EMPTY_TEXT, "q"),  # type: ignore[dict-item]
    (doc(question(("yes", "end"), ("", "end"))), codes.EMPTY_TEXT, "q"),
]


@pytest.mark.parametrize(("data", "code", "node_id"), CASES)
def test_each_rule_has_its_code(data: JsonValue, code: str, node_id: str | None) -> None:
    """The document breaks the rule, and validation names it (and the node, when there is one)."""
    problems = validate_data(data, {LINKABLE})
    assert code in {p.code for p in problems}
    if node_id is not None:
        assert node_id in {p.node_id for p in problems if p.code == code}


def test_a_clean_tree_has_no_problems_and_links_count_as_exits() -> None:
    """A question leading to a solution and to a link of a published tree is fine."""
    link: JsonValue = {"id": "other", "kind": "link", "text": "See VPN", "tree_id": str(LINKABLE)}
    data = doc(question(("yes", "end"), ("no", "other")), link)
    assert validate_data(data, {LINKABLE}) == ()


def test_warnings_are_warnings_and_errors_errors() -> None:
    """A single-answer question warns; a missing start is an error."""
    [single] = validate_data(doc(question(("yes", "end"))), set())
    assert single.severity is Severity.WARNING
    [missing] = [p for p in validate_data({"nodes": []}, set()) if p.code == codes.MISSING_START]
    assert missing.severity is Severity.ERROR


def test_tree_invalid_carries_every_problem_and_its_messages() -> None:
    """The error keeps the structured problems and lists their messages."""
    problems = [error(codes.TRAP, "stuck", "q"), error(codes.MISSING_START, "no start")]
    invalid = TreeInvalid(problems)
    assert invalid.tree_problems == tuple(problems)
    assert invalid.problems == ("q: stuck", "no start")
