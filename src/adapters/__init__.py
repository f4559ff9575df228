"""Adapters: the technologies behind decision_core's ports."""
