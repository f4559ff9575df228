"""Step-up: some changes need the person to have proved who they are a moment ago.

A login session remembers when its user last proved it: the sign-in
(``auth_time``), or a later confirmation with a password or code
(``reauthenticated_at``). ``auth_time`` itself never moves, because it
anchors the session's absolute lifetime.
"""

from __future__ import annotations

from datetime import datetime, timedelta


def proved_recently(proved_at: datetime, now: datetime, window: timedelta) -> bool:
    """Whether a proof at ``proved_at`` still counts at ``now``.

    Rule: strictly less than ``window`` old. A proof exactly ``window`` old
    no longer counts, as a deadline is passed at its own instant.
    """
    return now - proved_at < window
