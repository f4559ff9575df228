"""The demo troubleshooting trees, as JSON exports (package data)."""
