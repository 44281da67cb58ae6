"""Concurrent readers and writers on one database (reliability figure C3).

Two writer processes (`aggregator ingest`, the same store path a crawl uses)
write synthetic wire stories while reader processes, opened read-only as the
web view opens the file, check invariants in a loop, and one more reader holds
a read transaction open for seconds. Prints the figures as JSON.

    python benchmarks/concurrency.py --articles 5000 --second-writer 1000 --hold 10
"""

from __future__ import annotations

import argparse
import json
import os
import sqlite3
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "benchmarks"))

from synth import synthetic_articles  # noqa: E402

INVARIANTS = """
SELECT (SELECT count(*) FROM articles),
       (SELECT count(*) FROM stories),
       (SELECT count(*) FROM articles a LEFT JOIN stories s ON s.id = a.story_id
        WHERE s.id IS NULL),
       (SELECT count(*) FROM stories s
        WHERE NOT EXISTS (SELECT 1 FROM articles a WHERE a.story_id = s.id)),
       (SELECT coalesce(sum(copies), 0) FROM stories)
"""


def reader(db: Path, stop: Path, out: Path, hold: float) -> None:
    """One read-only reader: check invariants until ``stop`` exists; write figures to ``out``."""
    conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=30, isolation_level=None)
    latencies: list[float] = []
    violations: list[str] = []
    locked = 0
    last_articles = 0
    if hold:
        conn.execute("BEGIN")
        conn.execute("SELECT count(*) FROM articles").fetchone()
        time.sleep(hold)  # the point of this reader: a long-open read transaction
        conn.execute("COMMIT")
    while not stop.exists():
        started = time.perf_counter()
        try:
            conn.execute("BEGIN")
            articles, stories, orphans, empty, copies = conn.execute(INVARIANTS).fetchone()
            conn.execute("COMMIT")
        except sqlite3.OperationalError as exc:
            if conn.in_transaction:
                conn.execute("ROLLBACK")
            if "locked" in str(exc) or "busy" in str(exc):
                locked += 1
                continue
            raise
        latencies.append((time.perf_counter() - started) * 1000)
        if orphans:
            violations.append(f"{orphans} articles without a story")
        if empty:
            violations.append(f"{empty} stories without an article")
        if copies != articles:
            violations.append(f"story copies {copies} != articles {articles}")
        if articles < last_articles:
            violations.append(f"article count went down {last_articles} -> {articles}")
        last_articles = articles
        # A reader that never pauses keeps a snapshot open at every instant, which
        # stops the WAL from ever being reset; real readers (page views) pause.
        time.sleep(0.005)
    out.write_text(json.dumps({"latencies": latencies, "violations": violations, "locked": locked}))


def _write_jsonl(path: Path, count: int, seed: int, prefix: str) -> None:
    with path.open("w", encoding="utf-8") as handle:
        for record in synthetic_articles(count, seed=seed):
            record["url"] = record["url"].replace("https://", f"https://{prefix}")
            handle.write(json.dumps(record) + "\n")


def run(articles: int, second_writer: int, readers: int = 4, hold: float = 3.0) -> dict[str, Any]:
    with tempfile.TemporaryDirectory() as tmp:
        home = Path(tmp)
        db = home / "news.db"
        first, second = home / "a.jsonl", home / "b.jsonl"
        _write_jsonl(first, articles, seed=1, prefix="a.")
        _write_jsonl(second, second_writer, seed=2, prefix="b.")
        cli = [
            sys.executable,
            "-m",
            "app",
            "--config",
            str(REPO / "config.yaml"),
            "--db",
            str(db),
        ]
        subprocess.run(cli + ["migrate"], check=True, capture_output=True, cwd=REPO)
        stop = home / "stop"
        reader_procs = []
        for n in range(readers + 1):
            out = home / f"reader{n}.json"
            held = hold if n == readers else 0.0
            proc = subprocess.Popen(
                [sys.executable, __file__, "--reader", str(db), str(stop), str(out), str(held)],
                cwd=REPO,
            )
            reader_procs.append((proc, out))
        started = time.monotonic()
        writers = [
            subprocess.Popen(
                cli + ["ingest", str(path)],
                cwd=REPO,
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
                text=True,
            )
            for path in (first, second)
        ]
        max_wal = 0
        wal = db.with_name(db.name + "-wal")
        while any(w.poll() is None for w in writers):
            max_wal = max(max_wal, wal.stat().st_size if wal.exists() else 0)
            time.sleep(0.05)  # sampling the WAL size while the writers run
        write_seconds = time.monotonic() - started
        writer_results = [(w.returncode, w.stderr.read()) for w in writers]
        stop.touch()
        reports = []
        for proc, out in reader_procs:
            proc.wait(timeout=120)
            reports.append(json.loads(out.read_text()))
        wal_before = wal.stat().st_size if wal.exists() else 0
        conn = sqlite3.connect(db)
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        integrity = conn.execute("PRAGMA integrity_check").fetchone()[0]
        stored = conn.execute("SELECT count(*) FROM articles").fetchone()[0]
        conn.close()
        wal_after = wal.stat().st_size if wal.exists() else 0
    latencies = sorted(x for r in reports for x in r["latencies"])
    p99 = latencies[int(len(latencies) * 0.99) - 1] if latencies else None
    return {
        "articles_written": articles + second_writer,
        "articles_stored": stored,
        "write_seconds": round(write_seconds, 2),
        "writer_exit_codes": [code for code, _ in writer_results],
        "writer_locked_errors": sum("locked" in err for _, err in writer_results),
        "reader_checks": len(latencies),
        "invariant_violations": sum(len(r["violations"]) for r in reports),
        "violation_examples": [v for r in reports for v in r["violations"]][:5],
        "reader_locked_errors": sum(r["locked"] for r in reports),
        "reader_p99_ms": round(p99, 2) if p99 is not None else None,
        "reader_median_ms": round(latencies[len(latencies) // 2], 2) if latencies else None,
        "wal_max_bytes": max_wal,
        "wal_before_checkpoint_bytes": wal_before,
        "wal_after_checkpoint_bytes": wal_after,
        "integrity_check": integrity,
    }


def main() -> None:
    if len(sys.argv) > 1 and sys.argv[1] == "--reader":
        reader(Path(sys.argv[2]), Path(sys.argv[3]), Path(sys.argv[4]), float(sys.argv[5]))
        return
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--articles", type=int, default=5000)
    parser.add_argument("--second-writer", type=int, default=1000)
    parser.add_argument("--readers", type=int, default=4)
    parser.add_argument("--hold", type=float, default=10.0)
    args = parser.parse_args()
    print(json.dumps(run(args.articles, args.second_writer, args.readers, args.hold), indent=2))


if __name__ == "__main__":
    os.chdir(REPO)
    main()
