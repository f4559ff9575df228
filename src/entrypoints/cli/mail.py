"""``decision-tree send-mail``: deliver the outbox once, for cron or a batch run."""

from __future__ import annotations

from typing import Annotated, Final

from cyclopts import Parameter, validators

from decision_core.usecases.mail_delivery import drain_outbox
from entrypoints.bootstrap import Runtime
from entrypoints.cli.accounts import show
from entrypoints.cli.app import app
from entrypoints.cli.runtime import FAILED, CommandError, JobRuntime, run_with_runtime, say

MAX_SEND_LIMIT: Final = 10_000


@app.command(name="send-mail")
def send_mail(
    *,
    limit: Annotated[int, Parameter(validator=validators.Number(gte=1, lte=MAX_SEND_LIMIT))] = 100,
    open_runtime: JobRuntime,
) -> int:
    """Deliver the mail that is due, once; print how many were sent, failed and remain, as JSON.

    The server delivers in the background too; this is for cron, or a server
    that is not running. Messages another drainer holds are left to it. Each
    failure is one line on stderr and is tried again later (after growing
    delays, 8 attempts at most); the exit status is then 1.

    Parameters
    ----------
    limit
        Deliver at most this many messages in this run, at most 10000.

    """

    def body(runtime: Runtime) -> int:
        if runtime.mailer is None:
            msg = "no mailer is configured"
            raise CommandError(msg)
        report = drain_outbox(runtime.services, runtime.mailer, limit=limit)
        for failed in report.failures:
            failure = failed.failure
            outcome = "given up" if failure.gave_up else f"tried again at {failure.retry_at}"
            which = f"mail {failed.mail_id} ({failed.template} to {failed.to})"
            say(f"{which} failed, {outcome}: {failure.error}")
        show({"sent": report.sent, "failed": len(report.failures), "remaining": report.remaining})
        return FAILED if report.failures else 0

    return run_with_runtime(body, open_runtime)
