"""The core's values as JSON bodies, for every entrypoint that answers with them.

A walk's SPEC 7 body is what the HTTP API answers for every walk step and
read, what it exports as ``json``, what the web app downloads as a ``.json``
file, and each line of the CLI's ``export-walks``: one presenter, so the
four never drift apart. It builds plain dicts, not msgspec Structs, because
a walk step is a hot path and the dict is what gets encoded anyway;
``entrypoints.http.schemas.walk_body`` documents its shape, and a test holds
the two together.
"""

from __future__ import annotations

from datetime import UTC, datetime

from decision_core.json_value import JsonValue
from decision_core.trees.walks import HistoryEntry, PathStep
from decision_core.usecases.walks import WalkView


def walk_body(view: WalkView) -> dict[str, JsonValue]:
    """The SPEC 7 GET body of the walk ``view`` shows."""
    walk, current = view.walk, view.current_node
    node: dict[str, JsonValue] = {
        "id": current.id,
        "kind": current.kind.value,
        "text": current.text,
    }
    if current.answers:
        node["answers"] = [{"id": a.id, "label": a.label} for a in current.answers]
    return {
        "id": str(walk.id),
        "tree_id": str(walk.tree_id),
        "tree_title": walk.tree_title,
        "tree_version": walk.tree_version,
        "ticket_ref": walk.ticket_ref,
        "status": walk.status.value,
        "current_node": node,
        "path": [_step_data(step) for step in walk.path],
        "history": [_entry_data(entry) for entry in walk.history],
        "notes": walk.notes,
        "outcome": None if walk.outcome is None else walk.outcome.value,
        "summary": walk.summary,
        "started_at": iso(walk.started_at),
        "completed_at": None if walk.completed_at is None else iso(walk.completed_at),
        "duration_seconds": walk.duration_seconds(view.read_at),
    }


def iso(at: datetime) -> str:
    """ISO 8601 in UTC with a ``Z``, as msgspec writes every other time in the API."""
    return at.astimezone(UTC).isoformat().replace("+00:00", "Z")


def _step_data(step: PathStep) -> dict[str, JsonValue]:
    data: dict[str, JsonValue] = {
        "tree_id": str(step.node.tree_id),
        "version": step.node.version,
        "node_id": step.node.node_id,
        "text": step.text,
        "at": iso(step.at),
    }
    optional = {"answer_id": step.answer_id, "answer_label": step.answer_label, "note": step.note}
    data.update({key: value for key, value in optional.items() if value is not None})
    return data


def _entry_data(entry: HistoryEntry) -> dict[str, JsonValue]:
    data: dict[str, JsonValue] = {
        "op": entry.op.value,
        "at": iso(entry.at),
        "tree_id": str(entry.node.tree_id),
        "version": entry.node.version,
        "node_id": entry.node.node_id,
        "undone": entry.undone,
    }
    outcome = None if entry.outcome is None else entry.outcome.value
    optional = {"answer_id": entry.answer_id, "note": entry.note, "outcome": outcome}
    data.update({key: value for key, value in optional.items() if value is not None})
    return data
