"""How long a pass of the alerts takes (figures for docs/benchmarks.md, "Alerts").

Sets up alerts on an empty database, ingests N synthetic wire stories and
copies (`benchmarks/synth.py`, through `aggregator ingest`), then times the
pass that looks at all N new articles (one alert of each kind: a frequent
word, a rare word, a frequent word at 3 outlets), and the delivery of
webhooks to a receiver on 127.0.0.1 that answers 204.

    python benchmarks/alerts.py --articles 10000 --db /tmp/newsagg-alerts.db
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import threading
import time
from collections import Counter
from collections.abc import Callable
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

from sqlite_utils import Database

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "benchmarks"))

from synth import synthetic_articles  # noqa: E402

from aggregator.config import parse_config  # noqa: E402
from aggregator.schema import utc_now  # noqa: E402
from app.alerts.delivery import run_pass  # noqa: E402
from app.alerts.firing import fire  # noqa: E402
from storage import alerts as alert_rows  # noqa: E402
from storage import open_db  # noqa: E402
from storage.queries import parse_query  # noqa: E402
from storage.queries.fulltext import stories_matching  # noqa: E402


class Quiet(BaseHTTPRequestHandler):
    def do_POST(self) -> None:  # noqa: N802 - the http.server API
        self.rfile.read(int(self.headers["Content-Length"]))
        self.send_response(204)
        self.end_headers()

    def log_message(self, *args: Any) -> None:
        pass


def words(records: list[dict[str, Any]]) -> tuple[str, str]:
    """A word in many headlines and one in a few, from the records themselves."""
    counts = Counter(w for r in records for w in set(str(r["headline"]).lower().split()))
    ranked = [w for w, _ in counts.most_common() if w.isalpha() and len(w) > 3]
    return ranked[0], ranked[len(ranked) // 2]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--articles", type=int, default=10_000)
    parser.add_argument("--db", type=Path, default=Path("/tmp/newsagg-alerts.db"))
    args = parser.parse_args()
    for suffix in ("", "-wal", "-shm"):
        Path(str(args.db) + suffix).unlink(missing_ok=True)
    records = list(synthetic_articles(args.articles, seed=11))
    common, rare = words(records)
    receiver = ThreadingHTTPServer(("127.0.0.1", 0), Quiet)
    threading.Thread(target=receiver.serve_forever, daemon=True).start()
    hook = f"http://127.0.0.1:{receiver.server_address[1]}/hook"
    config = parse_config(
        f"database: {args.db}\n"
        "alerts:\n"
        f"  - {{name: common, query: {common}, target: atom}}\n"
        f"  - {{name: wide, query: {common}, target: atom, min_outlets: 3}}\n"
        f"  - {{name: rare, query: {rare}, target: '{hook}', secret: bench}}\n"
        "alert_delivery: {trusted_hosts: [127.0.0.1]}\n"
    )
    run_pass(config, args.db)  # the alerts start watching the empty database
    source = args.db.with_suffix(".jsonl")
    source.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    subprocess.run(
        [sys.executable, "-m", "app", "--config", str(REPO / "config.yaml"), "--db",
         str(args.db), "ingest", str(source)],
        check=True, cwd=REPO, stdout=subprocess.DEVNULL,
    )  # fmt: skip
    source.unlink()
    db = open_db(args.db)
    started = time.perf_counter()
    fired = Counter(f.alert for f in fire(db, config, utc_now()))
    firing = time.perf_counter() - started
    db.close()
    started = time.perf_counter()
    report = run_pass(config, args.db)  # nothing new to fire: delivers the webhooks
    delivering = time.perf_counter() - started
    db = open_db(args.db, read_only=True)
    try:
        matching = time_matching(db, common, rare)
        done = alert_rows.counts(db)
        attempts = [
            row[0]
            for row in db.execute(
                "SELECT julianday(delivered_at) - julianday(last_attempt_at) "
                "FROM alert_deliveries WHERE alert = 'rare' AND status = 'delivered'"
            )
        ]
    finally:
        db.close()
    receiver.shutdown()
    print(
        f"{args.articles} new articles; words '{common}' (frequent) and '{rare}' (rarer); "
        f"fired {dict(fired)}; deliveries {done}"
    )
    print(f"firing, all three alerts over the {args.articles} articles: {firing:.2f} s")
    print(f"delivering {report.delivered} webhooks one after another: {delivering:.2f} s")
    if attempts:
        print(f"webhook delivery, median: {statistics.median(attempts) * 86400 * 1000:.1f} ms")
    for label, seconds in matching.items():
        print(f"matching every story, {label}: median {seconds * 1000:.1f} ms")


def time_matching(db: Database, common: str, rare: str) -> dict[str, float]:
    """Median of 5 of the alerts' matching step over every stored story: the frequent
    word alone; it without the rarer word per story (what an alert does); and FTS5's
    per-article ``NOT`` (what it did before round 37's fix), side by side."""
    ids = [row[0] for row in db.execute("SELECT id FROM stories ORDER BY id")]
    query = parse_query(f"{common} -{rare}")
    runs: dict[str, Callable[[], object]] = {
        f"'{common}'": lambda: alert_rows.matching(db, parse_query(common), ids),
        f"'{common} -{rare}', per story": lambda: alert_rows.matching(db, query, ids),
        f"'{common} -{rare}', per article (FTS5 NOT)": lambda: stories_matching(
            db, f"({query.match}) NOT ({query.excluding})", ids
        ),
    }
    medians = {}
    for label, run in runs.items():
        times = []
        for _ in range(5):
            started = time.perf_counter()
            run()
            times.append(time.perf_counter() - started)
        medians[label] = statistics.median(times)
    return medians


if __name__ == "__main__":
    main()
