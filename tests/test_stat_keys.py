"""The crawl counters more than one module uses are named once (spiders/stats.py): a
renamed key, or a renamed store status, cannot leave a reader counting 0 unnoticed."""

from __future__ import annotations

import ast
from pathlib import Path

import spiders.stats
from storage.writes import StoreStatus

REPO = Path(__file__).resolve().parent.parent
DECLARED = {
    value
    for name, value in vars(spiders.stats).items()
    if name.isupper() and isinstance(value, str)
}


def _literals(path: Path) -> list[tuple[str, int]]:
    """The string constants of a module, and the text of its f-strings up to the first
    placeholder ("newsagg/articles_" of f"newsagg/articles_{kind}")."""
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Constant) and isinstance(node.value, str):
            found.append((node.value, node.lineno))
        elif isinstance(node, ast.JoinedStr) and node.values:
            head = node.values[0]
            if isinstance(head, ast.Constant) and isinstance(head.value, str):
                found.append((head.value, node.lineno))
    return found


def test_a_declared_key_is_written_nowhere_else() -> None:
    copies = [
        f"{path.relative_to(REPO)}:{line} {text!r}"
        for package in ("aggregator", "storage", "spiders", "app")
        for path in sorted((REPO / package).rglob("*.py"))
        if path != REPO / "spiders" / "stats.py"
        for text, line in _literals(path)
        if text in DECLARED or text.startswith(spiders.stats.articles(""))
    ]
    assert copies == []


def test_the_store_outcomes_are_counted_under_their_status() -> None:
    assert spiders.stats.articles(StoreStatus.NEW) == "newsagg/articles_new"
    assert {spiders.stats.articles(s) for s in StoreStatus} == {
        "newsagg/articles_new", "newsagg/articles_updated", "newsagg/articles_unchanged",
    }  # fmt: skip
    assert spiders.stats.ARTICLES_FETCHED == "newsagg/articles_fetched"
