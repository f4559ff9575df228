"""A minimal ``.env`` reader: ``KEY=value`` lines, comments, optional quotes.

Deliberately small (no interpolation, no multi-line values): the file only
mirrors environment variables, and a format surprise should fail loudly.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Final

from decision_core.settings import InvalidSettings

_LINE: Final = re.compile(r"^(?:export\s+)?(?P<key>[A-Za-z_][A-Za-z0-9_]*)\s*=\s*(?P<value>.*)$")
_QUOTES: Final = ('"', "'")


def read_env_file(path: Path) -> dict[str, str]:
    """The variables ``path`` sets; an absent file sets none."""
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return {}
    except (OSError, UnicodeDecodeError) as exc:
        msg = f"cannot read {path}: {exc.__class__.__name__}"
        raise InvalidSettings(msg) from exc
    return parse_env_lines(text.splitlines(), source=str(path))


def parse_env_lines(lines: list[str], *, source: str) -> dict[str, str]:
    """Parse ``.env`` lines; a line that is not ``KEY=value`` is an error naming it."""
    values: dict[str, str] = {}
    for number, line in enumerate(lines, start=1):
        stripped = line.strip()
        if not stripped or stripped.startswith("#"):
            continue
        match = _LINE.match(stripped)
        if match is None:
            # The line may hold a secret, so only its number is shown.
            msg = f"{source} line {number} is not KEY=value"
            raise InvalidSettings(msg)
        values[match["key"]] = _unquoted(match["value"].strip())
    return values


def _unquoted(value: str) -> str:
    if len(value) >= 2 and value[0] == value[-1] and value[0] in _QUOTES:  # noqa: PLR2004 - two quote characters
        return value[1:-1]
    # An unquoted value may carry a trailing comment after whitespace.
    return re.split(r"\s+#", value, maxsplit=1)[0]
