"""Who is calling: the access or refresh token, and where the request comes from.

Access tokens are verified by the ``principal`` dependency rather than
Litestar's JWT middleware: the middleware checks ``exp`` against the wall
clock with its own token model, while the SPEC has the core decide every
expiry against its clock port (``signin.authenticate``). One verification
path keeps that rule in one place and testable with a fixed clock. A handler
is protected exactly when it asks for a ``principal``.

The refresh token and the client are read by the handlers that need them
(``refresh_token_of(request)``, ``client_of(request)``), not injected:
Litestar resolves two or more dependencies of one level in an anyio task
group, a task each, which cost a refresh about 100 µs here, many times the
header reads themselves.
"""

from __future__ import annotations

from typing import Any, Final, TypeAlias

from litestar import Request

from decision_core.errors import AuthenticationError, InvalidAccessToken, InvalidRefreshToken
from decision_core.usecases.context import ClientInfo, Principal
from decision_core.usecases.signin import authenticate
from entrypoints.http.injected import InjectedServices

# Any request, whatever its user, auth and state types: what these readers take.
AnyRequest: TypeAlias = Request[Any, Any, Any]

BEARER_SCHEME: Final = "bearer"
# Longer user agents are cut: the header is the client's to choose, the column is ours.
USER_AGENT_MAX_LENGTH: Final = 512


def bearer_token(request: AnyRequest, missing: type[AuthenticationError]) -> str:
    """The token of ``Authorization: Bearer <token>``, or raise ``missing``."""
    scheme, _, token = request.headers.get("authorization", "").strip().partition(" ")
    token = token.strip()
    if scheme.lower() != BEARER_SCHEME or not token:
        raise missing
    return token


def provide_principal(request: AnyRequest, services: InjectedServices) -> Principal:
    """The caller proven by the access token; 401 ``not_authenticated`` otherwise."""
    return authenticate(services, bearer_token(request, InvalidAccessToken))


def refresh_token_of(request: AnyRequest) -> str:
    """The refresh token sent as ``Authorization: Bearer``; 401 ``invalid_refresh_token``."""
    return bearer_token(request, InvalidRefreshToken)


def client_of(request: AnyRequest) -> ClientInfo:
    """The client's user agent and address (the ASGI scope's peer, as the server sees it)."""
    user_agent = request.headers.get("user-agent")
    client = request.client
    return ClientInfo(
        user_agent=user_agent[:USER_AGENT_MAX_LENGTH] if user_agent else None,
        ip=client.host if client is not None else None,
    )
