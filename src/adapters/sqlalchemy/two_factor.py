"""Two-factor enrolments, recovery codes and sign-in challenges in SQL.

Every write that must happen once (a code's step spent, a recovery code or a
challenge used, a pending enrolment confirmed) is one conditional UPDATE:
of concurrent requests exactly one matches a row, on both databases (on
PostgreSQL a waiter re-checks the condition once the winner commits).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any
from uuid import UUID

from sqlalchemy import delete, func, insert, or_, select, update

from adapters.sqlalchemy.fast_path.statements import ENROLMENT_BY_USER
from adapters.sqlalchemy.in_transaction import InTransaction
from adapters.sqlalchemy.statement_results import affected_rows
from adapters.sqlalchemy.two_factor_rows import (
    RecoveryCodeRow,
    SignInChallengeRow,
    TwoFactorEnrolmentRow,
)
from decision_core.login.two_factor import SignInChallenge, TwoFactorEnrolment
from decision_core.ports.two_factor import SignInChallengeRepository, TwoFactorRepository


def _enrolment_from_row(row: Any) -> TwoFactorEnrolment:  # noqa: ANN401 - a row or a record
    return TwoFactorEnrolment(
        user_id=row.user_id,
        seed=row.seed,
        created_at=row.created_at,
        confirmed_at=row.confirmed_at,
        last_step=row.last_step,
    )


class SqlAlchemyTwoFactor(InTransaction, TwoFactorRepository):
    """The ``two_factor_enrolments`` and ``recovery_codes`` tables."""

    def get(self, user_id: UUID) -> TwoFactorEnrolment | None:
        """The user's enrolment, or ``None``: every password sign-in asks, so on the fast path."""
        row = self._transaction.first(ENROLMENT_BY_USER, {"p_id": user_id})
        return None if row is None else _enrolment_from_row(row)

    def start(self, enrolment: TwoFactorEnrolment) -> bool:
        """Replace a pending enrolment (DELETE, then INSERT), unless an active one is there."""
        pending = TwoFactorEnrolmentRow.user_id == enrolment.user_id
        self._session.execute(
            delete(TwoFactorEnrolmentRow).where(
                pending, TwoFactorEnrolmentRow.confirmed_at.is_(None)
            )
        )
        if self.get(enrolment.user_id) is not None:
            return False  # active: left as it is
        self._session.execute(
            insert(TwoFactorEnrolmentRow).values(
                user_id=enrolment.user_id,
                seed=enrolment.seed,
                created_at=enrolment.created_at,
                confirmed_at=enrolment.confirmed_at,
                last_step=enrolment.last_step,
            )
        )
        return True

    def activate(self, user_id: UUID, seed: str, at: datetime, step: int) -> bool:
        """One UPDATE of the pending row with this seed."""
        result = self._session.execute(
            update(TwoFactorEnrolmentRow)
            .where(
                TwoFactorEnrolmentRow.user_id == user_id,
                TwoFactorEnrolmentRow.seed == seed,
                TwoFactorEnrolmentRow.confirmed_at.is_(None),
            )
            .values(confirmed_at=at, last_step=step)
        )
        return affected_rows(result) == 1

    def spend_step(self, user_id: UUID, step: int) -> bool:
        """One UPDATE, only while the stored step is earlier."""
        result = self._session.execute(
            update(TwoFactorEnrolmentRow)
            .where(
                TwoFactorEnrolmentRow.user_id == user_id,
                TwoFactorEnrolmentRow.confirmed_at.is_not(None),
                or_(
                    TwoFactorEnrolmentRow.last_step.is_(None),
                    TwoFactorEnrolmentRow.last_step < step,
                ),
            )
            .values(last_step=step)
        )
        return affected_rows(result) == 1

    def remove(self, user_id: UUID) -> bool:
        """Delete the recovery codes, then the enrolment."""
        self._session.execute(delete(RecoveryCodeRow).where(RecoveryCodeRow.user_id == user_id))
        result = self._session.execute(
            delete(TwoFactorEnrolmentRow).where(TwoFactorEnrolmentRow.user_id == user_id)
        )
        return affected_rows(result) == 1

    def replace_recovery_codes(self, user_id: UUID, code_hashes: Sequence[str]) -> None:
        """Delete the user's codes, then insert these in one statement."""
        self._session.execute(delete(RecoveryCodeRow).where(RecoveryCodeRow.user_id == user_id))
        if code_hashes:
            self._session.execute(
                insert(RecoveryCodeRow),
                [{"user_id": user_id, "code_hash": code_hash} for code_hash in code_hashes],
            )

    def use_recovery_code(self, user_id: UUID, code_hash: str, at: datetime) -> bool:
        """One UPDATE of the code while it is unused."""
        result = self._session.execute(
            update(RecoveryCodeRow)
            .where(
                RecoveryCodeRow.user_id == user_id,
                RecoveryCodeRow.code_hash == code_hash,
                RecoveryCodeRow.used_at.is_(None),
            )
            .values(used_at=at)
        )
        return affected_rows(result) == 1

    def recovery_codes_left(self, user_id: UUID) -> int:
        """One COUNT of the user's unused codes."""
        query = (
            select(func.count())
            .select_from(RecoveryCodeRow)
            .where(RecoveryCodeRow.user_id == user_id, RecoveryCodeRow.used_at.is_(None))
        )
        return self._session.execute(query).scalar_one()


class SqlAlchemySignInChallenges(InTransaction, SignInChallengeRepository):
    """The ``sign_in_challenges`` table, looked up by token hash."""

    def add(self, challenge: SignInChallenge) -> None:
        """Insert a new challenge."""
        self._session.execute(
            insert(SignInChallengeRow).values(
                id=challenge.id,
                user_id=challenge.user_id,
                token_hash=challenge.token_hash,
                created_at=challenge.created_at,
                expires_at=challenge.expires_at,
                enrolment_required=challenge.enrolment_required,
                used_at=challenge.used_at,
            )
        )

    def get_by_token_hash(self, token_hash: str) -> SignInChallenge | None:
        """The challenge with this token hash, or ``None``."""
        query = select(SignInChallengeRow).where(SignInChallengeRow.token_hash == token_hash)
        row = self._session.scalars(query).first()
        if row is None:
            return None
        return SignInChallenge(
            id=row.id,
            user_id=row.user_id,
            token_hash=row.token_hash,
            created_at=row.created_at,
            expires_at=row.expires_at,
            enrolment_required=row.enrolment_required,
            used_at=row.used_at,
        )

    def use(self, challenge_id: UUID, now: datetime) -> bool:
        """One UPDATE while the challenge is unused and unexpired at ``now``."""
        result = self._session.execute(
            update(SignInChallengeRow)
            .where(
                SignInChallengeRow.id == challenge_id,
                SignInChallengeRow.used_at.is_(None),
                SignInChallengeRow.expires_at > now,
            )
            .values(used_at=now)
        )
        return affected_rows(result) == 1

    def close_open_for(self, user_id: UUID, now: datetime) -> int:
        """One UPDATE of the user's challenges unused and unexpired at ``now``."""
        result = self._session.execute(
            update(SignInChallengeRow)
            .where(
                SignInChallengeRow.user_id == user_id,
                SignInChallengeRow.used_at.is_(None),
                SignInChallengeRow.expires_at > now,
            )
            .values(used_at=now)
        )
        return affected_rows(result)
