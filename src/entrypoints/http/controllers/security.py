"""An account's login-session security: the policy and owner-driven bulk sign-out."""

from __future__ import annotations

from litestar import Router, get, patch, post, put
from litestar.params import JSONBody
from litestar.status_codes import HTTP_200_OK

from decision_core.usecases import account_security
from entrypoints.http.handler_threads import HandlerThreads
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
from entrypoints.http.schemas.two_factor import TwoFactorRequirementRequest


def security_routes(threads: HandlerThreads) -> Router:
    """``/api/v1/accounts/me/security``: owner only."""

    @get(
        sync_to_thread=threads.database_work,
        responses=errors(401, 403),
        summary="Read the session policy",
    )
    def get_policy(principal: InjectedPrincipal, services: InjectedServices) -> SecurityBody:
        """Overrides, effective values, system bounds and the signed-in members."""
        return security_body(account_security.get_security(services, principal))

    @patch(
        sync_to_thread=threads.database_work,
        responses=errors(400, 401, 403, 422, step_up=True),
        summary="Change the session policy",
    )
    def update_policy(
        data: JSONBody[SecurityPatchRequest],
        principal: InjectedPrincipal,
        services: InjectedServices,
    ) -> SecurityBody:
        """Merge-patch the overrides (null clears) or apply a preset; applies at next sign-in.

        A step-up change: 401 ``reauthentication_required`` unless the caller
        signed in or confirmed who they are within STEP_UP_MINUTES.
        """
        return security_body(account_security.update_security(services, principal, data.to_patch()))

    @post(
        "/revoke-sessions",
        status_code=HTTP_200_OK,
        sync_to_thread=threads.database_work,
        responses=errors(400, 401, 403, step_up=True),
        summary="Sign out the account's sessions",
    )
    def revoke_sessions(
        principal: InjectedPrincipal,
        services: InjectedServices,
        data: JSONBody[RevokeSessionsRequest | None] = None,
    ) -> RevokedBody:
        """Sign out the account's live sessions: ``all`` (default) or ``others``.

        ``all`` is a step-up change: 401 ``reauthentication_required`` unless
        the caller signed in or confirmed who they are within STEP_UP_MINUTES.
        """
        scope = (data or RevokeSessionsRequest()).scope
        return RevokedBody(
            revoked_count=account_security.revoke_sessions(services, principal, scope)
        )

    @put(
        "/two-factor",
        sync_to_thread=threads.database_work,
        responses=errors(400, 401, 403, step_up=True),
        summary="Require two-factor sign-in",
    )
    def require_two_factor(
        data: JSONBody[TwoFactorRequirementRequest],
        principal: InjectedPrincipal,
        services: InjectedServices,
    ) -> SecurityBody:
        """Turn on (or off) the requirement of a second factor for every member's sign-in.

        Applies at each member's next sign-in: a member without a second
        factor enrols on the way in; sessions already running stay. A step-up
        change, like the policy.
        """
        view = account_security.require_two_factor(services, principal, required=data.required)
        return security_body(view)

    return Router(
        path="/api/v1/accounts/me/security",
        tags=["account"],
        security=NEEDS_ACCESS_TOKEN,
        route_handlers=[get_policy, update_policy, revoke_sessions, require_two_factor],
    )
