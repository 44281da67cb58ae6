"""How many real articles the page-kind check refuses, and which non-articles it refuses.

Runs the crawl's page-kind check (``aggregator.parser.page_kind``, applied by
``for_source.prepare_article``) over:

- every development page of the shared sets (``extraction/`` and
  ``extraction2/`` through ``NEWSAGG_DATA``), all of them articles: the
  refusals of each part of the split must be 0. A tuning page refused is named
  with its reason; of the validation part only the count is printed;
- the tests' golden pages (``tests/golden``), all articles;
- the demo network's pages (``app/demo``): its article pages (must be 0
  refused) and its home, paginated and section pages (listings, to refuse).

    python benchmarks/page_kinds.py
"""

from __future__ import annotations

import sys
from collections import Counter
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "benchmarks"))

from extraction_data import (  # noqa: E402
    load_datasets,
    pages_in_part,
    read_html,
    require_data,
)

from aggregator.parser import extract  # noqa: E402
from aggregator.parser.page_kind import page_kind_problem  # noqa: E402
from aggregator.parser.tree import parse  # noqa: E402
from app.demo.content import articles_of, outlet_specs  # noqa: E402
from app.demo.server import build_routes  # noqa: E402


def refusal(html: str | bytes, url: str) -> str | None:
    """The check's reason for one page, as the crawl would give it (None: stored)."""
    return page_kind_problem(parse(html, url, xpath_ids=False), extract(html, url))


def development() -> None:
    datasets = load_datasets(require_data())
    for part in ("tuning", "validation"):
        pages = refused = 0
        for ds in datasets:
            for pid, record in pages_in_part(ds, part):
                pages += 1
                reason = refusal(read_html(ds.html_path(pid)), record.get("url") or "")
                if reason:
                    refused += 1
                    if part == "tuning":  # validation pages are only counted
                        print(f"  refused: {ds.name}/{pid}: {reason}")
        print(f"development pages, {part} part: {pages}, refused: {refused}")


def golden() -> None:
    pages = sorted((REPO / "tests" / "golden").glob("*/*.html"))
    refused = [p for p in pages if refusal(p.read_bytes(), f"https://{p.parent.name}.example/")]
    print(f"golden pages (articles): {len(pages)}, refused: {len(refused)}")
    for p in refused:
        print(f"  refused: {p.relative_to(REPO)}")


def demo() -> None:
    base = "http://127.0.0.1:8801"
    outcome: Counter[tuple[str, bool]] = Counter()
    for spec in outlet_specs():
        articles = {a.path for a in articles_of(spec.name)}
        for path, resource in build_routes(spec, base).items():
            if not resource.content_type.startswith("text/html") or path == "/robots.txt":
                continue
            if any(path == p.path for p in spec.private_pages):
                continue  # robots.txt keeps the crawl off them; not pages of either kind
            kind = "article" if path in articles else "listing"
            reason = refusal(resource.body, base + path)
            outcome[kind, reason is not None] += 1
            if (kind == "article") == (reason is not None):
                print(f"  {kind} {spec.name}{path}: {reason or 'stored'}")
    for kind in ("article", "listing"):
        total = outcome[kind, True] + outcome[kind, False]
        print(f"demo {kind} pages: {total}, refused: {outcome[kind, True]}")


def main() -> None:
    development()
    golden()
    demo()


if __name__ == "__main__":
    main()
