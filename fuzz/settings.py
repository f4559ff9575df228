"""The schemathesis configuration of a run, written for the world the seeding made."""

from __future__ import annotations

import json
from collections.abc import Iterable
from pathlib import Path
from typing import Final

from fuzz.seeding import World

# Bounded: the run ends after at most MAX_TIME seconds of fuzzing (plus start-up).
MAX_EXAMPLES: Final = 40
MAX_TIME_SECONDS: Final = 300
# A fixed seed: the same data in the same order on every run (how many cases fit in
# MAX_TIME still depends on the machine). `-- --seed N` replays another one.
SEED: Final = 18
# How often a generated id is swapped for a real one: mostly real ids, to reach past the
# 404s, and now and then a random one, to check the 404s too.
REAL_ID_PROBABILITY: Final = 0.9


def toml_string(text: str) -> str:
    """``text`` as a TOML basic string (JSON's escapes are TOML's)."""
    return json.dumps(text)


def toml_list(texts: Iterable[str]) -> str:
    """``texts`` as a TOML array of strings."""
    return "[" + ", ".join(toml_string(text) for text in texts) + "]"


def real(dictionary: str) -> str:
    """A binding that draws a parameter from ``dictionary`` (see ``write_config``)."""
    return f'{{ dictionary = "{dictionary}", probability = {REAL_ID_PROBABILITY} }}'


def write_config(path: Path, world: World) -> None:
    """A schemathesis.toml that authenticates as the owner and names real ids."""
    lines = [
        f"seed = {SEED}",
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
        # Real ids as dictionaries: generated values are swapped for them, while ids the
        # stateful phase follows through links (a tree it just created) stay as they are.
        # A fixed `parameters` value would replace those too, and a GET of the fixed tree
        # after another step deleted it read as "created resource not found" (ST302).
        "[dictionaries.trees]",
        f"values = {toml_list(world.tree_ids)}",
        "[dictionaries.walks]",
        f"values = {toml_list([world.session_id])}",
        "[dictionaries.login_sessions]",
        f"values = {toml_list([world.other_sid])}",
        "",
        "[parameters]",
        f'"path.session_id" = {real("walks")}',
        f'"path.sid" = {real("login_sessions")}',
        # Fixed, even over a link: the member is the only user the fuzzer may demote or
        # deactivate. A link from GET /auth/me would otherwise let it demote itself once
        # another owner exists, and a viewer cannot see the drafts it creates.
        f'"path.user_id" = {toml_string(world.member_id)}',
        "",
        # Reads and changes name the demo trees. DELETE names none: it deletes only what
        # the fuzzer made, so the demo trees stay for the rest of the run.
        # Each `include-*` key is a filter of its own, any of which selects, and the first
        # entry that selects an operation decides its parameters (`include-method = "GET"`
        # took the audit trail's fixed cursor away), so: one include, one exclude.
        "[[operations]]",
        'include-path-regex = "[{]tree_id[}]"',
        'exclude-method = "DELETE"',
        f'parameters = {{ "path.tree_id" = {real("trees")} }}',
        "",
        # A walk starts on a published tree.
        "[[operations]]",
        'include-name = "POST /api/v1/sessions"',
        f'parameters = {{ "body.tree_id" = {real("trees")} }}',
        "",
        # An audit cursor, like an id, is only valid if the server issued it; no
        # other string is one, so this one is fixed.
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
        # An unknown password-reset token is a 400 (invalid_reset_token), like an invite
        # code: no schema can tell a token the server mailed.
        "[[operations]]",
        'include-name = "POST /api/v1/auth/password-reset/confirm"',
        "[operations.checks.positive_data_acceptance]",
        'expected-statuses = ["2xx", "400", "422"]',
        "",
    ]
    path.write_text("\n".join(lines))
