"""What libxml2's ``huge_tree`` option costs the parse of ordinary pages.

    NEWSAGG_DATA=/work/shared/data .venv/bin/python benchmarks/huge_tree.py [--repeats 3]

Parses every *tuning* page of the shared page sets (as UTF-8, with the parser's own
options) with and without ``huge_tree``, the two alternating page by page, each page's
best of ``--repeats``; prints both medians, the median per-page ratio and the totals.
Without the option libxml2 drops whatever is nested deeper than 256 elements.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

from lxml import etree

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.extraction_data import DATASETS, load_datasets, require_data  # noqa: E402
from benchmarks.extraction_profile import pages_of  # noqa: E402

_OPTIONS = {
    "remove_comments": True,
    "remove_pis": True,
    "default_doctype": False,
    "collect_ids": False,
    "encoding": "utf-8",
}


def _best(raw: bytes, parser: etree.HTMLParser, repeats: int) -> float:
    best = float("inf")
    for _ in range(repeats):
        start = time.perf_counter()
        etree.fromstring(raw, parser)
        best = min(best, time.perf_counter() - start)
    return best


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--repeats", type=int, default=3)
    args = ap.parse_args()
    plain = etree.HTMLParser(**_OPTIONS)
    huge = etree.HTMLParser(**_OPTIONS, huge_tree=True)
    sets = [name for name, _, _ in DATASETS]
    pages = [
        html.encode() for _, html, _ in pages_of(load_datasets(require_data()), sets, "tuning")
    ]
    without: list[float] = []
    with_huge: list[float] = []
    for raw in pages:
        without.append(_best(raw, plain, args.repeats))
        with_huge.append(_best(raw, huge, args.repeats))
    ratio = statistics.median(h / p for h, p in zip(with_huge, without, strict=True))
    print(
        f"{len(pages)} tuning pages, parse ms median: {statistics.median(without) * 1e3:.2f} "
        f"without huge_tree, {statistics.median(with_huge) * 1e3:.2f} with; median ratio "
        f"{ratio:.3f}; totals {sum(without):.2f} s / {sum(with_huge):.2f} s"
    )


if __name__ == "__main__":
    main()
