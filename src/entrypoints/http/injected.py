"""The values Litestar injects into handlers by parameter name, as typed markers.

Litestar injects a dependency into the parameter of the same name; marking
the parameter says so explicitly (inferring it is deprecated). The app
registers each name in ``app.py``.
"""

from __future__ import annotations

from typing import TypeAlias

from litestar.di import NamedDependency

from decision_core.usecases.context import Principal, Services

# Use as ``services: InjectedServices``: the use cases' ports and settings.
InjectedServices: TypeAlias = NamedDependency[Services]
# Use as ``principal: InjectedPrincipal``: the caller proven by the access token (401 otherwise).
InjectedPrincipal: TypeAlias = NamedDependency[Principal]
