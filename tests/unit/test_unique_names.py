"""One name per thing: no two classes or type aliases in src and tests share a name."""

from __future__ import annotations

import ast
from collections import defaultdict
from collections.abc import Iterator
from pathlib import Path
from typing import Final

ROOT: Final = Path(__file__).resolve().parents[2]


def defined_names(tree: ast.Module) -> Iterator[str]:
    """Every class, anywhere in the module, and every module-level type alias (``X = ...``)."""
    for node in ast.walk(tree):
        if isinstance(node, ast.ClassDef):
            yield node.name
    for node in tree.body:
        targets = node.targets if isinstance(node, ast.Assign) else []
        if isinstance(node, ast.AnnAssign):
            targets = [node.target]
        for target in targets:
            # CamelCase only: UPPER_CASE names are constants, not types.
            if isinstance(target, ast.Name) and target.id[0].isupper() and not target.id.isupper():
                yield target.id


def test_no_two_classes_or_type_aliases_share_a_name() -> None:
    """A reader who meets a type name knows which one it is, without checking the import."""
    places: defaultdict[str, list[str]] = defaultdict(list)
    for folder in ("src", "tests"):
        for path in sorted((ROOT / folder).rglob("*.py")):
            tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
            for name in defined_names(tree):
                places[name].append(str(path.relative_to(ROOT)))
    shared = {name: where for name, where in places.items() if len(where) > 1}
    assert shared == {}
