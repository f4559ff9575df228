"""Ports: what the use cases need from the outside world, as Protocols.

One module per seam, named for it; import from the module, as in
``from decision_core.ports.unit_of_work import UnitOfWork``. Adapters implement
the ports by explicit subclassing. Repositories never commit; the
:class:`~decision_core.ports.unit_of_work.UnitOfWork` does, once, in the use case.
"""
