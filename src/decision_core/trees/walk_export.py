"""A walk as JSON (the GET body), Markdown, plain text and HTML.

Every export carries the tree's title and version, the ticket reference, each
step of the effective path with its answer and note, the walk notes, the
outcome, the summary and the duration. Author and engineer text is escaped
for the target format: HTML with :func:`html.escape`, Markdown with
backslashes before the characters that would format or link.
"""

from __future__ import annotations

import html
import re
from datetime import UTC, datetime

from decision_core.json_value import JsonValue
from decision_core.trees.document import Node
from decision_core.trees.walks import HistoryEntry, PathStep, Walk


def walk_body(walk: Walk, current: Node, now: datetime) -> dict[str, JsonValue]:
    """The SPEC 7 GET body; ``current`` is the node the walk stands on."""
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
        "duration_seconds": walk.duration_seconds(now),
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


def duration_text(seconds: float) -> str:
    """``1 h 2 min 3 s``, leaving out leading zero units."""
    hours, rest = divmod(int(seconds), 3600)
    minutes, secs = divmod(rest, 60)
    parts = [f"{hours} h"] if hours else []
    parts += [f"{minutes} min"] if hours or minutes else []
    return " ".join([*parts, f"{secs} s"])


def _facts(walk: Walk, now: datetime) -> list[tuple[str, str]]:
    outcome = "(open)" if walk.outcome is None else walk.outcome.value
    return [
        ("Tree", walk.tree_title),
        ("Version", str(walk.tree_version)),
        ("Ticket", walk.ticket_ref or "(none)"),
        ("Outcome", outcome),
        ("Duration", duration_text(walk.duration_seconds(now))),
    ]


def _answer(step: PathStep) -> str | None:
    return step.answer_label or step.answer_id


def plain_text(walk: Walk, now: datetime) -> str:
    """Plain text: no markup at all, so nothing needs escaping."""
    lines = [f"{name}: {value}" for name, value in _facts(walk, now)]
    lines += ["", "Steps:"]
    for number, step in enumerate(walk.path, start=1):
        answer = _answer(step)
        lines.append(f"{number}. {step.text}" + (f" -> {answer}" if answer else ""))
        lines.extend([f"   Note: {step.note}"] if step.note else [])
    lines += ["", "Notes:", walk.notes or "(none)", "", "Summary:", walk.summary or "(none)"]
    return "\n".join(lines) + "\n"


# Characters that format anywhere in a line (emphasis, code, links, inline HTML, tables).
_MARKDOWN_INLINE = frozenset("\\`*_[]<>|~")
# Markers that format only at the start of a line (lists, headings, quotes, rules):
# escaping them mid-line would turn a ticket reference like INC-42 into INC\-42.
_LINE_MARKER = re.compile(r"^(\s*)([-+#=]|\d+(?=[.)]))")


def _md(text: str) -> str:
    lines = text.replace("\r", "").split("\n")
    escaped = [_LINE_MARKER.sub(_escape_marker, _md_inline(line)) for line in lines]
    return "  \n   ".join(escaped)


def _md_inline(line: str) -> str:
    return "".join("\\" + c if c in _MARKDOWN_INLINE else c for c in line)


def _escape_marker(match: re.Match[str]) -> str:
    indent, marker = match.groups()
    if marker.isdigit():
        # "1." starts an ordered list; "1\." does not, and reads the same.
        return f"{indent}{marker}\\"
    return f"{indent}\\{marker}"


def markdown(walk: Walk, now: datetime) -> str:
    """Markdown: a fact list, the numbered steps, then notes and summary."""
    lines = [f"## Troubleshooting: {_md(walk.tree_title)}", ""]
    lines += [f"- **{name}:** {_md(value)}" for name, value in _facts(walk, now)]
    lines += ["", "### Steps", ""]
    for number, step in enumerate(walk.path, start=1):
        answer = _answer(step)
        lines.append(f"{number}. {_md(step.text)}" + (f" → **{_md(answer)}**" if answer else ""))
        lines.extend([f"   *Note:* {_md(step.note)}"] if step.note else [])
    lines += ["", "### Notes", "", _md(walk.notes or "(none)")]
    lines += ["", "### Summary", "", _md(walk.summary or "(none)")]
    return "\n".join(lines) + "\n"


def html_document(walk: Walk, now: datetime) -> str:
    """An HTML fragment; every piece of text goes through :func:`html.escape`."""
    esc = html.escape
    facts = "".join(f"<dt>{esc(k)}</dt><dd>{esc(v)}</dd>" for k, v in _facts(walk, now))
    steps = []
    for step in walk.path:
        answer = _answer(step)
        item = esc(step.text) + (f" &rarr; <strong>{esc(answer)}</strong>" if answer else "")
        item += f"<br><em>Note:</em> {esc(step.note)}" if step.note else ""
        steps.append(f"<li>{item}</li>")
    return (
        f"<h2>Troubleshooting: {esc(walk.tree_title)}</h2>\n"
        f"<dl>{facts}</dl>\n"
        f"<h3>Steps</h3>\n<ol>{''.join(steps)}</ol>\n"
        f"<h3>Notes</h3>\n<p>{esc(walk.notes or '(none)')}</p>\n"
        f"<h3>Summary</h3>\n<p>{esc(walk.summary or '(none)')}</p>\n"
    )
