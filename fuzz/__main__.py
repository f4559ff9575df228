"""``python -m fuzz``: serve the app on SQLite, seed it, run schemathesis with every check.

Exit status: schemathesis's own (0 when it found nothing), 1 if the set-up failed.
"""

from __future__ import annotations

import json
import subprocess
import sys
import tempfile
from collections.abc import Sequence
from pathlib import Path
from typing import Final

from fuzz.seeding import build_world
from fuzz.server import run_job, server_environment, serving
from fuzz.settings import MAX_EXAMPLES, MAX_TIME_SECONDS, write_config

OWNER_EMAIL: Final = "fuzz-owner@example.com"
MEMBER_EMAIL: Final = "fuzz-member@example.com"
PASSWORD: Final = "fuzz password 0123"  # noqa: S105 - a scratch user on a scratch database


def main(argv: Sequence[str]) -> int:
    """Set up, fuzz, tear down; extra arguments go to ``schemathesis run``."""
    with tempfile.TemporaryDirectory(prefix="dt-fuzz-") as scratch:
        directory = Path(scratch)
        environment = server_environment(directory)
        try:
            owner = json.loads(
                run_job(
                    [
                        "create-account",
                        "--email",
                        OWNER_EMAIL,
                        "--name",
                        "Fuzz owner",
                        "--password-stdin",
                    ],
                    environment,
                    stdin=PASSWORD + "\n",
                )
            )
            account = str(owner["account_id"])
            member = json.loads(
                run_job(
                    [
                        "add-user",
                        "--account",
                        account,
                        "--email",
                        MEMBER_EMAIL,
                        "--name",
                        "Fuzz member",
                        "--role",
                        "engineer",
                        "--password-stdin",
                    ],
                    environment,
                    stdin=PASSWORD + "\n",
                )
            )
            run_job(["seed-demo", "--account", account], environment)
        except RuntimeError as exc:
            sys.stderr.write(f"fuzz: {exc}\n")
            return 1
        log = directory / "server.log"
        with serving(environment, log) as url:
            world = build_world(
                url, email=OWNER_EMAIL, password=PASSWORD, member_id=str(member["user_id"])
            )
            config = directory / "schemathesis.toml"
            write_config(config, world)
            command = [
                "schemathesis",
                "--config-file",
                str(config),
                "run",
                f"{url}/api/docs/openapi.json",
                "--checks",
                "all",
                "--max-examples",
                str(MAX_EXAMPLES),
                "--max-time",
                str(MAX_TIME_SECONDS),
                "--no-color",
                *argv,
            ]
            status = subprocess.run(command, check=False, cwd=directory).returncode  # noqa: S603
        errors = [
            line for line in log.read_text(errors="replace").splitlines() if "unexpected" in line
        ]
        for line in errors:
            sys.stderr.write(f"fuzz: server log: {line}\n")
        return status


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
