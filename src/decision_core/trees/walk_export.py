"""A walk as a document for a ticket: Markdown, plain text and HTML.

Every export carries the tree's title and version, the ticket reference, each
step of the effective path with its answer and note, the walk notes, the
outcome, the summary and the duration. Author and engineer text is escaped
for the target format: HTML with :func:`html.escape`, Markdown with
backslashes before the characters that would format or link.
"""

from __future__ import annotations

import html
import re
from datetime import datetime

from decision_core.trees.walks import PathStep, Walk


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
