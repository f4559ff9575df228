"""The two kinds of body every schema derives from."""

from __future__ import annotations

import msgspec


class RequestBody(msgspec.Struct, forbid_unknown_fields=True, kw_only=True):
    """A body a client sends: an unknown field is an error, not something to ignore."""


class ResponseBody(msgspec.Struct, kw_only=True):
    """A body the server answers with."""
