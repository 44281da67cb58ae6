"""The date benchmark's tools: the rule support (benchmarks/date_witnesses.py --support) names
every rule of the published chain and counts, per rule, pages, sites and htmldate's
disagreements; benchmarks/extraction.py --without-date-rules leaves the rules named out."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # benchmarks/: no package
from aggregator.parser import dates  # noqa: E402
from aggregator.parser.dates import in_page  # noqa: E402
from benchmarks import date_witnesses  # noqa: E402


def test_every_rule_of_the_published_chain_has_its_own_name() -> None:
    # The name list is kept beside the chain; it fell behind twice when a rule joined.
    names = [name for name, _ in date_witnesses.chain_rules()]
    assert len(names) == len(dates.PUBLISHED_RULES)
    assert len(set(names)) == len(names)
    rules = [rule for _, rule in date_witnesses.chain_rules()]
    assert rules == [rule for _, rule in dates.PUBLISHED_RULES]


def _row(site: str, rule: str, right: bool, htmldate_right: bool) -> dict[str, object]:
    return {"site": site, "rule": rule, "right": right, "htmldate_right": htmldate_right}


ROWS = [
    _row("a.example", "json-ld", right=True, htmldate_right=False),  # the rule wins
    _row("a.example", "json-ld", right=True, htmldate_right=True),
    _row("b.example", "json-ld", right=False, htmldate_right=True),  # htmldate wins
    _row("c.example", "none", right=False, htmldate_right=False),
]


def test_tuning_support_counts_sites_and_who_wins_against_htmldate() -> None:
    lines = date_witnesses.support_table("tuning / hand-made", ROWS, by_site=True).splitlines()
    assert lines[0] == "tuning / hand-made (4 pages, 2 right)"
    assert "| json-ld | 3 | 2 | 1 | 2 | 1 | 1 | 1 (1) | 1 (1) |" in lines
    assert "| none | 1 | 0 | 1 | 1 | 0 | 1 | 0 (0) | 0 (0) |" in lines


def test_validation_support_has_counts_only() -> None:
    # Validation pages are read as aggregates: no site, no comparison page by page.
    table = date_witnesses.support_table("validation / hand-made", ROWS)
    assert "| json-ld | 3 | 2 | 1 |" in table.splitlines()
    assert "sites" not in table and "htmldate" not in table


def test_the_benchmark_drops_the_date_rules_named() -> None:
    from benchmarks import extraction

    kept = extraction.published_rules_without(["classed", "byline"])
    assert len(kept) == len(dates.PUBLISHED_RULES) - 2
    dropped = {in_page.classed_published, in_page.byline_published}
    assert not dropped & {rule for _, rule in kept}
    assert extraction.published_rules_without([]) == dates.PUBLISHED_RULES


def test_the_benchmark_refuses_a_rule_it_does_not_know() -> None:
    from benchmarks import extraction

    with pytest.raises(SystemExit, match="no rule \\['clased'\\]"):
        extraction.published_rules_without(["clased"])
