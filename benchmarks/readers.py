"""Reader query speed on a large database (figures for docs/benchmarks.md, "Readers").

Builds a database of N synthetic wire stories and copies through the real
ingest path (`aggregator ingest`: parse of the record, dedup, store), then
times each reader query, each page of the web view (what its view builds from
the database, without the HTML) and each canned query of Datasette's views.

    python benchmarks/readers.py --articles 100000 --db /tmp/readers-100k.db
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "benchmarks"))

from synth import synthetic_articles  # noqa: E402

from app.config_loader import load_app_config  # noqa: E402
from app.web import pages  # noqa: E402
from app.web.metadata import QUERIES  # noqa: E402
from storage import open_db, queries  # noqa: E402


def build(db_path: Path, count: int) -> float:
    """Ingest ``count`` synthetic articles; returns the seconds it took."""
    source = db_path.with_suffix(".jsonl")
    with source.open("w", encoding="utf-8") as handle:
        for record in synthetic_articles(count, seed=11):
            handle.write(json.dumps(record) + "\n")
    started = time.perf_counter()
    subprocess.run(
        [
            sys.executable,
            "-m",
            "app",
            "--config",
            str(REPO / "config.yaml"),
            "--db",
            str(db_path),
            "ingest",
            str(source),
        ],
        check=True,
        cwd=REPO,
        stdout=subprocess.DEVNULL,
    )
    source.unlink()
    return time.perf_counter() - started


def median_ms(func, repeat: int = 15) -> float:  # type: ignore[no-untyped-def]
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        func()
        times.append((time.perf_counter() - started) * 1000)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--articles", type=int, default=100_000)
    parser.add_argument("--db", type=Path, default=Path("/tmp/newsagg-readers.db"))
    parser.add_argument("--reuse", action="store_true", help="Use an existing database as it is.")
    args = parser.parse_args()
    build_seconds = None
    if not (args.reuse and args.db.exists()):
        for suffix in ("", "-wal", "-shm"):
            Path(str(args.db) + suffix).unlink(missing_ok=True)
        build_seconds = build(args.db, args.articles)
    db = open_db(args.db, read_only=True)
    total = queries.totals(db)
    busy = db.execute("SELECT id FROM stories ORDER BY copies DESC LIMIT 1").fetchone()[0]
    source = db.execute("SELECT source FROM articles LIMIT 1").fetchone()[0]
    week_ago = datetime.now(UTC) - timedelta(days=7)
    word = db.execute("SELECT headline FROM articles LIMIT 1 OFFSET 500").fetchone()[0].split()[1]
    rows = {
        "stories (latest 20)": lambda: queries.stories(db, limit=20),
        "stories --min-outlets 3": lambda: queries.stories(db, limit=20, min_outlets=3),
        "stories --source X": lambda: queries.stories(db, limit=20, source=source),
        "stories --since 7d": lambda: queries.stories(db, limit=20, since=week_ago),
        "show (story + copies)": lambda: (queries.story(db, busy), queries.copies(db, busy)),
        f"search '{word}'": lambda: queries.search(db, word),
        f"search '{word}' --min-outlets 2": lambda: queries.search(db, word, min_outlets=2),
        "search 'no such words here'": lambda: queries.search(db, "zzzq xxyq"),
        "export --articles (every row)": lambda: sum(1 for _ in queries.articles(db)),
    }
    config = load_app_config(REPO / "config.yaml", args.db)
    clock = pages.Clock(ZoneInfo("UTC"))
    everything = pages.read_filters({})
    now = datetime.now(UTC)
    rows |= {
        "page: home": lambda: pages.home_page(db, config, everything, clock),
        "page: home, one source": lambda: pages.home_page(
            db, config, pages.read_filters({"source": source}), clock
        ),
        "page: story (timeline, reuse map, copies)": lambda: pages.story_page(db, busy, clock),
        f"page: search '{word}'": lambda: pages.search_page(db, config, word, everything, clock),
        "page: sources": lambda: pages.sources_page(db, config, now, clock),
    }
    params = {"story_id": busy, "source": source}
    for name, spec in QUERIES.items():
        sql = spec["sql"]
        rows[f"canned: {name}"] = lambda sql=sql: db.execute(sql, params).fetchall()
    print(
        f"database: {args.db} ({args.db.stat().st_size / 1e6:.0f} MB), "
        f"{total.articles} articles, {total.stories} stories"
        + (f", built in {build_seconds:.0f} s through ingest" if build_seconds else "")
    )
    print("| query | median ms |")
    print("|---|---|")
    for name, func in rows.items():
        print(f"| {name} | {median_ms(func):.2f} |")


if __name__ == "__main__":
    main()
