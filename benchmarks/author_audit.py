"""Which step of the author chain decides each page, and how often it is right.

    .venv/bin/python benchmarks/author_audit.py [--sets fundus mercury ...]
        [--parts tuning validation] [--list] [--probe-list] [--rows-out FILE]

``byline.decide_authors`` names the step that gave a page its authors (JSON-LD,
the visible byline, meta tags, the feed, a login, the named-byline fallback, or
"none"). For every page of the shared sets this runs ``aggregator.extract`` (what
the benchmark scores: authors, then credits) and the chain's decision on the
same page, and counts per part:

* **rule support**, on pages with author truth: each set's author F1 (the
  benchmark's figure), and per step the pages it decided and how many of them
  are right (author F1 1 by the data's own scorer), partial (between 0 and 1) or
  wrong (0), and the step's mean F1;
* **precision probe**, on pages without author truth: per step, the pages on
  which it names a person, gives credits only, or nothing. Nobody can score
  these; ``--probe-list`` prints the tuning ones that name someone, to read by eye
  for false names.

``--list`` prints the tuning pages whose author F1 is below 1 (truth, ours, the
step, the raw byline). ``--rows-out`` writes the tuning pages' rows as JSON, to
compare two checkouts page by page. Validation pages are only ever counted,
never listed or written.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
from collections import defaultdict
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

from benchmarks.extraction_data import (  # noqa: E402
    PARTS,
    load_datasets,
    load_scorer,
    pages_in_part,
    read_html,
    require_data,
)


def decide(html: str, url: str) -> dict[str, Any]:
    """Our authors and credits as extract() gives them, the deciding step and its raw line."""
    from aggregator.parser import byline, extract, fields
    from aggregator.parser.plain_text import is_plain_text
    from aggregator.parser.tree import decode_html, parse
    from aggregator.parser.urls import canonicalize_url
    from aggregator.parser.view import PageView
    from aggregator.schema import Article

    article = extract(html, url)
    step, raw = "none", ""
    text = decode_html(html)
    page = parse(text, url, xpath_ids=False)
    if is_plain_text(text):
        step = "plain text"
    elif page.root is not None:
        fresh = Article(url, canonicalize_url(url) if url else "", "", "", [], article.fetched_at)
        view = PageView(page, fresh, article.fetched_at)
        # The steps before the authors' (removals, metadata, headline), as extract runs them.
        for before in fields.STEPS[: fields.STEPS.index(fields.authors_field)]:
            before(view)
        (_, _, raw, _), step = byline.decide_authors(view, view.ld, view.hints, view.site[0])
    if step == "none" and article.credits:
        step = "dateline credit"  # added after the chain, from the first paragraph
    return {"authors": article.authors, "credits": article.credits, "step": step, "raw": raw}


def page_rows(sets: list[str] | None, part: str) -> list[dict[str, Any]]:
    root = require_data()
    scorer = load_scorer(root, "extraction", "score")
    rows = []
    for ds in load_datasets(root):
        if sets and ds.name not in sets:
            continue
        for pid, rec in pages_in_part(ds, part):
            url = rec.get("url") or ""
            row: dict[str, Any] = {
                "page": f"{ds.name}/{pid}",
                "url": url,
                "truth": rec.get("byline"),
            }
            row.update(decide(read_html(ds.html_path(pid)), url))
            if row["truth"] is not None:
                row["f1"] = scorer.byline_scores(row["truth"], row["authors"] + row["credits"])[0]
            rows.append(row)
    return rows


def set_figures(rows: list[dict[str, Any]]) -> list[str]:
    """Per set: pages with author truth and their mean author F1 (the benchmark's figure)."""
    by_set: dict[str, list[float]] = defaultdict(list)
    for r in rows:
        if "f1" in r:
            by_set[r["page"].split("/", 1)[0]].append(r["f1"])
    return [
        f"{name} ({len(fs)} pages): author F1 {statistics.fmean(fs):.3f}"
        for name, fs in by_set.items()
    ]


def support_table(rows: list[dict[str, Any]]) -> list[str]:
    """Per step, on pages with truth: decided, right, partial, wrong, mean F1."""
    by_step: dict[str, list[float]] = defaultdict(list)
    for r in rows:
        if "f1" in r:
            by_step[r["step"]].append(r["f1"])
    every = [f for fs in by_step.values() for f in fs]
    lines = [
        f"| step | pages (of {len(every)}) | right | partial | wrong | mean F1 |",
        "|---|---|---|---|---|---|",
    ]
    for step, fs in sorted(by_step.items(), key=lambda kv: -len(kv[1])) + [("all", every)]:
        if fs:
            right = sum(1 for f in fs if f == 1)
            wrong = sum(1 for f in fs if f == 0)
            lines.append(
                f"| {step} | {len(fs)} | {right} | {len(fs) - right - wrong} | {wrong} "
                f"| {statistics.fmean(fs):.3f} |"
            )
    return lines


def probe_table(rows: list[dict[str, Any]]) -> list[str]:
    """Per step, on pages without truth: names a person, credits only, nothing."""
    by_step: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for r in rows:
        if "f1" not in r:
            by_step[r["step"]].append(r)
    total = sum(len(rs) for rs in by_step.values())
    lines = [
        f"| step | pages (of {total}) | names a person | credits only | nothing |",
        "|---|---|---|---|---|",
    ]
    for step, rs in sorted(by_step.items(), key=lambda kv: -len(kv[1])):
        named = sum(1 for r in rs if r["authors"])
        credited = sum(1 for r in rs if r["credits"] and not r["authors"])
        lines.append(
            f"| {step} | {len(rs)} | {named} | {credited} | {len(rs) - named - credited} |"
        )
    return lines


def listing(rows: list[dict[str, Any]], misses: bool) -> list[str]:
    """Tuning rows to read: the misses (F1 below 1) or the unscored pages that name someone."""
    lines = []
    for r in rows:
        if (r.get("f1", 1.0) < 1) if misses else ("f1" not in r and r["authors"]):
            lines.append(f"{r['page']}  {r['url']}")
            score = f" (F1 {r['f1']:.2f})" if "f1" in r else ""
            lines.append(
                f"    truth {r['truth']} | ours {r['authors']} + {r['credits']}{score} "
                f"| {r['step']} | raw {r['raw'][:160]!r}"
            )
    return lines


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sets", nargs="+", help="data sets (default: all seven)")
    ap.add_argument("--parts", nargs="+", choices=PARTS, default=list(PARTS))
    ap.add_argument("--list", action="store_true", help="list the tuning misses")
    ap.add_argument(
        "--probe-list", action="store_true", help="list tuning pages without truth that name"
    )
    ap.add_argument("--rows-out", type=Path, help="write the tuning rows as JSON")
    args = ap.parse_args(argv)
    for part in args.parts:
        rows = page_rows(args.sets, part)
        print(f"## {part}: rule support (pages with author truth)\n")
        print("\n".join(set_figures(rows)) + "\n")
        print("\n".join(support_table(rows)) + "\n")
        print(f"## {part}: precision probe (pages without author truth)\n")
        print("\n".join(probe_table(rows)) + "\n")
        if part != "tuning":
            continue  # validation: aggregates only
        if args.list:
            print("\n".join(listing(rows, misses=True)) + "\n")
        if args.probe_list:
            print("\n".join(listing(rows, misses=False)) + "\n")
        if args.rows_out:
            args.rows_out.write_text(json.dumps(rows, ensure_ascii=False, indent=1), "utf8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
