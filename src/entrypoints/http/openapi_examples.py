"""An example of each request body, the token answer and the error bodies, for the document."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Final

from entrypoints.http.controllers.health import HealthBody
from entrypoints.http.schemas.auth import (
    LoginForm,
    LoginRequest,
    PasswordChangeRequest,
    RegisterRequest,
    TokenBody,
)
from entrypoints.http.schemas.errors import (
    ErrorBody,
    MalformedRequestBody,
    RuleViolationBody,
    TitleTakenBody,
)
from entrypoints.http.schemas.members import InviteRequest, MemberPatchRequest
from entrypoints.http.schemas.password_reset import (
    PasswordResetConfirmRequest,
    PasswordResetRequest,
)
from entrypoints.http.schemas.security import RevokeSessionsRequest, SecurityPatchRequest
from entrypoints.http.schemas.trees import NewTreeRequest, TreeChangeRequest
from entrypoints.http.schemas.two_factor import (
    EnrolmentBody,
    EnrolmentConfirmedBody,
    EnrolmentConfirmRequest,
    EnrolmentRequest,
    ReauthenticateRequest,
    RecoveryCodesBody,
    TwoFactorChallengeBody,
    TwoFactorCodeRequest,
    TwoFactorRequirementRequest,
    TwoFactorSignInRequest,
    TwoFactorStatusBody,
)
from entrypoints.http.schemas.walks import (
    AnswerRequest,
    BackRequest,
    CompleteRequest,
    ContinueRequest,
    ExportRequest,
    NotesRequest,
    StartWalkRequest,
)

TREE_ID: Final = "3fa85f64-5717-4562-b3fc-2c963f66afa6"
PRINTER_DOCUMENT: Final = {
    "start": "q1",
    "nodes": [
        {
            "id": "q1",
            "kind": "question",
            "text": "Is the printer switched on?",
            "answers": [
                {"id": "yes", "label": "Yes", "next": "done"},
                {"id": "no", "label": "No", "next": "power"},
            ],
        },
        {"id": "power", "kind": "action", "text": "Switch it on.", "next": "done"},
        {"id": "done", "kind": "solution", "text": "Print a test page."},
    ],
}

CHALLENGE: Final = "q3Zt0cW6m1JkYw8hV2pX9nLr4sA7dE5fG0bH1iK2jM3"
RECOVERY_CODES: Final = [
    "abcd-efgh-jkmn",
    "pqrs-tuvw-xyz2",
    "3456-789a-bcde",
    "fghj-kmnp-qrst",
    "uvwx-yz23-4567",
    "89ab-cdef-ghjk",
    "mnpq-rstu-vwxy",
    "z234-5678-9abc",
    "defg-hjkm-npqr",
    "stuv-wxyz-2345",
]

# What GET /trees/{id}/export?format=json gives and POST /trees/import takes.
TREE_EXPORT: Final = {
    "title": "Printer won't print",
    "description": "Office printers that stay silent.",
    "category": "printing",
    "tags": ["printer"],
    "document": PRINTER_DOCUMENT,
}

EXAMPLES: Final[Mapping[type, object]] = {
    HealthBody: {"status": "ok", "database": "ok"},
    ErrorBody: {"status_code": 401, "detail": "session_expired_idle"},
    TitleTakenBody: {
        "status_code": 409,
        "detail": "tree_title_exists",
        "message": 'the account has a tree titled "Printer won\'t print" already',
        "tree_id": TREE_ID,
    },
    MalformedRequestBody: {
        "status_code": 400,
        "detail": "Expected `int`, got `str` - at `$.idle_minutes`",
        "field": "idle_minutes",
        "errors": [
            {
                "field": "idle_minutes",
                "message": "Expected `int`, got `str` - at `$.idle_minutes`",
                "source": "body",
            }
        ],
    },
    RuleViolationBody: {
        "status_code": 422,
        "detail": "tree_invalid",
        "problems": [
            {
                "severity": "error",
                "code": "edge_to_missing_node",
                "node_id": "q1",
                "message": "answer yes leads to the missing node done",
            }
        ],
    },
    RegisterRequest: {
        "email": "ada@example.com",
        "password": "correct horse battery",
        "name": "Ada",
        "account_name": "Ada's MSP",
    },
    LoginRequest: {"email": "ada@example.com", "password": "correct horse battery"},
    LoginForm: {"username": "ada@example.com", "password": "correct horse battery"},
    PasswordChangeRequest: {
        "current_password": "correct horse battery",
        "new_password": "staple battery horse",
    },
    TokenBody: {
        "access_token": "eyJhbGciOiJIUzI1NiJ9.e30.signature",
        "refresh_token": "eyJhbGciOiJIUzI1NiJ9.e30.signature",
        "token_type": "bearer",
        "expires_in": 300,
        "idle_expires_at": "2026-11-25T09:00:00Z",
        "absolute_expires_at": "2026-12-06T09:00:00Z",
    },
    PasswordResetRequest: {"email": "ada@example.com"},
    PasswordResetConfirmRequest: {
        "token": "hG7vQm2Yx0bS3cJt9LwPqR5nE1uKzA8dFy4iOeTgVsM",
        "new_password": "staple battery horse",
    },
    TwoFactorChallengeBody: {
        "status_code": 401,
        "detail": "two_factor_required",
        "challenge": CHALLENGE,
        "expires_in": 300,
        "enrolment_required": False,
    },
    TwoFactorSignInRequest: {"challenge": CHALLENGE, "code": "492039"},
    EnrolmentRequest: {"challenge": CHALLENGE},
    EnrolmentConfirmRequest: {"code": "492039"},
    TwoFactorCodeRequest: {"code": "492039"},
    ReauthenticateRequest: {"password": "correct horse battery"},
    TwoFactorRequirementRequest: {"required": True},
    TwoFactorStatusBody: {
        "enabled": True,
        "pending": False,
        "recovery_codes_left": 9,
        "required_by_account": False,
    },
    EnrolmentBody: {
        "secret": "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP",
        "otpauth_uri": "otpauth://totp/decision-tree:ada@example.com?secret="
        "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP&issuer=decision-tree&algorithm=SHA1&digits=6&period=30",
    },
    RecoveryCodesBody: {"recovery_codes": RECOVERY_CODES},
    EnrolmentConfirmedBody: {"recovery_codes": RECOVERY_CODES, "tokens": None},
    InviteRequest: {"role": "engineer", "email": "grace@example.com"},
    MemberPatchRequest: {"role": "admin"},
    SecurityPatchRequest: {"idle_minutes": 60, "absolute_minutes": 1440},
    RevokeSessionsRequest: {"scope": "others"},
    NewTreeRequest: {
        "title": "Printer won't print",
        "category": "printing",
        "tags": ["printer"],
        "status": "published",
        "document": PRINTER_DOCUMENT,
    },
    TreeChangeRequest: {"title": "Printer does not print", "tags": ["printer", "office"]},
    StartWalkRequest: {"tree_id": TREE_ID, "ticket_ref": "INC-42"},
    AnswerRequest: {"op": "answer", "answer_id": "no", "note": "The switch was off."},
    ContinueRequest: {"op": "continue"},
    BackRequest: {"op": "back"},
    NotesRequest: {"op": "notes", "text": "Customer called twice."},
    CompleteRequest: {"outcome": "resolved", "summary": "Switched the printer on."},
    ExportRequest: {"format": "markdown"},
}
