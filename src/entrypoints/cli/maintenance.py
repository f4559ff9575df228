"""``decision-tree prune-tokens`` and ``export-walks``: the long maintenance jobs.

Both run in batches (see :mod:`entrypoints.cli.batches`): ``prune-tokens``
commits every batch of deletions on its own, and ``export-walks`` reads
one keyset page per transaction and writes it out as whole JSON lines.
Arguments are parsed here, before the database is touched, so a typo costs
one line on stderr and nothing else.
"""

from __future__ import annotations

import json
import re
import sys
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from types import TracebackType
from typing import IO, Annotated, Final, Self

from cyclopts import Parameter, validators

from decision_core.json_value import JsonValue
from decision_core.login.retention import Retention
from decision_core.usecases.account_walk_export import (
    PageKey,
    count_account_walks,
    export_account_walks,
)
from decision_core.usecases.context import Operator, Services
from decision_core.usecases.pruning import (
    prune_login_sessions,
    prune_refresh_tokens,
    retention_from_now,
)
from entrypoints.cli.app import app
from entrypoints.cli.arguments import parse_account_id
from entrypoints.cli.batches import progress_display, run_batches
from entrypoints.cli.runtime import FAILED, CommandError, JobRuntime, run_job, say
from entrypoints.presenters import walk_body

UNIT_SECONDS: Final = {"w": 7 * 86400, "d": 86400, "h": 3600, "m": 60, "s": 1}
DURATION: Final = re.compile(r"(?:\d+[wdhms])+")
DURATION_PART: Final = re.compile(r"(\d+)([wdhms])")
# A batch's session ids travel as bound parameters: stay far below SQLite's 32766 and
# PostgreSQL's 65535 parameters per statement.
MAX_PRUNE_BATCH: Final = 10_000


def parse_duration(text: str) -> timedelta:
    """``30d``, ``12h``, ``90m``, ``1d12h``: a positive span of w, d, h, m and s units.

    Raises ``ValueError`` with a message naming the expected form.
    """
    compact = text.strip().lower()
    if DURATION.fullmatch(compact):
        seconds = sum(
            int(amount) * UNIT_SECONDS[unit] for amount, unit in DURATION_PART.findall(compact)
        )
        if seconds > 0:
            return timedelta(seconds=seconds)
    msg = f"--older-than must be a positive duration such as 30d, 12h or 90m, not {text!r}"
    raise ValueError(msg)


def parse_since(text: str) -> datetime:
    """A date (midnight UTC) or an ISO 8601 date-time (UTC unless it names a zone)."""
    try:
        if len(text) == len("2026-01-31"):
            return datetime.combine(date.fromisoformat(text), datetime.min.time(), tzinfo=UTC)
        moment = datetime.fromisoformat(text)
    except ValueError:
        msg = f"--since must be a date (2026-01-31) or an ISO 8601 date-time, not {text!r}"
        raise ValueError(msg) from None
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment


@app.command(name="prune-tokens")
def prune_tokens(
    *,
    older_than: str,
    batch_size: Annotated[
        int, Parameter(validator=validators.Number(gte=1, lte=MAX_PRUNE_BATCH))
    ] = 5000,
    open_runtime: JobRuntime,
) -> int:
    """Delete refresh tokens and login sessions that stopped mattering longer ago than a retention.

    A refresh token goes once its expiry is older than the retention, consumed
    or not (until it expires, a consumed token is what detects its replay). A
    login session goes, with all its tokens, once it was revoked or idle-expired
    longer ago than the retention. Nothing live is ever deleted. Works in
    batches, each committed; an interrupted run keeps its finished batches and
    running it again finishes the job.

    Parameters
    ----------
    older_than
        The retention: how long to keep rows after they stopped mattering,
        such as 30d, 12h or 90m.
    batch_size
        Rows deleted per batch (one transaction each), at most 10000.

    """
    try:
        span = parse_duration(older_than)
    except ValueError as exc:
        say(f"error: {exc}")
        return FAILED

    def body(services: Services) -> int:
        retention = retention_from_now(services, span)
        return _prune(services, retention, batch_size)

    return run_job(body, open_runtime)


def _prune(services: Services, retention: Retention, batch_size: int) -> int:
    tokens_of_sessions = 0

    def sessions_step() -> int:
        nonlocal tokens_of_sessions
        pruned = prune_login_sessions(services, retention, batch_size)
        tokens_of_sessions += pruned.tokens
        return pruned.sessions

    sessions = run_batches(sessions_step, progress_display("finished login sessions"))
    tokens = run_batches(
        lambda: prune_refresh_tokens(services, retention, batch_size),
        progress_display("expired refresh tokens"),
    )
    sys.stdout.write(
        f"deleted {sessions.items} login sessions with their {tokens_of_sessions} refresh tokens,"
        f" and {tokens.items} expired refresh tokens of other sessions"
        f" (cutoff {retention.cutoff.isoformat(timespec='seconds')})\n"
    )
    return 0


@app.command(name="export-walks")
def export_walks(
    *,
    account: str,
    since: str | None = None,
    output: Path | None = None,
    batch_size: Annotated[int, Parameter(validator=validators.Number(gte=1))] = 500,
    open_runtime: JobRuntime,
) -> int:
    """Write an account's walks (troubleshooting sessions) as JSON lines, oldest first.

    Each line is one walk as the HTTP API answers it (and exports it as
    ``json``). Read in pages, one transaction each. With --output, the lines
    go to FILE.partial, renamed to FILE when the export is complete; an
    interrupted export leaves FILE.partial holding whole lines only.

    Parameters
    ----------
    account
        The account's id.
    since
        Only walks started at or after this date (2026-01-31) or date-time.
    output
        The file to write; standard output when left out.
    batch_size
        Walks read per page.

    """
    try:
        operator = Operator(parse_account_id(account))
        started_since = None if since is None else parse_since(since)
    except ValueError as exc:
        say(f"error: {exc}")
        return FAILED

    def body(services: Services) -> int:
        total = count_account_walks(services, operator, started_since)
        with _open_sink(output) as sink:
            last: PageKey | None = None

            def step() -> int:
                nonlocal last
                page = export_account_walks(
                    services, operator, since=started_since, after=last, limit=batch_size
                )
                sink.write_lines([walk_body(view) for view in page.views])
                last = page.last or last
                return len(page.views)

            done = run_batches(step, progress_display("walks", total))
        where = "standard output" if output is None else str(output)
        say(f"exported {done.items} walks to {where}")
        return 0

    return run_job(body, open_runtime)


# The command's first name, kept working for scripts written before walks were called walks.
app.command(export_walks, name="export-sessions", show=False)


class JsonLinesSink:
    """Whole JSON lines to a stream; a file sink also keeps it whole when interrupted.

    With a ``path``, lines go to ``path.partial`` and each batch is flushed
    whole; on leaving without error it is renamed to ``path`` (atomically,
    so ``path`` never holds a partial export), and on any interruption it is
    cut back to the end of the last whole batch, in case a write was cut
    in the middle, and left as ``path.partial``.
    """

    def __init__(self, stream: IO[str], path: Path | None = None) -> None:
        """Write to ``stream``, which is ``path.partial`` opened for writing when given."""
        self._stream = stream
        self._path = path
        self._whole = 0

    def __enter__(self) -> Self:
        """Nothing to begin."""
        return self

    def write_lines(self, bodies: list[dict[str, JsonValue]]) -> None:
        """One compact JSON document per line, flushed as one batch."""
        lines = "".join(
            json.dumps(body, ensure_ascii=False, separators=(",", ":")) + "\n" for body in bodies
        )
        try:
            self._stream.write(lines)
            self._stream.flush()
        except OSError as exc:
            where = "standard output" if self._path is None else str(self._path)
            msg = f"cannot write {where}: {exc.strerror}"
            raise CommandError(msg) from exc
        if self._path is not None:
            self._whole = self._stream.tell()

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        """Publish a finished file; cut an interrupted one back to whole lines."""
        if self._path is None:
            return
        if exc_type is not None:
            self._stream.truncate(self._whole)
            self._stream.close()
            return
        self._stream.close()
        # Atomic: FILE never holds a partial export.
        partial_path(self._path).replace(self._path)


def partial_path(path: Path) -> Path:
    """Where an export to ``path`` is written until it is complete."""
    return path.with_name(path.name + ".partial")


def _open_sink(output: Path | None) -> JsonLinesSink:
    if output is None:
        return JsonLinesSink(sys.stdout)
    try:
        stream = partial_path(output).open("w", encoding="utf-8", newline="\n")
    except OSError as exc:
        msg = f"cannot write {output}: {exc.strerror}"
        raise CommandError(msg) from exc
    return JsonLinesSink(stream, output)
