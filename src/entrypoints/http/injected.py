"""The values Litestar injects into handlers by parameter name, as typed markers.

Litestar injects a dependency into the parameter of the same name; marking
the parameter says so explicitly (inferring it is deprecated). The app
registers each name in ``app.py``.
"""

from __future__ import annotations

from typing import TypeAlias

from litestar.di import NamedDependency

from decision_core.usecases.context import ClientInfo, Principal, Services

# Use as ``services: InjectedServices``: the use cases' ports and settings.
InjectedServices: TypeAlias = NamedDependency[Services]
# Use as ``principal: Caller``: the caller proven by the access token (401 otherwise).
Caller: TypeAlias = NamedDependency[Principal]
# Use as ``client: Client``: the requesting user agent and address.
Client: TypeAlias = NamedDependency[ClientInfo]
# Use as ``refresh_token: BearerRefreshToken``: the refresh token in Authorization.
BearerRefreshToken: TypeAlias = NamedDependency[str]
