"""In-memory adapters for every port of decision_core.

They live in ``src`` rather than in the tests because they are a real,
supported way to run the library: a single-process embed, a demo, and the
HTTP app's fast tests all use them, and they pass the same contract tests as
the SQL adapters.
"""

from adapters.memory.clock import FixedClock
from adapters.memory.codec import MemoryTokenCodec
from adapters.memory.store import MemoryStore
from adapters.memory.unit_of_work import MemoryUnitOfWork

__all__ = ["FixedClock", "MemoryStore", "MemoryTokenCodec", "MemoryUnitOfWork"]
