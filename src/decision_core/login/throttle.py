"""Sign-in throttling: after N failures within a window, wait until it passes."""

from __future__ import annotations

import math
from collections.abc import Sequence
from datetime import datetime, timedelta


def retry_after_seconds(
    failures: Sequence[datetime], now: datetime, limit: int, window: timedelta
) -> int | None:
    """Seconds until another attempt is allowed, or ``None`` if allowed now.

    Only failures inside ``(now - window, now]`` count. With ``limit`` or more
    of them, the caller waits until the ``limit``-th most recent one leaves
    the window, which is when the count drops below the limit again.
    """
    recent = sorted((at for at in failures if now - window < at <= now), reverse=True)
    if len(recent) < limit:
        return None
    opens_at = recent[limit - 1] + window
    return max(1, math.ceil((opens_at - now).total_seconds()))
