"""The ``decision-tree`` command line: serving the API and running batch jobs."""

from __future__ import annotations

import sys
from typing import Annotated

from cyclopts import App, Parameter, validators

app = App(name="decision-tree", help="Troubleshooting decision-tree service.")


@app.command
def serve(
    *,
    host: str = "127.0.0.1",
    port: Annotated[int, Parameter(validator=validators.Number(gte=1, lte=65535))] = 8000,
    workers: Annotated[int, Parameter(validator=validators.Number(gte=1))] = 1,
) -> int:
    """Serve the HTTP API.

    Parameters
    ----------
    host
        Address to listen on.
    port
        TCP port to listen on.
    workers
        Number of worker processes.

    """
    del host, port, workers  # used once the HTTP app exists
    sys.stderr.write("decision-tree serve: the HTTP API is not built yet (issue 4)\n")
    return 0


def main() -> None:
    """Run the command line; the process exits with the command's status."""
    app()
