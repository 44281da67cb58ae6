"""Time to prune N stories from a database of M articles (docs/benchmarks.md, "Retention").

Builds a database through the one write path (``storage.writes.store_articles``, batches
of 256): the first ``--old`` share of M synthetic wire articles and their copies
(benchmarks/synth.py), then the rest; the cutoff lies between the two. Each run prunes a
fresh copy of it (SQLite's backup API) with ``storage.retention.prune_stories`` and
times the whole prune and each batch, one write transaction of about ``--batches``
articles: how long a crawl storing beside it may wait for the lock; ``--checked N``
times batches of N articles once more with the connection's foreign-key checks left
on, as they were before the prune turned them off. ``--aliases`` stores a redirect alias
with each article (``url_aliases``), and ``--more-aliases N`` adds N more rows by SQL,
aliases of the kept articles (a store that has followed many redirects), so that the
table is large without storing that many articles; ``--unindexed N`` times batches of N
articles once more without the index ``url_aliases_article`` (m012), as the prune found
each batch's aliases before it. The dry run
(``count_prunable``) is timed too, and the file's size before and after, and after a
VACUUM.

    python benchmarks/retention.py --articles 10000 --runs 3 --batches 100,250,1000
    python benchmarks/retention.py --articles 2000 --runs 3 --batches 250 --checked 250
    python benchmarks/retention.py --articles 10000 --runs 3 --batches 250 --aliases \
        --more-aliases 1000000 --unindexed 250
"""

from __future__ import annotations

import argparse
import contextlib
import sqlite3
import statistics
import sys
import tempfile
import time
from datetime import datetime, timedelta
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "benchmarks"))

from synth import synthetic_articles  # noqa: E402

import storage.retention  # noqa: E402
from aggregator.config import DedupSettings  # noqa: E402
from aggregator.records import article_from_record  # noqa: E402
from aggregator.schema import ArticleWrite, parse_utc, utc_now  # noqa: E402
from storage.db import open_db  # noqa: E402
from storage.retention import count_prunable, prune_stories  # noqa: E402
from storage.writes import BATCH_SIZE, store_articles  # noqa: E402


def build(db_path: Path, articles: int, old_share: float, aliases: bool) -> datetime:
    """Store the synthetic articles, old ones first (with ``aliases``, each with the http://
    URL a feed may name for it); the cutoff between the two parts."""
    records = list(synthetic_articles(articles, seed=36))
    split = int(len(records) * old_share)
    while 0 < split < len(records) and records[split]["story"] == records[split - 1]["story"]:
        split += 1  # a story's copies stay on one side
    db = open_db(db_path)
    try:
        cutoff: datetime | None = None
        for part in (records[:split], records[split:]):
            for start in range(0, len(part), BATCH_SIZE):
                writes = [
                    ArticleWrite(
                        article_from_record(r, source=None, fetched_at=utc_now()),
                        None,
                        None,
                        (r["url"].replace("https://", "http://", 1),) if aliases else (),
                    )
                    for r in part[start : start + BATCH_SIZE]
                ]
                store_articles(db, writes, DedupSettings())
            if cutoff is None:
                last = db.execute("SELECT max(last_seen_at) FROM stories").fetchone()[0]
                cutoff = parse_utc(last) + timedelta(microseconds=1)  # type: ignore[operator]
        assert cutoff is not None
        return cutoff
    finally:
        db.close()


def add_aliases(db_path: Path, count: int) -> None:
    """``count`` more alias rows, each of a kept article (the newest half's)."""
    with sqlite3.connect(db_path) as conn:
        kept = [row[0] for row in conn.execute("SELECT id FROM articles ORDER BY id DESC")]
        kept = kept[: max(1, len(kept) // 2)]
        conn.executemany(
            "INSERT INTO url_aliases (url, article_id) VALUES (?, ?)",
            ((f"https://redirect.example/{n}", kept[n % len(kept)]) for n in range(count)),
        )


def copy(source: Path, target: Path) -> None:
    target.unlink(missing_ok=True)
    with sqlite3.connect(source) as src, sqlite3.connect(target) as dst:
        src.backup(dst)


def prune_once(db_path: Path, cutoff: datetime, batch: int) -> tuple[float, list[float], int, int]:
    """Seconds for the whole prune, each batch's seconds, stories and articles removed."""
    db = open_db(db_path)
    try:
        batches: list[float] = []
        stories = articles = 0
        started = last = time.perf_counter()
        for pruned in prune_stories(db, cutoff, DedupSettings(), batch=batch):
            now = time.perf_counter()
            batches.append(now - last)
            last = now
            stories += pruned.counts.stories
            articles += pruned.counts.articles
        return time.perf_counter() - started, batches, stories, articles
    finally:
        db.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=20_000)
    parser.add_argument("--old", type=float, default=0.5, help="share of the articles pruned")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--batches", default="100,250,1000", help="batch sizes (articles)")
    parser.add_argument("--checked", type=int, help="a batch size to time with foreign keys on")
    parser.add_argument("--aliases", action="store_true", help="an alias with each article")
    parser.add_argument("--more-aliases", type=int, default=0, help="alias rows added by SQL")
    parser.add_argument(
        "--unindexed", type=int, help="a batch size to time without url_aliases_article"
    )
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        built = Path(tmp) / "built.db"
        started = time.perf_counter()
        cutoff = build(built, args.articles, args.old, args.aliases)
        if args.more_aliases:
            add_aliases(built, args.more_aliases)
        print(f"built {args.articles} articles in {time.perf_counter() - started:.1f}s")
        with sqlite3.connect(built) as conn:
            conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
            stories = conn.execute("SELECT count(*) FROM stories").fetchone()[0]
        size = built.stat().st_size
        work = Path(tmp) / "work.db"
        dry: list[float] = []
        for _ in range(args.runs):
            copy(built, work)
            db = open_db(work)
            t = time.perf_counter()
            would = count_prunable(db, cutoff)
            dry.append(time.perf_counter() - t)
            db.close()
        with sqlite3.connect(built) as conn:
            aliases = conn.execute("SELECT count(*) FROM url_aliases").fetchone()[0]
        print(
            f"database: {stories} stories, {args.articles} articles, {aliases} aliases, "
            f"{size / 2**20:.1f} MiB; "
            f"prunable: {would.stories} stories, {would.articles} articles"
        )
        print(f"dry run: median {statistics.median(dry) * 1000:.0f} ms")
        print("batch         | prune median s | stories/s | batch median ms | batch max ms")
        after = 0
        sizes = [(int(b), "") for b in args.batches.split(",")]
        if args.checked:
            sizes.append((args.checked, "checked"))
        if args.unindexed:
            sizes.append((args.unindexed, "unindexed"))
        unchecked = storage.retention._foreign_keys_unchecked
        for batch, variant in sizes:
            checked = variant == "checked"
            # The checks left on: the pruning connection's setting, not turned off.
            storage.retention._foreign_keys_unchecked = (  # type: ignore[assignment]
                (lambda db: contextlib.nullcontext()) if checked else unchecked
            )
            totals: list[float] = []
            per_batch: list[float] = []
            for _ in range(args.runs):
                copy(built, work)
                if variant == "unindexed":
                    with sqlite3.connect(work) as conn:
                        conn.execute("DROP INDEX url_aliases_article")
                total, batches, pruned, _ = prune_once(work, cutoff, batch)
                totals.append(total)
                per_batch += batches
            median = statistics.median(totals)
            label = f"{batch:5d} {variant}"
            print(
                f"{label:13} | {median:14.2f} | {pruned / median:9.0f} | "
                f"{statistics.median(per_batch) * 1000:15.0f} | {max(per_batch) * 1000:12.0f}"
            )
            with sqlite3.connect(work) as conn:
                conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
                after = work.stat().st_size
                conn.execute("VACUUM")
        vacuumed = work.stat().st_size
        print(
            f"file: {size / 2**20:.1f} MiB before, {after / 2**20:.1f} MiB after the prune, "
            f"{vacuumed / 2**20:.1f} MiB after VACUUM"
        )


if __name__ == "__main__":
    main()
