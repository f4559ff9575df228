"""Login sessions: who is signed in, on which device, and for how long.

The session and its refresh tokens (:mod:`.sessions`), the tokens' claims
(:mod:`.tokens`), each account's session policy (:mod:`.policy`), the refresh
decisions (:mod:`.refresh`), bulk revocation (:mod:`.revocation`), sign-in
throttling (:mod:`.throttle`), what the batch jobs may prune
(:mod:`.retention`), the second factor (:mod:`.totp`, :mod:`.two_factor`)
and step-up (:mod:`.step_up`). Pure values and functions only, independent of
:mod:`decision_core.trees` (an import-linter contract); the two meet only in
the shared kernel (clock, errors, identity, roles, audit, settings) and the
use cases.
"""
