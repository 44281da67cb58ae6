"""Every rule of the published-date chain as a witness, against the truth and htmldate.

    .venv/bin/python benchmarks/date_witnesses.py [--sets fundus mercury ...]
        [--parts tuning validation] [--per-page FILE]

For each page with a date truth, each rule of ``dates.PUBLISHED_RULES`` (and the
witnesses ``dates.corroborated`` weighs) is asked on its own, on the same view
``aggregator.extract`` builds, and htmldate runs on the whole page as trafilatura
calls it (original date, extensive search). Per rule and part: how often it fires,
how often its day is right, how often it *decides* (is the chain's first hit) and is
right then, and, where it and htmldate give different days, who is right ("won": the
rule; "lost": htmldate; "neither"), over all pages and over the pages it decides.
Days are compared with the data sets' own scorers.

``--per-page`` writes per-page rows of the *tuning* part only: validation pages
are read as aggregates, never one by one.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

from benchmarks.extraction_data import (  # noqa: E402
    load_datasets,
    load_scorer,
    load_split,
    part_of,
    read_html,
    require_data,
)

DATED_SETS = ("fundus", "mercury", "newspaper4k", "trafilatura")
PARTS = ("tuning", "validation")


def page_view(html: str, url: str) -> Any:
    """The view ``extract`` builds, with every field step before the dates run."""
    from aggregator.parser import fields
    from aggregator.parser.tree import parse
    from aggregator.parser.view import PageView
    from aggregator.schema import Article

    fetched_at = datetime.now(UTC)
    page = parse(html, url)
    if page.root is None:
        return None
    article = Article(
        url=url, canonical_url=url, source="", headline="", body=[], fetched_at=fetched_at
    )
    view = PageView(page, article, fetched_at)
    for step in fields.STEPS[: fields.STEPS.index(fields.dates_field)]:
        step(view)
    return view


def witnesses() -> list[tuple[str, Callable[[Any], datetime | None]]]:
    """(name, rule) of every published-date rule, in chain order, then the extra witnesses."""
    from aggregator.parser import dates

    names = [
        "json-ld",
        "meta",
        "microdata",
        "time near headline",
        "feed",
        "url",
        "labelled",
        "classed",
        "htmldate on article",
        "htmldate beside scope",
    ]
    chain = [(name, rule) for name, (_, rule) in zip(names, dates.PUBLISHED_RULES, strict=True)]

    def whole_chain(view: Any) -> datetime | None:
        found = dates.find_dates(view, dates.PUBLISHED_RULES, ())[0]
        return found[0] if found else None

    return [*chain, ("visible (corroboration)", dates.visible_date), ("newsagg", whole_chain)]


def htmldate_page(html: str, url: str) -> str | None:
    from htmldate import find_date

    try:
        found: str | None = find_date(html, url=url, original_date=True)
    except Exception:  # noqa: BLE001 - scored as no date
        return None
    return found


def page_rows(ds: Any, sel: list[tuple[str, dict[str, Any]]], same_day: Callable) -> list[dict]:
    from aggregator.parser import dates

    rules = witnesses()
    out = []
    for pid, rec in sel:
        html = read_html(ds.html_path(pid))
        url = rec.get("url") or ""
        view = page_view(html, url)
        reference = htmldate_page(html, url)
        row: dict[str, Any] = {"id": pid, "truth": rec["published"], "htmldate": reference}
        row["htmldate_right"] = bool(same_day(rec["published"], reference))
        chain_names = {name for name, _ in rules[: len(dates.PUBLISHED_RULES)]}
        decided = False
        for name, rule in rules:
            found = rule(view) if view is not None else None
            value = dates.in_page_offset(view, found).isoformat() if found else None
            cell = {"value": value, "right": bool(value and same_day(rec["published"], value))}
            if value and name in chain_names and not decided:
                cell["decides"], decided = True, True
            if value and reference:
                cell["differs"] = not same_day(value, reference)
            row[name] = cell
        out.append(row)
    return out


def tally(rows: list[dict], names: list[str]) -> dict[str, Counter]:
    counts: dict[str, Counter] = {name: Counter() for name in [*names, "htmldate (page)"]}
    for row in rows:
        counts["htmldate (page)"]["fires"] += row["htmldate"] is not None
        counts["htmldate (page)"]["right"] += row["htmldate_right"]
        for name in names:
            cell, c = row[name], counts[name]
            if cell["value"] is None:
                continue
            c["fires"] += 1
            c["right"] += cell["right"]
            if cell.get("decides"):
                c["decides"] += 1
                c["decides_right"] += cell["right"]
            if cell.get("differs"):
                c["differs"] += 1
                key = "won" if cell["right"] else "lost" if row["htmldate_right"] else "neither"
                c[key] += 1
                if cell.get("decides"):
                    c[f"decides_{key}"] += 1
    return counts


def table(title: str, pages: int, counts: dict[str, Counter]) -> str:
    lines = [
        f"{title} ({pages} pages)",
        "| witness | fires | right | decides (right) | differs from htmldate | won | lost "
        "| neither | deciding: won / lost |",
        "|---|---|---|---|---|---|---|---|---|",
    ]
    for name, c in counts.items():
        lines.append(
            f"| {name} | {c['fires']} | {c['right']} | {c['decides']} ({c['decides_right']}) "
            f"| {c['differs']} | {c['won']} | {c['lost']} | {c['neither']} "
            f"| {c['decides_won']} / {c['decides_lost']} |"
        )
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sets", nargs="+", default=list(DATED_SETS))
    ap.add_argument("--parts", nargs="+", choices=PARTS, default=list(PARTS))
    ap.add_argument("--per-page", type=Path, help="per-page rows, tuning part only (JSON lines)")
    args = ap.parse_args(argv)
    root = require_data()
    parts = part_of(load_split())
    scorers = {
        "score": load_scorer(root, "extraction", "score").date_match,
        "score2": load_scorer(root, "extraction2", "score2").date_equal,
    }
    names = [name for name, _ in witnesses()]
    per_page: list[dict] = []
    for part in args.parts:
        all_rows: list[dict] = []
        for ds in (ds for ds in load_datasets(root) if ds.name in args.sets):
            sel = [
                (p, r)
                for p, r in sorted(ds.pages.items())
                if parts.get(f"{ds.name}/{p}") == part and r.get("published")
            ]
            rows = page_rows(ds, sel, scorers[ds.scorer])
            print(table(f"{part} / {ds.name}", len(rows), tally(rows, names)) + "\n")
            all_rows += rows
            if part == "tuning":
                per_page += [{"set": ds.name, **r} for r in rows]
        print(table(f"{part} / all dated sets", len(all_rows), tally(all_rows, names)) + "\n")
    if args.per_page:
        with args.per_page.open("w", encoding="utf8") as f:
            f.writelines(json.dumps(r, ensure_ascii=False) + "\n" for r in per_page)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
