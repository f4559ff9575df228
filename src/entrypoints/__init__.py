"""Entry points: the HTTP app and the `decision-tree` CLI, both calling the core use cases."""
