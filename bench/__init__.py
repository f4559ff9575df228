"""The benchmark suite behind ``nox -s bench``: throughput against a bare app, and scaling.

Run it with ``uv run --group nox nox -s bench`` (or ``uv run python -m bench``); see
docs/benchmarks.md for what each figure means.
"""
