"""Articles split over pages on real pages: which tuning pages name a next page of the
same article or continue another (``aggregator.parser.next_page``), and what the two
questions the spider asks of every article page cost.

Tuning part of the extraction split only (``benchmarks/extraction_split.json``); each
page found is printed with the URL it names, to be read by hand. Times: the median over
the pages of the best of 3 runs, beside the page-only extraction of the same pages.

    python benchmarks/next_page.py
"""

from __future__ import annotations

import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from aggregator.parser import extract  # noqa: E402
from aggregator.parser.next_page import first_page_of, next_page  # noqa: E402
from benchmarks.extraction_data import (  # noqa: E402
    load_datasets,
    pages_in_part,
    read_html,
    require_data,
)


def _best_of_3(call: Callable[[bytes, str], object], html: bytes, url: str) -> float:
    times = []
    for _ in range(3):
        start = time.perf_counter()
        call(html, url)
        times.append(time.perf_counter() - start)
    return min(times)


def _both(html: bytes, url: str) -> object:
    return next_page(html, url), first_page_of(html, url)


def main() -> None:
    pages = 0
    found: list[str] = []
    asked: list[float] = []
    extracted: list[float] = []
    for ds in load_datasets(require_data()):
        for pid, record in pages_in_part(ds, "tuning"):
            url = record.get("url") or "https://example.com/"
            html = read_html(ds.html_path(pid)).encode("utf-8")
            pages += 1
            later, first = next_page(html, url), first_page_of(html, url)
            if later or first:
                found.append(f"{ds.name}/{pid} {url}: next {later}, continues {first}")
            asked.append(_best_of_3(_both, html, url))
            extracted.append(_best_of_3(extract, html, url))
    for line in found:
        print(line)
    print(f"tuning pages: {pages}; naming a next page or continuing one: {len(found)}")
    print(
        f"median per page: next_page + first_page_of {statistics.median(asked) * 1000:.3f} ms, "
        f"extract {statistics.median(extracted) * 1000:.2f} ms"
    )


if __name__ == "__main__":
    main()
