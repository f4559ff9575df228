"""The Litestar HTTP API over the core's use cases (SPEC sections 2-5, 9, 10)."""

from entrypoints.http.app import create_app, create_app_from_env, threads_of
from entrypoints.http.handler_threads import HandlerThreads

__all__ = ["HandlerThreads", "create_app", "create_app_from_env", "threads_of"]
