"""A troubleshooting session as JSON (the GET body), Markdown, plain text and HTML.

Every export carries the tree's title and version, the ticket reference, each
step of the effective path with its answer and note, the session notes, the
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


def walk_body(session: Walk, current: Node, now: datetime) -> dict[str, JsonValue]:
    """The SPEC 7 GET body; ``current`` is the node the walk stands on."""
    node: dict[str, JsonValue] = {
        "id": current.id,
        "kind": current.kind.value,
        "text": current.text,
    }
    if current.answers:
        node["answers"] = [{"id": a.id, "label": a.label} for a in current.answers]
    return {
        "id": str(session.id),
        "tree_id": str(session.tree_id),
        "tree_title": session.tree_title,
        "tree_version": session.tree_version,
        "ticket_ref": session.ticket_ref,
        "status": session.status.value,
        "current_node": node,
        "path": [_step_data(step) for step in session.path],
        "history": [_entry_data(entry) for entry in session.history],
        "notes": session.notes,
        "outcome": None if session.outcome is None else session.outcome.value,
        "summary": session.summary,
        "started_at": iso(session.started_at),
        "completed_at": None if session.completed_at is None else iso(session.completed_at),
        "duration_seconds": session.duration_seconds(now),
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


def _facts(session: Walk, now: datetime) -> list[tuple[str, str]]:
    outcome = "(open)" if session.outcome is None else session.outcome.value
    return [
        ("Tree", session.tree_title),
        ("Version", str(session.tree_version)),
        ("Ticket", session.ticket_ref or "(none)"),
        ("Outcome", outcome),
        ("Duration", duration_text(session.duration_seconds(now))),
    ]


def _answer(step: PathStep) -> str | None:
    return step.answer_label or step.answer_id


def plain_text(session: Walk, now: datetime) -> str:
    """Plain text: no markup at all, so nothing needs escaping."""
    lines = [f"{name}: {value}" for name, value in _facts(session, now)]
    lines += ["", "Steps:"]
    for number, step in enumerate(session.path, start=1):
        answer = _answer(step)
        lines.append(f"{number}. {step.text}" + (f" -> {answer}" if answer else ""))
        lines.extend([f"   Note: {step.note}"] if step.note else [])
    lines += ["", "Notes:", session.notes or "(none)", "", "Summary:", session.summary or "(none)"]
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


def markdown(session: Walk, now: datetime) -> str:
    """Markdown: a fact list, the numbered steps, then notes and summary."""
    lines = [f"## Troubleshooting: {_md(session.tree_title)}", ""]
    lines += [f"- **{name}:** {_md(value)}" for name, value in _facts(session, now)]
    lines += ["", "### Steps", ""]
    for number, step in enumerate(session.path, start=1):
        answer = _answer(step)
        lines.append(f"{number}. {_md(step.text)}" + (f" → **{_md(answer)}**" if answer else ""))
        lines.extend([f"   *Note:* {_md(step.note)}"] if step.note else [])
    lines += ["", "### Notes", "", _md(session.notes or "(none)")]
    lines += ["", "### Summary", "", _md(session.summary or "(none)")]
    return "\n".join(lines) + "\n"


def html_document(session: Walk, now: datetime) -> str:
    """An HTML fragment; every piece of text goes through :func:`html.escape`."""
    esc = html.escape
    facts = "".join(f"<dt>{esc(k)}</dt><dd>{esc(v)}</dd>" for k, v in _facts(session, now))
    steps = []
    for step in session.path:
        answer = _answer(step)
        item = esc(step.text) + (f" &rarr; <strong>{esc(answer)}</strong>" if answer else "")
        item += f"<br><em>Note:</em> {esc(step.note)}" if step.note else ""
        steps.append(f"<li>{item}</li>")
    return (
        f"<h2>Troubleshooting: {esc(session.tree_title)}</h2>\n"
        f"<dl>{facts}</dl>\n"
        f"<h3>Steps</h3>\n<ol>{''.join(steps)}</ol>\n"
        f"<h3>Notes</h3>\n<p>{esc(session.notes or '(none)')}</p>\n"
        f"<h3>Summary</h3>\n<p>{esc(session.summary or '(none)')}</p>\n"
    )
