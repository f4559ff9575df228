"""``decision-tree set-password``: an operator sets a user's password."""

from __future__ import annotations

from decision_core.usecases.context import Services
from decision_core.usecases.password_reset import set_password_by_operator
from entrypoints.cli.accounts import PasswordStdin, read_password, show, user_output
from entrypoints.cli.app import app
from entrypoints.cli.runtime import JobRuntime, run_job


@app.command(name="set-password")
def set_password(
    *, email: str, password_stdin: PasswordStdin = False, open_runtime: JobRuntime
) -> int:
    """Set a user's password and sign them out everywhere; print the user as JSON.

    For someone locked out whose mail does not arrive. Every login session of
    the user ends, their password-reset links stop working, and the account's
    audit trail records ``auth.password_set_by_operator`` (actor ``cli``).
    The password is asked twice on the terminal, without echo, unless
    --password-stdin is given.

    Parameters
    ----------
    email
        The user's email, their sign-in name.
    password_stdin
        Read the new password from the first line of standard input.

    """

    def body(services: Services) -> int:
        password = read_password(from_stdin=password_stdin)
        show(user_output(set_password_by_operator(services, email, password)))
        return 0

    return run_job(body, open_runtime)
