"""Steps of the two-factor tests: enrolling a signed-in member and reading their codes."""

from __future__ import annotations

from datetime import datetime

import attrs
import pyotp

from decision_core.clock import unix_seconds
from decision_core.usecases.context import Services
from decision_core.usecases.two_factor_enrolment import confirm_enrolment, start_enrolment
from tests.unit.conftest import SignedInMember


@attrs.frozen
class Authenticator:
    """A phone's authenticator app, holding one secret; its codes come from pyotp."""

    secret: str

    def code_at(self, moment: datetime) -> str:
        """The code it shows at ``moment``."""
        return pyotp.TOTP(self.secret).at(unix_seconds(moment))


@attrs.frozen
class Enrolled:
    """A member with two-factor sign-in on: their authenticator and recovery codes."""

    authenticator: Authenticator
    recovery_codes: tuple[str, ...]


def enrol(services: Services, member: SignedInMember) -> Enrolled:
    """Turn two-factor sign-in on for a signed-in member, as they would."""
    pending = start_enrolment(services, member.principal)
    authenticator = Authenticator(pending.secret)
    code = authenticator.code_at(services.clock.now())
    confirmed = confirm_enrolment(services, member.principal, code)
    return Enrolled(authenticator, confirmed.recovery_codes)
