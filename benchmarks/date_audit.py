"""Our published dates on the pages with no date truth, beside the other witnesses.

    .venv/bin/python benchmarks/date_audit.py [--sets aeb newspaper ...]
        [--parts tuning validation] [--list]

The dated sets' scores say nothing about the pages whose record has no
"published" (every aeb, newspaper and goose3 page; some mercury, newspaper4k
and trafilatura pages), yet the chain dates them too. For each such page this
prints our published day and its provenance (``aggregator.extract``) beside
htmldate's (``original_date=True`` with extensive search, as trafilatura calls
it, and its default, the latest date), trafilatura's, and the days the page
itself states: its JSON-LD ``datePublished``/``dateCreated`` (any object), its
published meta tags, its ``<time>`` elements (anywhere on the page) and its URL.

Per part: for each witness, on how many pages it gives a day, and on the pages
where both give one how often ours is the same day; where one gives a day and
the other none. ``--list`` prints, for the tuning part only, each page where our
day differs from htmldate's original date or trafilatura's (a day against none
counts), with every witness: the pages to read by eye. Validation pages are
counted, never listed.
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

from benchmarks.extraction_data import (  # noqa: E402
    PARTS,
    load_datasets,
    pages_in_part,
    read_html,
    require_data,
)

# The witnesses one page row holds, after ours: single days, then the page's statements.
DAY_WITNESSES = ("htmldate original", "htmldate default", "trafilatura")
STATED = ("json-ld", "meta", "time", "url")


def _day(value: Any) -> str | None:
    return str(value)[:10] if value else None


def _safely(call: Callable[[], Any]) -> Any:
    try:
        return call()
    except Exception:  # noqa: BLE001 - a third party's failure is scored as no date
        return None


def ours(html: str, url: str) -> tuple[str | None, str]:
    """Our published day as the page prints it, and the rule that found it."""
    from aggregator.parser import extract

    article = extract(html, url)
    published = article.published_local or article.published_at
    return _day(published.isoformat() if published else None), article.provenance.get(
        "published_at", ""
    )


def others(html: str, url: str) -> dict[str, str | None]:
    """htmldate's original date and its default (latest), and trafilatura's date."""
    import trafilatura
    from htmldate import find_date

    doc = _safely(lambda: trafilatura.bare_extraction(html, url=url, with_metadata=True))
    found = doc.as_dict() if doc is not None and hasattr(doc, "as_dict") else doc or {}
    return {
        "htmldate original": _day(_safely(lambda: find_date(html, url=url, original_date=True))),
        "htmldate default": _day(_safely(lambda: find_date(html, url=url))),
        "trafilatura": _day(found.get("date")),
    }


def stated(html: str, url: str) -> dict[str, set[str]]:
    """The days the page states as a publication: JSON-LD, meta tags, ``<time>``, URL."""
    from aggregator.parser import vocab
    from aggregator.parser.dates import date_from_url, parse_local
    from aggregator.parser.tree import parse

    def days(values: list[Any]) -> set[str]:
        found = (parse_local(v) for v in values if isinstance(v, str))
        return {d.date().isoformat() for d in found if d is not None}

    page = parse(html, url)
    if page.root is None:
        return {name: set() for name in STATED}
    ld = [o.get(k) for o in page.jsonld for k in ("datePublished", "dateCreated")]
    ld = [v[0] if isinstance(v, list) and v else v for v in ld]
    meta = [v for key in vocab.PUBLISHED_META for v in page.meta.get(key, ())]
    times = [el.get("datetime") or "".join(el.itertext())[:80] for el in page.root.iter("time")]
    from_url = date_from_url(url)
    return {
        "json-ld": days(ld),
        "meta": days(meta),
        "time": days(times),
        "url": {from_url.date().isoformat()} if from_url else set(),
    }


def page_row(set_name: str, pid: str, html: str, url: str) -> dict[str, Any]:
    day, provenance = ours(html, url)
    return {
        "page": f"{set_name}/{pid}",
        "address": url,
        "ours": day,
        "provenance": provenance,
        **others(html, url),
        **{name: sorted(days) for name, days in stated(html, url).items()},
    }


def agreement(rows: list[dict[str, Any]]) -> list[str]:
    """Per witness: pages it dates, same day as ours, another day, only ours, only it."""
    lines = [
        f"| witness | dates (of {len(rows)}) | both date: same day | other day "
        "| ours only | it only | neither |",
        "|---|---|---|---|---|---|---|",
    ]
    lines.append(f"| newsagg | {sum(1 for r in rows if r['ours'])} | | | | | |")
    for name in (*DAY_WITNESSES, *STATED):
        c: Counter[str] = Counter()
        for r in rows:
            theirs = r[name] if isinstance(r[name], list) else [r[name]] if r[name] else []
            c["dates"] += bool(theirs)
            if r["ours"] and theirs:
                c["same" if r["ours"] in theirs else "other"] += 1
            else:
                c["ours only" if r["ours"] else "it only" if theirs else "neither"] += 1
        lines.append(
            f"| {name} | {c['dates']} | {c['same']} | {c['other']} | {c['ours only']} "
            f"| {c['it only']} | {c['neither']} |"
        )
    return lines


def disagrees(row: dict[str, Any]) -> bool:
    return bool(row["ours"] != row["htmldate original"] or row["ours"] != row["trafilatura"])


def listing(rows: list[dict[str, Any]]) -> list[str]:
    lines = []
    for r in (r for r in rows if disagrees(r)):
        lines.append(f"{r['page']}  {r['address']}")
        stated_days = "; ".join(f"{n} {','.join(r[n])}" for n in STATED if r[n])
        lines.append(
            f"    ours {r['ours']} ({r['provenance'] or '-'}) | htmldate {r['htmldate original']}"
            f" (default {r['htmldate default']}) | trafilatura {r['trafilatura']}"
            f" | {stated_days or 'states none'}"
        )
    return lines


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sets", nargs="+", help="data sets (default: all seven)")
    ap.add_argument("--parts", nargs="+", choices=PARTS, default=list(PARTS))
    ap.add_argument("--list", action="store_true", help="list the tuning disagreements")
    args = ap.parse_args(argv)
    root = require_data()
    for part in args.parts:
        rows = [
            page_row(ds.name, pid, read_html(ds.html_path(pid)), rec.get("url") or "")
            for ds in load_datasets(root)
            if not args.sets or ds.name in args.sets
            for pid, rec in pages_in_part(ds, part)
            if not rec.get("published")
        ]
        print(f"{part}: pages without date truth, our day beside each witness's")
        print("\n".join(agreement(rows)))
        print(
            f"ours differs from htmldate (original) or trafilatura: "
            f"{sum(map(disagrees, rows))} pages\n"
        )
        if args.list and part == "tuning":
            print("\n".join(listing(rows)) + "\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
