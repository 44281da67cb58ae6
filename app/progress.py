"""Progress of long commands on a terminal: items done, rate, and the total where it is known.

Bars are drawn by tqdm on stderr, and only when stderr is a terminal: through
a pipe, into a log file, under the daemon or in a test there is no progress
text at all, so logs, pipes and ``--json`` output stay as they were.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from tqdm import tqdm

# Redraw at most twice a second: a bar must not cost the crawl or the ingest time.
MIN_INTERVAL = 0.5


def on_terminal() -> bool:
    return sys.stderr.isatty()


def bar(description: str, *, total: int | None = None, unit: str = "item") -> tqdm[Any]:
    """A bar on stderr, switched off (every call a no-op) when stderr is no terminal."""
    return tqdm(
        total=total,
        desc=description,
        unit=unit,
        file=sys.stderr,
        disable=not on_terminal(),
        mininterval=MIN_INTERVAL,
        dynamic_ncols=True,
    )


@contextmanager
def running_total(description: str, *, unit: str) -> Iterator[Callable[[int], None]]:
    """A bar for work reported as running totals (after each batch of a prune or a
    migration's backfill): the callable takes the total so far. Nothing off a terminal."""
    with bar(description, unit=unit) as shown:

        def advance(total: int) -> None:
            shown.update(total - shown.n)

        yield advance


def count_lines(path: Path) -> int | None:
    """Lines of a file, for a bar's total (None when it cannot be read)."""
    try:
        with path.open("rb") as handle:
            return sum(chunk.count(b"\n") for chunk in iter(lambda: handle.read(1 << 20), b""))
    except OSError:
        return None


class CrawlBars:
    """One bar per source: article pages fetched of those planned so far.

    The total grows while discovery finds more articles; it is final once the
    source's feeds, sitemaps and listing pages are read.
    """

    def __init__(self, sources: list[str]) -> None:
        width = max((len(s) for s in sources), default=0)
        self._bars = {source: bar(source.ljust(width), total=0, unit="page") for source in sources}

    def __call__(self, source: str, done: int, planned: int) -> None:
        progress = self._bars.get(source)
        if progress is None or progress.disable:
            return
        progress.total = planned
        progress.update(done - progress.n)

    def close(self) -> None:
        for progress in self._bars.values():
            progress.close()


@contextmanager
def crawl_bars(sources: list[str]) -> Iterator[CrawlBars | None]:
    """Bars for a crawl of ``sources`` on a terminal; None elsewhere (nothing to draw)."""
    if not on_terminal():
        yield None
        return
    bars = CrawlBars(sources)
    try:
        yield bars
    finally:
        bars.close()
