"""The limit: a bare Litestar app that answers a small JSON dict and does nothing else."""

from __future__ import annotations

from litestar import Litestar, get


@get("/", sync_to_thread=False)
def hello() -> dict[str, str]:
    """A small JSON dict, and no other work."""
    return {"status": "ok", "service": "bare"}


def create_app() -> Litestar:
    """The bare app; uvicorn's factory."""
    return Litestar(route_handlers=[hello], debug=False, logging_config=None)
