"""How many real article pages fall under the article-text minimum (issue 18, item 14).

Runs the page-only extraction over every development page of the shared sets
(``extraction/`` and ``extraction2/``, through ``NEWSAGG_DATA``) and applies
the crawl's article-level check (``aggregator.parser.for_source``): pages
with no body at all, pages under ``MIN_ARTICLE_LETTERS`` (must be 0), and the
fewest letters any extracted body holds.

    python benchmarks/article_minimum.py
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "benchmarks"))

from devdata import require  # noqa: E402

from aggregator.parser import extract  # noqa: E402
from aggregator.parser.for_source import MIN_ARTICLE_LETTERS, article_text_problem  # noqa: E402


def main() -> None:
    pages = under = empty = 0
    fewest: tuple[int, str] | None = None
    for root in (require("extraction"), require("extraction2")):
        for truth in sorted(root.glob("*/ground-truth.json")):
            for page_id, record in json.loads(truth.read_text("utf-8"))["pages"].items():
                html = (truth.parent / "html" / f"{page_id}.html").read_bytes()
                article = extract(html, record.get("url") or "https://example.com/")
                pages += 1
                if not article.body:
                    empty += 1
                    continue
                letters = sum(ch.isalpha() for p in article.body for ch in p)
                name = f"{truth.parent.name}/{page_id}"
                if fewest is None or letters < fewest[0]:
                    fewest = (letters, name)
                if article_text_problem(article):
                    under += 1
                    print(f"under the minimum: {name} ({letters} letters)")
    print(f"development pages: {pages}")
    print(f"no body extracted (rejected before, as now): {empty}")
    print(f"with a body, under the minimum of {MIN_ARTICLE_LETTERS} letters: {under}")
    if fewest:
        print(f"fewest letters in an extracted body: {fewest[0]} ({fewest[1]})")


if __name__ == "__main__":
    main()
