"""The schemathesis configuration of a run, written for the world the seeding made."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Final

from fuzz.seeding import World

# Bounded: the run ends after at most MAX_TIME seconds of fuzzing (plus start-up).
MAX_EXAMPLES: Final = 40
MAX_TIME_SECONDS: Final = 300


def toml_string(text: str) -> str:
    """``text`` as a TOML basic string (JSON's escapes are TOML's)."""
    return json.dumps(text)


def write_config(path: Path, world: World) -> None:
    """A schemathesis.toml that authenticates as the owner and names real ids."""
    lines = [
        # U+0000 is refused everywhere (a 400, said in the document's description);
        # JSON Schema cannot say it short of a pattern on every string.
        "generation.allow-x00 = false",
        "",
        # 422 answers a well-formed request that breaks a business rule (SPEC 10):
        # idle above absolute, an unpublishable tree, a wrong current password. No
        # schema can state those, so schema-valid data may meet them.
        "[checks.positive_data_acceptance]",
        'expected-statuses = ["2xx", "401", "403", "404", "409", "422", "429"]',
        "",
        "[auth.openapi.AccessToken]",
        f"bearer = {toml_string(world.access_token)}",
        "[auth.openapi.RefreshToken]",
        f"bearer = {toml_string(world.refresh_token)}",
        "",
        "[parameters]",
        f'"path.session_id" = {toml_string(world.session_id)}',
        f'"path.user_id" = {toml_string(world.member_id)}',
        f'"path.sid" = {toml_string(world.other_sid)}',
        "",
        # Reads and changes name the walked tree. DELETE names none: a fixed id there
        # would also replace the id of a tree the stateful phase just created.
        "[[operations]]",
        'include-method = ["GET", "PUT"]',
        'include-path-regex = "tree_id"',
        f'parameters = {{ "path.tree_id" = {toml_string(world.tree_id)} }}',
        "",
        # An audit cursor, like an id, is only valid if the server issued it.
        "[[operations]]",
        'include-name = "GET /api/v1/accounts/me/audit"',
        f'parameters = {{ "query.before" = {toml_string(world.audit_cursor)} }}',
        "",
        # SPEC 2: an unknown invite code is a 400; no schema can tell a real code.
        "[[operations]]",
        'include-name = "POST /api/v1/auth/register"',
        "[operations.checks.positive_data_acceptance]",
        'expected-statuses = ["2xx", "400", "409", "422"]',
        "",
    ]
    path.write_text("\n".join(lines))
