"""Serve an app factory exactly as the benchmark serves both apps.

``python -m bench.serve MODULE:FACTORY --port N``: uvicorn, one worker in
this process, httptools and uvloop, on 127.0.0.1, as ``decision-tree serve``
runs ours, except that the access log is off for both apps: it is a fixed
cost per request of the server, not of the app, and would hide the app's
own cost in both figures alike.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

import uvicorn


def main(argv: Sequence[str] | None = None) -> int:
    """Serve the factory on 127.0.0.1."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("factory", help="import string of an app factory, MODULE:FUNCTION")
    parser.add_argument("--port", type=int, required=True)
    args = parser.parse_args(argv)
    uvicorn.run(
        args.factory,
        factory=True,
        host="127.0.0.1",
        port=args.port,
        workers=1,
        http="httptools",
        loop="uvloop",
        access_log=False,
        log_level="warning",
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
