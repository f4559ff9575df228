"""Explicit conversions between trees, versions, walks and their rows."""

from __future__ import annotations

import functools
from datetime import datetime
from typing import Any, Final
from uuid import UUID

from adapters.sqlalchemy.row_mapping import CoreRow
from adapters.sqlalchemy.tree_rows import TreeRow, TreeVersionRow, WalkRow
from decision_core.trees.catalogue import Tree, TreeStatus, TreeVersion
from decision_core.trees.parsing import Malformed, parse_document
from decision_core.trees.walks import (
    HistoryEntry,
    NodeRef,
    Outcome,
    PathStep,
    Walk,
    WalkOp,
    WalkStatus,
)


def tree_columns(tree: Tree) -> dict[str, Any]:
    """Every column of a tree's row but the search body, which comes from its version."""
    return {
        "id": tree.id,
        "account_id": tree.account_id,
        "title": tree.title,
        "description": tree.description,
        "category": tree.category,
        "tags": list(tree.tags),
        "status": tree.status.value,
        "version": tree.version,
        "created_by": tree.created_by,
        "created_at": tree.created_at,
        "updated_at": tree.updated_at,
        "deleted_at": tree.deleted_at,
        "search_tags": " ".join(tree.tags),
    }


def tree_from_row(row: TreeRow) -> Tree:
    """The tree a row holds."""
    return Tree(
        id=row.id,
        account_id=row.account_id,
        title=row.title,
        description=row.description,
        category=row.category,
        tags=tuple(row.tags),
        status=TreeStatus(row.status),
        version=row.version,
        created_by=row.created_by,
        created_at=row.created_at,
        updated_at=row.updated_at,
        deleted_at=row.deleted_at,
    )


def version_columns(version: TreeVersion) -> dict[str, Any]:
    """Every column of a version's row."""
    return {
        "tree_id": version.tree_id,
        "version": version.version,
        "document": version.document.to_data(),
        "created_at": version.created_at,
        "created_by": version.created_by,
    }


def version_from_row(row: TreeVersionRow | CoreRow) -> TreeVersion:
    """The version a row holds; a stored document was valid JSON when written."""
    document = parse_document(row.document)
    if isinstance(document, Malformed):
        msg = f"stored document of tree {row.tree_id} v{row.version} is malformed"
        raise TypeError(msg)
    return TreeVersion(row.tree_id, row.version, document, row.created_at, row.created_by)


def search_body(version: TreeVersion) -> str:
    """The node text full-text search covers."""
    return "\n".join(node.text for node in version.document.nodes)


def walk_columns(walk: Walk) -> dict[str, Any]:
    """Every column of a walk's row."""
    return {
        "id": walk.id,
        "account_id": walk.account_id,
        "user_id": walk.user_id,
        "tree_id": walk.tree_id,
        "tree_version": walk.tree_version,
        "tree_title": walk.tree_title,
        "ticket_ref": walk.ticket_ref,
        "started_at": walk.started_at,
        "path": [_step_data(step) for step in walk.path],
        "history": [_entry_data(entry) for entry in walk.history],
        "notes": walk.notes,
        "status": walk.status.value,
        "outcome": None if walk.outcome is None else walk.outcome.value,
        "summary": walk.summary,
        "completed_at": walk.completed_at,
    }


def walk_from_row(row: WalkRow | CoreRow) -> Walk:
    """The walk a row holds."""
    return Walk(
        id=row.id,
        account_id=row.account_id,
        user_id=row.user_id,
        tree_id=row.tree_id,
        tree_version=row.tree_version,
        tree_title=row.tree_title,
        ticket_ref=row.ticket_ref,
        started_at=row.started_at,
        path=tuple(_step(data) for data in row.path),
        history=tuple(_entry(data) for data in row.history),
        notes=row.notes,
        status=WalkStatus(row.status),
        outcome=None if row.outcome is None else Outcome(row.outcome),
        summary=row.summary,
        completed_at=row.completed_at,
    )


def _ref_data(ref: NodeRef) -> dict[str, Any]:
    return {"tree_id": str(ref.tree_id), "version": ref.version, "node_id": ref.node_id}


# A walk's path and history name the same tree or two over and over (a reference per
# step of the path, one or two per history entry), all parsed again at every step.
# UUIDs are immutable, so each text is parsed once per process.
_tree_id: Final = functools.lru_cache(maxsize=1024)(UUID)


def _ref(data: dict[str, Any]) -> NodeRef:
    return NodeRef(_tree_id(data["tree_id"]), int(data["version"]), str(data["node_id"]))


def _step_data(step: PathStep) -> dict[str, Any]:
    return {
        "node": _ref_data(step.node),
        "text": step.text,
        "at": step.at.isoformat(),
        "answer_id": step.answer_id,
        "answer_label": step.answer_label,
        "note": step.note,
    }


def _step(data: dict[str, Any]) -> PathStep:
    return PathStep(
        node=_ref(data["node"]),
        text=data["text"],
        at=datetime.fromisoformat(data["at"]),
        answer_id=data["answer_id"],
        answer_label=data["answer_label"],
        note=data["note"],
    )


def _entry_data(entry: HistoryEntry) -> dict[str, Any]:
    return {
        "op": entry.op.value,
        "at": entry.at.isoformat(),
        "node": _ref_data(entry.node),
        "arrived": None if entry.arrived is None else _ref_data(entry.arrived),
        "answer_id": entry.answer_id,
        "note": entry.note,
        "outcome": None if entry.outcome is None else entry.outcome.value,
        "undone": entry.undone,
    }


def _entry(data: dict[str, Any]) -> HistoryEntry:
    return HistoryEntry(
        op=WalkOp(data["op"]),
        at=datetime.fromisoformat(data["at"]),
        node=_ref(data["node"]),
        arrived=None if data["arrived"] is None else _ref(data["arrived"]),
        answer_id=data["answer_id"],
        note=data["note"],
        outcome=None if data["outcome"] is None else Outcome(data["outcome"]),
        undone=bool(data["undone"]),
    )
