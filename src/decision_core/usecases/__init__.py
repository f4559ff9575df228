"""Use cases: one module per area, each function one transaction.

Every use case takes the :class:`~decision_core.usecases.context.Services`
bundle first; its docstring states the business rules it enforces.
"""
