"""What reading a page's robots meta tags costs (``aggregator.robots_meta.keep_refusal``),
asked of every article page a crawl fetches, beside the other way to read them (lxml
parsing the page's first 256 KB, its head's meta elements taken) and the page's
extraction.

Tuning part of the extraction split only (``benchmarks/extraction_split.json``). Times:
the median over the pages of the best of 3 runs; and how many pages each way finds a
refusing robots meta tag in (they should agree).

    python benchmarks/robots_meta.py
"""

from __future__ import annotations

import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

from lxml import html as lxml_html

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from aggregator.parser import extract  # noqa: E402
from aggregator.robots_meta import keep_refusal  # noqa: E402
from benchmarks.extraction_data import (  # noqa: E402
    load_datasets,
    pages_in_part,
    read_html,
    require_data,
)

_REFUSING = ("noindex", "none", "noarchive")


def _scan(html: bytes, url: str) -> bool:
    return keep_refusal([], html, "newsagg") is not None


def _lxml(html: bytes, url: str) -> bool:
    root = lxml_html.fromstring(html[: 256 * 1024])
    for meta in root.xpath("//head/meta[@name]"):
        if meta.get("name", "").strip().lower() in ("robots", "newsagg"):
            said = {part.strip().lower() for part in meta.get("content", "").split(",")}
            if said & set(_REFUSING):
                return True
    return False


def _best_of_3(call: Callable[[bytes, str], object], html: bytes, url: str) -> float:
    times = []
    for _ in range(3):
        start = time.perf_counter()
        call(html, url)
        times.append(time.perf_counter() - start)
    return min(times)


def main() -> None:
    times: dict[str, list[float]] = {"keep_refusal": [], "lxml head": [], "extract": []}
    refused = {"keep_refusal": 0, "lxml head": 0}
    for ds in load_datasets(require_data()):
        for pid, record in pages_in_part(ds, "tuning"):
            url = record.get("url") or "https://example.com/"
            html = read_html(ds.html_path(pid)).encode("utf-8")
            refused["keep_refusal"] += _scan(html, url)
            refused["lxml head"] += _lxml(html, url)
            times["keep_refusal"].append(_best_of_3(_scan, html, url))
            times["lxml head"].append(_best_of_3(_lxml, html, url))
            times["extract"].append(_best_of_3(extract, html, url))
    pages = len(times["extract"])
    print(f"{pages} tuning pages; median per page (best of 3), pages with a refusing tag")
    for name, values in times.items():
        median = statistics.median(values) * 1000
        p90 = sorted(values)[int(pages * 0.9)] * 1000
        found = f"  refusing: {refused[name]}" if name in refused else ""
        print(f"  {name:<13} {median:8.3f} ms  p90 {p90:8.3f} ms{found}")


if __name__ == "__main__":
    main()
