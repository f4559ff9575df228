"""Every app-wide hook is a coroutine: Litestar runs a synchronous one on a worker thread.

A synchronous ``before_send`` hook cost two thread hand-offs per answer, API
answers included, and halved the throughput of ``GET /auth/me``.
"""

from __future__ import annotations

import inspect

from litestar import Litestar


def test_every_app_wide_hook_runs_on_the_event_loop(app: Litestar) -> None:
    """The security headers and the request screening are coroutines, and no other hook is not."""
    hooks = [*app.before_send, app.before_request, app.after_request, app.after_response]
    present = [hook for hook in hooks if hook is not None]

    assert len(present) >= 2
    assert [hook for hook in present if not inspect.iscoroutinefunction(hook)] == []
