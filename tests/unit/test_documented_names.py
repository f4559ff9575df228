"""Every file, module and name the docs and docstrings mention is in the tree.

A rename leaves prose behind without a word from any tool, so this reads the
docstrings of src, bench and fuzz, README.md and docs/*.md, and checks three
kinds of reference:

- a path ending in ``.py`` (``usecases/tree_import.py``): some file of the
  repository ends with it;
- ``:mod:`.name``` in a package's docstring: the module exists beside it;
- a dotted name in backquotes. Rooted at one of our packages
  (``decision_core.trees.walks``, ``entrypoints.http.app:create_app``), the
  longest module prefix must exist and the first name after it must be defined
  there. Any other dotted name whose first part is one of our modules' names
  (``tokens.refresh_claims_problem``) must end in a name defined somewhere in
  the code, or be a string the code uses (an audit action such as
  ``auth.registered``, a column in SQL), or be the tail of a module's name.
"""

from __future__ import annotations

import ast
import re
from collections.abc import Iterator
from functools import cache
from pathlib import Path
from typing import Final

ROOT: Final = Path(__file__).resolve().parents[2]
CODE_DIRECTORIES: Final = ("src", "bench", "fuzz", "tests")
# Packages whose modules are named from the repository root rather than from src.
ROOT_PACKAGES: Final = ("bench", "fuzz", "tests")
# A backquoted ``name.ext`` is a file, not a dotted name.
FILE_SUFFIXES: Final = frozenset({"py", "js", "css", "html", "md", "json", "toml", "txt", "lua"})

PY_PATH: Final = re.compile(r"(?<![\w/.-])((?:[\w-]+/)*[\w-]+\.py)\b")
RELATIVE_MODULE: Final = re.compile(r":mod:`(\.[\w.]+)`")
DOTTED_NAME: Final = re.compile(r"`+([A-Za-z_]\w*(?:\.[A-Za-z_]\w*)+)(?::(\w+))?`+")


def python_files() -> Iterator[Path]:
    """Every Python file of the code directories (vendored static files have none)."""
    for directory in CODE_DIRECTORIES:
        yield from (ROOT / directory).rglob("*.py")


@cache
def modules() -> dict[str, Path]:
    """Every module by its dotted name: src's from src, the others' from the root."""
    found: dict[str, Path] = {}
    for path in python_files():
        base = ROOT if path.relative_to(ROOT).parts[0] in ROOT_PACKAGES else ROOT / "src"
        parts = path.relative_to(base).with_suffix("").parts
        if parts[-1] == "__init__":
            parts = parts[:-1]
        found[".".join(parts)] = path
    return found


@cache
def repository_files() -> tuple[str, ...]:
    """The path from the root of every file at the root, in docs, .ci and the code."""
    files = [path for path in ROOT.iterdir() if path.is_file()]
    for directory in (*CODE_DIRECTORIES, "docs", ".ci"):
        files.extend(path for path in (ROOT / directory).rglob("*") if path.is_file())
    return tuple(path.relative_to(ROOT).as_posix() for path in files)


@cache
def parsed(path: Path) -> ast.Module:
    """The syntax tree of one Python file."""
    return ast.parse(path.read_text(encoding="utf-8"))


def names_defined_in(tree: ast.AST) -> Iterator[str]:
    """Every name a def, a class, an assignment, an attribute store or an import binds."""
    for node in ast.walk(tree):
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
            yield node.name
        elif isinstance(node, ast.Name) and isinstance(node.ctx, ast.Store):
            yield node.id
        elif isinstance(node, ast.Attribute) and isinstance(node.ctx, ast.Store):
            yield node.attr
        elif isinstance(node, ast.alias):
            yield node.asname or node.name.rsplit(".", 1)[-1]


@cache
def defined_in_module(path: Path) -> frozenset[str]:
    """The names one module binds anywhere, nested ones too (attributes of a class)."""
    return frozenset(names_defined_in(parsed(path)))


@cache
def defined_anywhere() -> frozenset[str]:
    """Every name src, bench and fuzz bind, and every word of their strings (SQL, actions)."""
    names: set[str] = set()
    for path in python_files():
        if path.relative_to(ROOT).parts[0] == "tests":
            continue
        names.update(defined_in_module(path))
        for node in ast.walk(parsed(path)):
            if isinstance(node, ast.Constant) and isinstance(node.value, str):
                names.add(node.value)
                names.update(re.findall(r"\w+", node.value))
    return frozenset(names)


def documented_texts() -> Iterator[tuple[Path, str]]:
    """Each docstring of src, bench and fuzz, and each Markdown page, with where it is."""
    for directory in ("src", "bench", "fuzz"):
        for path in (ROOT / directory).rglob("*.py"):
            for node in ast.walk(parsed(path)):
                if isinstance(
                    node, ast.Module | ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef
                ):
                    docstring = ast.get_docstring(node)
                    if docstring:
                        yield path, docstring
    for page in [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]:
        yield page, page.read_text(encoding="utf-8")


def missing_paths(text: str) -> Iterator[str]:
    """The ``.py`` paths no file of the repository ends with."""
    files = repository_files()
    for match in PY_PATH.finditer(text):
        path = match.group(1)
        if not any(name == path or name.endswith(f"/{path}") for name in files):
            yield path


def missing_relative_modules(where: Path, text: str) -> Iterator[str]:
    """The ``:mod:`.name``` references, in a package's docstring, to no module beside it."""
    if ROOT / "src" not in where.parents:
        return
    package = ".".join(where.parent.relative_to(ROOT / "src").parts)
    for match in RELATIVE_MODULE.finditer(text):
        if package + match.group(1) not in modules():
            yield match.group(0)


def rooted_name_exists(parts: list[str]) -> bool:
    """Whether a name under one of our packages is a module, or defined in its module."""
    for length in range(len(parts), 0, -1):
        module = modules().get(".".join(parts[:length]))
        if module is not None:
            rest = parts[length:]
            return not rest or rest[0] in defined_in_module(module)
    return False


def short_name_exists(name: str) -> bool:
    """Whether a name like ``tokens.refresh_claims_problem`` names something of the code."""
    if any(module.endswith(f".{name}") for module in modules()):
        return True
    known = defined_anywhere()
    return name in known or name.rsplit(".", 1)[-1] in known


def missing_dotted_names(text: str) -> Iterator[str]:
    """The backquoted dotted names that name nothing in the tree."""
    module_names = {name.rsplit(".", 1)[-1] for name in modules()}
    roots = {"decision_core", "adapters", "entrypoints", *ROOT_PACKAGES}
    for match in DOTTED_NAME.finditer(text):
        parts = match.group(1).split(".") + ([match.group(2)] if match.group(2) else [])
        if parts[0] in roots:
            if not rooted_name_exists(parts):
                yield match.group(0)
        elif parts[-1] in FILE_SUFFIXES or parts[0] not in module_names:
            continue
        elif not short_name_exists(match.group(1)):
            yield match.group(0)


def test_every_documented_name_is_in_the_tree() -> None:
    """No docstring or page names a file, module or function the code no longer has."""
    stale = [
        f"{where.relative_to(ROOT)}: {name}"
        for where, text in documented_texts()
        for name in (
            *missing_paths(text),
            *missing_relative_modules(where, text),
            *missing_dotted_names(text),
        )
    ]
    assert stale == []


def test_the_check_finds_a_stale_name() -> None:
    """Each kind of reference is caught when it names nothing (so the check can fail)."""
    text = (
        "See `decision_core.trees.no_such_module`, `decision_core.clock.no_such_function`,"
        " `tokens.no_such_rule` and `usecases/no_such_file.py`."
    )
    assert list(missing_paths(text)) == ["usecases/no_such_file.py"]
    assert list(missing_dotted_names(text)) == [
        "`decision_core.trees.no_such_module`",
        "`decision_core.clock.no_such_function`",
        "`tokens.no_such_rule`",
    ]
    package = ROOT / "src" / "decision_core" / "trees" / "__init__.py"
    assert list(missing_relative_modules(package, ":mod:`.nowhere` :mod:`.walks`")) == [
        ":mod:`.nowhere`"
    ]
