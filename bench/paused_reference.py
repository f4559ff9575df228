"""A floor measured during a run: the server paused now and then, the reference timed meanwhile.

A sign-in is judged against a raw argon2 verify. On a shared host argon2's
speed drifts with the neighbours' memory traffic: medians of 25 verifies
taken half a second apart differed by up to 40%, so a verify timed before
and after a 5 s run said little about the run between. Here the server is
stopped (SIGSTOP) every half second for a few verifies on its own core and
resumed (SIGCONT); the run is then judged over the time it ran, against
verifies spread through that same time.
"""

from __future__ import annotations

import os
import signal
import statistics
import time
from collections.abc import Callable
from typing import Final

import attrs

EVERY_SECONDS: Final = 0.5  # of wall time, from the start of the run
VERIFIES_PER_PAUSE: Final = 3
# Taken first in each pause and not kept: it finds its memory evicted by the server's own
# (the first of a pause ran 2-5% slower on average in two trials), while each of the server's
# verifies follows its previous one, as each kept sample here follows the one before.
WARM_UPS_PER_PAUSE: Final = 1
# A pause must be over before wrk stops, or time wrk never counted would be taken off its run.
MARGIN_SECONDS: Final = 0.4


@attrs.define
class PausedReference:
    """Takes ``samples`` (n timings, milliseconds) in pauses of process ``pid`` during a run."""

    pid: int
    samples: Callable[[int], list[float]]
    samples_ms: list[float] = attrs.Factory(list)
    paused_seconds: float = 0.0

    def __call__(self, run_ends: float) -> None:
        """Pause, sample and resume every ``EVERY_SECONDS`` until shortly before ``run_ends``."""
        next_pause = time.monotonic() + EVERY_SECONDS
        while next_pause < run_ends - MARGIN_SECONDS:
            time.sleep(max(0.0, next_pause - time.monotonic()))
            self._paused_samples()
            next_pause += EVERY_SECONDS

    @property
    def mean_ms(self) -> float:
        """The mean sample: a run's time per request averages over its run the same way."""
        return statistics.fmean(self.samples_ms)

    def _paused_samples(self) -> None:
        stopped = time.monotonic()
        os.kill(self.pid, signal.SIGSTOP)
        try:
            taken = self.samples(WARM_UPS_PER_PAUSE + VERIFIES_PER_PAUSE)
            self.samples_ms.extend(taken[WARM_UPS_PER_PAUSE:])
        finally:
            os.kill(self.pid, signal.SIGCONT)
            self.paused_seconds += time.monotonic() - stopped
