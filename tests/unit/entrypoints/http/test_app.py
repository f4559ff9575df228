"""The app as a whole: its hooks, and the operation ids of its OpenAPI document.

Every app-wide hook is a coroutine: Litestar runs a synchronous one on a worker
thread. A synchronous ``before_send`` hook cost two thread hand-offs per answer,
API answers included, and halved the throughput of ``GET /auth/me``.
"""

from __future__ import annotations

import inspect
from typing import Final

from litestar import Litestar

# Clients generated from the OpenAPI document name their methods after these: an id changes
# only on purpose (handlers renamed for walks keep the ids they had as sessions).
OPERATION_IDS: Final = {
    "ApiV1AccountsMeAuditAudit",
    "ApiV1AccountsMeInvitesInvite",
    "ApiV1AccountsMeInvitesInviteIdResendResendInvite",
    "ApiV1AccountsMeInvitesInviteIdRevokeInvite",
    "ApiV1AccountsMeInvitesListInvites",
    "ApiV1AccountsMeMembersListMembers",
    "ApiV1AccountsMeMembersUserIdUpdateMember",
    "ApiV1AccountsMeSecurityGetPolicy",
    "ApiV1AccountsMeSecurityRevokeSessionsRevokeSessions",
    "ApiV1AccountsMeSecurityTwoFactorRequireTwoFactor",
    "ApiV1AccountsMeSecurityUpdatePolicy",
    "ApiV1AuthLoginJsonLoginJson",
    "ApiV1AuthLoginLoginForm",
    "ApiV1AuthLoginTwoFactorCompleteSignIn",
    "ApiV1AuthLogoutLogout",
    "ApiV1AuthMeMe",
    "ApiV1AuthPasswordChangePassword",
    "ApiV1AuthPasswordResetConfirmConfirmReset",
    "ApiV1AuthPasswordResetRequestReset",
    "ApiV1AuthReauthenticateReauthenticate",
    "ApiV1AuthRefreshRefresh",
    "ApiV1AuthRegisterRegister",
    "ApiV1AuthSessionsListSessions",
    "ApiV1AuthSessionsSidRevokeSession",
    "ApiV1AuthTwoFactorDisable",
    "ApiV1AuthTwoFactorEnrolmentConfirmConfirmEnrolment",
    "ApiV1AuthTwoFactorEnrolmentStartEnrolment",
    "ApiV1AuthTwoFactorRecoveryCodesRegenerateRecoveryCodes",
    "ApiV1AuthTwoFactorStatus",
    "ApiV1SessionsListSessions",
    "ApiV1SessionsSessionIdCompleteComplete",
    "ApiV1SessionsSessionIdExportExport",
    "ApiV1SessionsSessionIdGetSession",
    "ApiV1SessionsSessionIdOperate",
    "ApiV1SessionsStart",
    "ApiV1TreesCategoriesCategories",
    "ApiV1TreesCreateTree",
    "ApiV1TreesImportImportTree",
    "ApiV1TreesListTrees",
    "ApiV1TreesSearchSearch",
    "ApiV1TreesTreeIdAnalyticsAnalytics",
    "ApiV1TreesTreeIdDeleteTree",
    "ApiV1TreesTreeIdExportExportTree",
    "ApiV1TreesTreeIdGetTree",
    "ApiV1TreesTreeIdUpdateTree",
    "ApiV1TreesTreeIdVersionsVersions",
    "HealthHealth",
}


def test_every_app_wide_hook_runs_on_the_event_loop(app: Litestar) -> None:
    """The request screening is a coroutine, and no other hook is not."""
    hooks = [*app.before_send, app.before_request, app.after_request, app.after_response]
    present = [hook for hook in hooks if hook is not None]

    assert app.before_request in present
    assert [hook for hook in present if not inspect.iscoroutinefunction(hook)] == []


def test_no_hook_wraps_every_answer(app: Litestar) -> None:
    """A ``before_send`` hook would cost every API answer (the page headers are the pages' own)."""
    assert app.before_send == []


def test_operation_ids_stay_as_clients_know_them(app: Litestar) -> None:
    """Every operation keeps its id, whatever its handler is called."""
    paths = app.openapi_schema.to_schema()["paths"]
    ids = {
        operation["operationId"]
        for path in paths.values()
        for method, operation in path.items()
        if method != "options"
    }

    assert ids == OPERATION_IDS
