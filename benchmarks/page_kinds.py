"""How many real articles the page-kind check refuses, and which non-articles it refuses.

Runs the crawl's page-kind check (``aggregator.parser.page_kind``, applied by
``for_source.prepare_article``) over:

- every development page of the shared sets (``extraction/`` and
  ``extraction2/`` through ``NEWSAGG_DATA``), all of them articles: the
  refusals of each part of the split must be 0. A tuning page refused is named
  with its reason; of the validation part only the count is printed;
- the tests' golden pages (``tests/golden``), all articles;
- the demo network's pages (``app/demo``) through the crawl's whole path: its
  article pages (must all be stored) and its home, paginated and section pages
  (listings, to refuse; each one stored is named).

    python benchmarks/page_kinds.py
"""

from __future__ import annotations

import sys
from collections import Counter
from datetime import UTC, datetime
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "benchmarks"))

from extraction_data import (  # noqa: E402
    PARTS,
    load_datasets,
    pages_in_part,
    read_html,
    require_data,
)

from aggregator.config import BoilerplateSettings, parse_config  # noqa: E402
from aggregator.parser.fields import extract_parsed  # noqa: E402
from aggregator.parser.for_source import RejectedPage, prepare_article  # noqa: E402
from aggregator.parser.page_kind import page_kind_problem  # noqa: E402
from aggregator.schema import FetchedPage  # noqa: E402
from app.demo.content import articles_of, outlet_specs  # noqa: E402
from app.demo.server import build_routes  # noqa: E402


def refusal(html: str | bytes, url: str) -> str | None:
    """The check's reason for one page, on the page as extraction left it (None: stored)."""
    article, parsed = extract_parsed(html, url)
    return page_kind_problem(parsed, article) if parsed is not None else None


def development() -> None:
    datasets = load_datasets(require_data())
    for part in PARTS:
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
    """The demo's pages through the crawl's whole path (``prepare_article``): stored,
    refused by the page-kind check, or refused as "no article text found"."""
    base = "http://127.0.0.1:8801"
    source = parse_config("sources: [{name: demo, feeds: ['http://127.0.0.1:8801/feed']}]")
    outcome: Counter[tuple[str, str]] = Counter()
    for spec in outlet_specs():
        articles = {a.path for a in articles_of(spec.name)}
        private = {p.path for p in spec.private_pages}  # robots.txt keeps the crawl off them
        for path, resource in build_routes(spec, base).items():
            if not resource.content_type.startswith("text/html") or path in private:
                continue
            kind = "article" if path in articles else "listing"
            page = FetchedPage(base + path, "demo", resource.body, datetime.now(UTC))
            try:
                prepare_article(page, source.sources[0], BoilerplateSettings(), None)
                result = "stored"
            except RejectedPage as exc:
                result = "no article text" if "no article text" in str(exc) else "page kind"
            outcome[kind, result] += 1
            if (kind == "article") != (result == "stored"):
                print(f"  {kind} {spec.name}{path}: {result}")
    for kind in ("article", "listing"):
        counts = {r: outcome[kind, r] for r in ("stored", "page kind", "no article text")}
        total = sum(counts.values())
        print(
            f"demo {kind} pages: {total}, refused by the page-kind check: {counts['page kind']}, "
            f"as no article text: {counts['no article text']}, stored: {counts['stored']}"
        )


def main() -> None:
    development()
    golden()
    demo()


if __name__ == "__main__":
    main()
