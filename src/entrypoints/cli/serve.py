"""``decision-tree serve``: migrate the database, then hand over to uvicorn."""

from __future__ import annotations

import copy
import sys
from typing import Annotated, Any, Final

import uvicorn
from cyclopts import Parameter, validators
from uvicorn.config import LOGGING_CONFIG

from decision_core.settings import InvalidSettings
from entrypoints.bootstrap import DatabaseNotReady, development_secret, prepare_database
from entrypoints.cli.app import app
from entrypoints.settings import ServerSettings, load_settings

APP_FACTORY: Final = "entrypoints.http.app:create_app_from_env"


@app.command
def serve(
    *,
    host: str = "127.0.0.1",
    port: Annotated[int, Parameter(validator=validators.Number(gte=1, lte=65535))] = 8000,
    workers: Annotated[int, Parameter(validator=validators.Number(gte=1))] = 1,
) -> int:
    """Serve the HTTP API.

    Settings come from environment variables and an optional ``.env`` file
    (see the README). The database is migrated to the newest schema first.

    Parameters
    ----------
    host
        Address to listen on.
    port
        TCP port to listen on.
    workers
        Number of worker processes.

    """
    try:
        settings = load_settings()
        _warn_about_development_secret(settings)
        prepare_database(settings)
    except (InvalidSettings, DatabaseNotReady) as exc:
        sys.stderr.write(f"decision-tree: {exc}\n")
        return 1
    # A factory import string, so that each of several worker processes builds its own app.
    uvicorn.run(
        APP_FACTORY,
        factory=True,
        host=host,
        port=port,
        workers=workers,
        log_config=_log_config(),
    )
    return 0


def _warn_about_development_secret(settings: ServerSettings) -> None:
    # Created here, once, before any worker starts; the workers only read it.
    secret = development_secret(settings)
    if secret is None:
        return
    state = "created" if secret.created else "using"
    sys.stderr.write(
        f"decision-tree: warning: SECRET_KEY is not set; {state} the development secret "
        f"{secret.path.resolve()}. Set SECRET_KEY for anything but development.\n"
    )


def _log_config() -> dict[str, Any]:
    """Uvicorn's logging, extended to the application's own loggers."""
    config: dict[str, Any] = copy.deepcopy(LOGGING_CONFIG)
    config["loggers"]["entrypoints"] = {"handlers": ["default"], "level": "INFO"}
    return config
