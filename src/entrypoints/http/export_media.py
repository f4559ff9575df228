"""The media type of each export format: what the handlers answer and the document declares."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Final

from decision_core.usecases.tree_catalogue import TreeExportFormat
from decision_core.usecases.walks import WalkExportFormat

TREE_EXPORT_MEDIA_TYPES: Final[Mapping[TreeExportFormat, str]] = {
    TreeExportFormat.JSON: "application/json",
    # Mermaid has no registered media type; as plain text it shows in any browser.
    TreeExportFormat.MERMAID: "text/plain",
    TreeExportFormat.DOT: "text/vnd.graphviz",
}
WALK_EXPORT_MEDIA_TYPES: Final[Mapping[WalkExportFormat, str]] = {
    WalkExportFormat.MARKDOWN: "text/markdown",
    WalkExportFormat.TEXT: "text/plain",
    WalkExportFormat.HTML: "text/html",
    WalkExportFormat.JSON: "application/json",
}


def media_types_of(formats: Mapping[Any, str]) -> tuple[str, ...]:
    """Each media type once, in the formats' order."""
    return tuple(dict.fromkeys(formats.values()))
