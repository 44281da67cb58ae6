"""Reading each source's run history from a long ``crawl_runs`` table (docs/benchmarks.md,
"Run history at scale"; QA pass E, finding 2).

Builds a store of ``--runs`` finished runs over ``--sources`` sources, one start every 3 s
in turn, each with a stats JSON of about 1.4 KB as a real crawl's (as the QA's
big/make_big.sh made them), then times, for every source, the latest success's end as it
was read before (``max(ended_at)``, every run of the source) and as
``storage.source_health.last_success`` reads it now, and the whole per-source reading of
``aggregator status`` and the Sources page (``app.daemon.status.history_of``). Medians
over ``--repeat`` passes, side by side in the same run.

    python benchmarks/run_history.py --runs 600000 --sources 20 --repeat 5
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from sqlite_utils import Database  # noqa: E402

from app.daemon.status import history_of  # noqa: E402
from storage.db import open_db  # noqa: E402
from storage.runs import SUCCESS  # noqa: E402
from storage.source_health import last_success  # noqa: E402
from storage.sql import marks  # noqa: E402

STATS = json.dumps({f"downloader/response_status_count/{n}": n * 1000 for n in range(31)})  # 1.4 KB


def build(path: Path, runs: int, sources: int) -> None:
    db = open_db(path)
    try:
        with db.conn:
            db.execute(
                "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < ?) "
                "INSERT INTO crawl_runs (source, started_at, ended_at, status, exit_code, pid, "
                "pages_fetched, articles_new, stats, errors, discovery) "
                "SELECT 's' || printf('%02d', i % ?), "
                "strftime('%Y-%m-%dT%H:%M:%f+00:00', '2026-11-16', '+' || (i * 3) || ' seconds'), "
                "strftime('%Y-%m-%dT%H:%M:%f+00:00', '2026-11-16', '+' || (i * 3 + 3) || "
                "' seconds'), 'ok', 0, 1000 + i % 30000, 3, 1, ?, '{}', '{}' FROM n",
                [runs, sources, STATS],
            )
    finally:
        db.close()


def max_ended_at(db: Database, source: str) -> object:
    """The reading before: the latest end of any success, over every run of the source."""
    wanted = sorted(SUCCESS)
    return db.execute(
        f"SELECT max(ended_at) FROM crawl_runs WHERE source = ? AND status IN ({marks(wanted)})",
        [source, *wanted],
    ).fetchone()


def timed(read: Callable[[str], object], names: list[str]) -> float:
    began = time.perf_counter()
    for name in names:
        read(name)
    return time.perf_counter() - began


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=600_000)
    parser.add_argument("--sources", type=int, default=20)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="run-history-") as folder:
        path = Path(folder) / "news.db"
        began = time.perf_counter()
        build(path, args.runs, args.sources)
        size = path.stat().st_size / 2**20
        print(f"built {args.runs} runs of {args.sources} sources, {size:.0f} MiB, "
              f"in {time.perf_counter() - began:.0f}s")  # fmt: skip
        db = open_db(path, read_only=True)
        names = [row[0] for row in db.execute("SELECT DISTINCT source FROM crawl_runs")]
        readings: dict[str, Callable[[str], object]] = {
            "max(ended_at), before": lambda name: max_ended_at(db, name),
            "last_success, now": lambda name: last_success(db, name, SUCCESS),
            "history_of (status, /sources), now": lambda name: history_of(db, name),
        }
        took: dict[str, list[float]] = {label: [] for label in readings}
        for _ in range(args.repeat):  # interleaved: each pass reads every way once
            for label, read in readings.items():
                took[label].append(timed(read, names))
        db.close()
    for label, seconds in took.items():
        print(f"{label:40} all {len(names)} sources: median {statistics.median(seconds):.4f}s "
              f"(min {min(seconds):.4f}s, max {max(seconds):.4f}s)")  # fmt: skip


if __name__ == "__main__":
    main()
