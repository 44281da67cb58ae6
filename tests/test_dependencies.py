"""Declared = imported: every third-party package the four packages import is declared in
pyproject.toml (dependencies, or the web and cluster extras), and every one declared there
is imported."""

from __future__ import annotations

import ast
import re
import sys
import tomllib
from importlib.metadata import packages_distributions
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
OURS = ("aggregator", "storage", "spiders", "app")
# No package to declare: `__future__` (compiler directives), and typeshed's stub-only
# `_typeshed` (its buffer and path types), which exists for type checkers only and is
# imported under TYPE_CHECKING.
STDLIB_STUBS = {"__future__", "_typeshed"}
# Declared, and imported by a module of ours only through another package's module.
USED_THROUGH = {"cssselect": "lxml.cssselect"}


def _name(requirement: str) -> str:
    return re.split(r"[<>=!~\[ ;]", requirement, maxsplit=1)[0].lower().replace("_", "-")


def _declared() -> set[str]:
    project = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    extras = project["optional-dependencies"]
    return {_name(r) for r in project["dependencies"] + extras["web"] + extras["cluster"]}


def _imported_distributions() -> dict[str, str]:
    """Distribution → one module of ours importing it, for every third-party import."""
    dists = packages_distributions()
    found: dict[str, str] = {}
    for package in OURS:
        for path in sorted((REPO / package).rglob("*.py")):
            for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
                if isinstance(node, ast.Import):
                    names = [alias.name for alias in node.names]
                elif isinstance(node, ast.ImportFrom) and not node.level and node.module:
                    names = [node.module]
                else:
                    continue
                for name in names:
                    for dist, module in USED_THROUGH.items():
                        if name == module:
                            found.setdefault(dist, str(path.relative_to(REPO)))
                    top = name.partition(".")[0]
                    if top in OURS or top in sys.stdlib_module_names or top in STDLIB_STUBS:
                        continue
                    for dist in dists.get(top, [top]):
                        found.setdefault(_name(dist), str(path.relative_to(REPO)))
    return found


def test_every_import_is_declared_and_every_declared_one_imported() -> None:
    imported = _imported_distributions()
    declared = _declared()
    assert {d: m for d, m in imported.items() if d not in declared} == {}
    assert declared - set(imported) == set()
