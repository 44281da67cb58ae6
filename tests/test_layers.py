"""The packages import one way: aggregator (core) → storage → spiders → app, and no cycle.

Every ``import`` and ``from … import`` of our own modules is read from the
source (at any depth: imports inside functions count too), so a new upward
arrow or a new cycle fails here before it is merged.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
# Lowest first: a package may import only packages at or below its own rank.
LAYERS = ("aggregator", "storage", "spiders", "app")
# Inside the core library: the modules everything else stands on import none of
# the stages (parser, dedup, discovery) above them.
CORE_FOUNDATION = {
    "aggregator.agencies",
    "aggregator.schema",
    "aggregator.selectors",
    "aggregator.config",
    "aggregator.config.alerts",
    "aggregator.config.loading",
    "aggregator.config.model",
    "aggregator.config.reading",
    "aggregator.config.services",
    "aggregator.config.sources",
    "aggregator.config.stories",
    "aggregator.config.values",
    "aggregator.hygiene",
    "aggregator.search_query",
    "aggregator.page_kinds",
    "aggregator.cjk",
    "aggregator.fold",
}


def _module_name(path: Path) -> str:
    parts = path.relative_to(REPO).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _modules() -> dict[str, Path]:
    return {
        _module_name(path): path
        for package in LAYERS
        for path in sorted((REPO / package).rglob("*.py"))
    }


MODULES = _modules()


def _resolve(name: str) -> str | None:
    """The module of ours that ``name`` (a module or a module attribute) refers to."""
    while name:
        if name in MODULES:
            return name
        name = name.rpartition(".")[0]
    return None


def _type_only_lines(tree: ast.Module) -> set[int]:
    """Lines of imports under ``if TYPE_CHECKING:``: annotations only, never run."""
    lines: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
            for child in node.body:
                lines.update(n.lineno for n in ast.walk(child) if hasattr(n, "lineno"))
    return lines


def _imports(module: str, *, type_only: bool = True) -> Iterator[tuple[str, int]]:
    """(imported module of ours, line) for every import statement in ``module``.

    ``type_only=False`` leaves out imports under ``if TYPE_CHECKING:``: they
    count for the layers (a type from above is still a dependency on it) but
    cannot make an import cycle, since they never run.
    """
    path = MODULES[module]
    package = module if path.name == "__init__.py" else module.rpartition(".")[0]
    tree = ast.parse(path.read_text(encoding="utf-8"))
    skip = set() if type_only else _type_only_lines(tree)
    for node in ast.walk(tree):
        if getattr(node, "lineno", None) in skip:
            continue
        if isinstance(node, ast.Import):
            targets = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.rsplit(".", node.level - 1)[0] if node.level > 1 else package
                base = f"{anchor}.{base}" if base else anchor
            # `from pkg import sub` imports the submodule when there is one.
            targets = [f"{base}.{alias.name}" for alias in node.names]
        else:
            continue
        for target in targets:
            resolved = _resolve(target)
            if resolved is not None and resolved != module:
                yield resolved, node.lineno


# The graph of imports that run (for cycles).
GRAPH = {
    module: sorted({target for target, _ in _imports(module, type_only=False)})
    for module in MODULES
}


def _layer(module: str) -> int:
    return LAYERS.index(module.partition(".")[0])


def test_every_package_is_in_a_layer() -> None:
    top_level = {p.name for p in REPO.iterdir() if (p / "__init__.py").exists()}
    assert top_level == set(LAYERS), "a new top-level package needs its place in LAYERS"


@pytest.mark.parametrize("module", sorted(MODULES))
def test_imports_go_down_only(module: str) -> None:
    upward = [
        f"{module} line {line} imports {target}"
        for target, line in _imports(module)
        if _layer(target) > _layer(module)
    ]
    assert upward == []


def test_core_foundation_imports_no_stage() -> None:
    for module in CORE_FOUNDATION:
        assert set(GRAPH[module]) <= CORE_FOUNDATION, (module, GRAPH[module])


def test_migrations_import_no_code_of_ours() -> None:
    assert GRAPH["storage.migrations"] == []


def _cycle() -> list[str] | None:
    """One import cycle among our modules, or None."""
    return _cycle_in(GRAPH)


def test_no_import_cycle() -> None:
    assert _cycle() is None


def _package(module: str) -> str:
    """The package a module belongs to for the package-level check: its first two names
    (``app.daemon.runner`` → ``app.daemon``; ``app.errors`` is one of its own)."""
    return ".".join(module.split(".")[:2])


def _package_graph() -> dict[str, list[str]]:
    edges: dict[str, set[str]] = {_package(m): set() for m in GRAPH}
    for module, targets in GRAPH.items():
        for target in targets:
            if _package(target) != _package(module):
                edges[_package(module)].add(_package(target))
    return {package: sorted(targets) for package, targets in edges.items()}


def _cycle_in(graph: dict[str, list[str]]) -> list[str] | None:
    done: set[str] = set()
    for start in graph:
        stack: list[tuple[str, Iterator[str]]] = [(start, iter(graph[start]))]
        on_path = [start]
        while stack:
            node, children = stack[-1]
            child = next(children, None)
            if child is None:
                stack.pop()
                on_path.pop()
                done.add(node)
            elif child in on_path:
                return on_path[on_path.index(child) :] + [child]
            elif child not in done:
                stack.append((child, iter(graph[child])))
                on_path.append(child)
    return None


def test_no_import_cycle_between_packages() -> None:
    """A cycle of subpackages (app.errors → app.cluster → app.errors) has no module-level
    cycle for test_no_import_cycle to find, and still ties the packages together."""
    assert _cycle_in(_package_graph()) is None


def test_the_checks_can_fail() -> None:
    """The walker sees imports inside functions, and finds a planted cycle."""
    assert "spiders.runner" in GRAPH["app.crawling"]
    assert any(target.startswith("storage") for target in GRAPH["app.cli.read"])  # lazy imports
    GRAPH["aggregator.schema"].append("aggregator.config")
    GRAPH["aggregator.config"].append("aggregator.schema")
    try:
        assert _cycle() is not None
    finally:
        GRAPH["aggregator.schema"].remove("aggregator.config")
        GRAPH["aggregator.config"].remove("aggregator.schema")
    # Two modules of different packages, each importing the other's package, no module cycle.
    GRAPH["app.errors"].append("app.web.charts")
    try:
        assert _cycle() is None and _cycle_in(_package_graph()) is not None
    finally:
        GRAPH["app.errors"].remove("app.web.charts")
