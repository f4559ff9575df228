"""Arguments several subcommands share, parsed before the database is touched.

A parser raises ``ValueError`` with a message naming the option, which the
command prints as its one error line.
"""

from __future__ import annotations

from typing import Annotated
from uuid import UUID

from cyclopts import Parameter

AccountOption = Annotated[str, Parameter(name="--account")]


def parse_id(text: str, rule: str) -> UUID:
    """An entity id (a UUID); ``rule`` starts the error message ("--account must be ...")."""
    try:
        return UUID(text)
    except ValueError:
        msg = f"{rule} (a UUID), not {text!r}"
        raise ValueError(msg) from None


def parse_account_id(text: str) -> UUID:
    """The ``--account`` option: an account's id."""
    return parse_id(text, "--account must be an account id")
