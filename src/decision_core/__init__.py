"""decision_core: the pure domain library of the decision-tree service.

It imports the standard library and attrs only. Everything that touches a
database, a token format, a password hash or the wall clock sits behind the
ports of the :mod:`decision_core.ports` package and is supplied by an adapter.
"""
