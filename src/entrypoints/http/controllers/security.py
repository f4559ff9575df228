"""An account's login-session security: the policy and owner-driven bulk sign-out."""

from __future__ import annotations

from litestar import Controller, get, patch, post
from litestar.params import JSONBody
from litestar.status_codes import HTTP_200_OK

from decision_core.usecases import account_security
from entrypoints.http.injected import InjectedPrincipal, InjectedServices
from entrypoints.http.openapi_errors import errors
from entrypoints.http.openapi_security import NEEDS_ACCESS_TOKEN
from entrypoints.http.schemas.security import (
    RevokedBody,
    RevokeSessionsRequest,
    SecurityBody,
    SecurityPatchRequest,
    security_body,
)


class SecurityController(Controller):
    """``/api/v1/accounts/me/security``: owner only."""

    path = "/api/v1/accounts/me/security"
    tags = ["account"]  # noqa: RUF012 - Litestar reads the class attribute
    security = NEEDS_ACCESS_TOKEN

    @get(sync_to_thread=True, responses=errors(401, 403), summary="Read the session policy")
    def get_policy(self, principal: InjectedPrincipal, services: InjectedServices) -> SecurityBody:
        """Overrides, effective values, system bounds and the signed-in members."""
        return security_body(account_security.get_security(services, principal))

    @patch(
        sync_to_thread=True,
        responses=errors(400, 401, 403, 422),
        summary="Change the session policy",
    )
    def update_policy(
        self,
        data: JSONBody[SecurityPatchRequest],
        principal: InjectedPrincipal,
        services: InjectedServices,
    ) -> SecurityBody:
        """Merge-patch the overrides (null clears) or apply a preset; applies at next sign-in."""
        return security_body(account_security.update_security(services, principal, data.to_patch()))

    @post(
        "/revoke-sessions",
        status_code=HTTP_200_OK,
        sync_to_thread=True,
        responses=errors(400, 401, 403),
        summary="Sign out the account's sessions",
    )
    def revoke_sessions(
        self,
        principal: InjectedPrincipal,
        services: InjectedServices,
        data: JSONBody[RevokeSessionsRequest | None] = None,
    ) -> RevokedBody:
        """Sign out the account's live sessions: ``all`` (default) or ``others``."""
        scope = (data or RevokeSessionsRequest()).scope
        return RevokedBody(
            revoked_count=account_security.revoke_sessions(services, principal, scope)
        )
