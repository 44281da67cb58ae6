"""What keeping the fetched pages costs (``retention.keep_pages``): bytes and time per page.

Every development page of the shared sets (``extraction/`` and ``extraction2/``, through
``NEWSAGG_DATA``) compressed as the crawl keeps it (``KeptPage.of``: zlib's default
level) and read back (``KeptPage.html``); medians and the 90th percentile of the page
as served, kept, and the CPU time of each step. Sizes only: no parser rule reads them.

    python benchmarks/page_archive.py
"""

from __future__ import annotations

import statistics
import sys
import time
from datetime import UTC, datetime
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "benchmarks"))

from devdata import require  # noqa: E402

from aggregator.schema import FetchedPage, KeptPage  # noqa: E402


def _p90(values: list[float]) -> float:
    return statistics.quantiles(values, n=10)[-1]


def main() -> None:
    served: list[float] = []
    kept: list[float] = []
    compress_ms: list[float] = []
    read_ms: list[float] = []
    now = datetime.now(UTC)
    for root in (require("extraction"), require("extraction2")):
        for path in sorted(root.glob("*/html/*.html")):
            html = path.read_bytes()
            start = time.process_time()
            page = KeptPage.of(FetchedPage("https://example.com/", "bench", html, now))
            middle = time.process_time()
            assert page.html() == html
            end = time.process_time()
            served.append(len(html) / 1024)
            kept.append(len(page.content) / 1024)
            compress_ms.append((middle - start) * 1000)
            read_ms.append((end - middle) * 1000)
    print(f"pages: {len(served)}")
    for name, values in (
        ("served KiB", served),
        ("kept KiB (zlib)", kept),
        ("compress ms CPU", compress_ms),
        ("decompress ms CPU", read_ms),
    ):
        print(f"{name}: median {statistics.median(values):.1f}, p90 {_p90(values):.1f}")
    print(f"kept / served, all pages: {sum(kept) / sum(served):.3f}")


if __name__ == "__main__":
    main()
