"""Properties of reading, validating and exporting tree documents."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from decision_core.trees.diagrams import dot, mermaid
from decision_core.trees.document import TreeDocument
from decision_core.trees.parsing import parse_document
from decision_core.trees.portable import PortableTree, portable_data, read_portable
from decision_core.trees.problems import Problem, Severity
from decision_core.trees.validation import validate_data
from tests.unit.tree_strategies import LINKED_TREE, document_like_data, valid_documents


@given(document_like_data())
def test_validation_never_raises_on_any_data(data: object) -> None:
    """Whatever the data, validation answers with a tuple of problems."""
    problems = validate_data(data, {LINKED_TREE})
    assert all(isinstance(p, Problem) for p in problems)


@given(document_like_data())
def test_an_export_never_raises_on_any_data(data: object) -> None:
    """Reading an export of any data never raises either."""
    read_portable(data)


@given(valid_documents())
def test_every_generated_valid_tree_has_no_errors(document: TreeDocument) -> None:
    """A tree built by the rules passes validation, warnings aside."""
    problems = validate_data(document.to_data(), {LINKED_TREE})
    assert [p for p in problems if p.severity is Severity.ERROR] == []


@given(
    valid_documents(),
    st.text(min_size=1),
    st.text(),
    st.none() | st.text(),
    st.lists(st.text()).map(tuple),
)
def test_json_export_then_import_is_the_identity(
    document: TreeDocument, title: str, description: str, category: str | None, tags: tuple[str]
) -> None:
    """Importing an export gives back the same tree content, and the same document."""
    tree = PortableTree(title, document, description, category, tags)
    assert read_portable(portable_data(tree)) == tree
    assert parse_document(document.to_data()) == document


@given(valid_documents())
def test_diagrams_quote_every_label(document: TreeDocument) -> None:
    """Each node gives exactly one Mermaid line and one DOT line, whatever its text."""
    assert mermaid(document).count("\n") == 1 + len(document.nodes) + sum(
        len(list(n.edges())) for n in document.nodes
    )
    assert dot(document).startswith("digraph tree {")
