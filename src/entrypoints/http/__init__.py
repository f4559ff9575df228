"""The Litestar HTTP API over the core's use cases (SPEC sections 2-5, 9, 10)."""

from entrypoints.http.app import create_app, create_app_from_env

__all__ = ["create_app", "create_app_from_env"]
