"""Daemon memory over many scheduled runs: is the daemon's RSS flat?

    /tmp/venv/bin/python benchmarks/daemon_rss.py [--runs 200] [--every 3s] [--parallel 5]

Serves the demo network on free ports, writes a config whose five demo
sources run every few seconds, and starts ``python -m app daemon`` as a
child. It samples the daemon's RSS (``/proc/<pid>/status`` VmRSS; the crawl
children are separate processes and not counted) twice a second until
``--runs`` crawls have finished in crawl_runs, then sends SIGTERM and prints
the start, end and maximum RSS. Bounded: it also stops after ``--max-seconds``.
"""

from __future__ import annotations

import argparse
import signal
import sqlite3
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))


def rss_kib(pid: int) -> int | None:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    except OSError:
        return None
    return None


def finished_runs(db: Path) -> Counter[str]:
    if not db.exists():
        return Counter()
    conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=10)
    try:
        rows = conn.execute(
            "SELECT status, COUNT(*) FROM crawl_runs WHERE status != 'running' GROUP BY status"
        )
        return Counter(dict(rows.fetchall()))
    except sqlite3.OperationalError:
        return Counter()
    finally:
        conn.close()


def config_text(base_port: int, db: Path, every: str, parallel: int) -> str:
    text = (REPO / "config.yaml").read_text(encoding="utf-8")
    text = text.replace("base_port: 8801", f"base_port: {base_port}")
    text = text.replace("database: data/news.db", f"database: {db}")
    text = text.replace("every: 30m", f"every: {every}").replace("jitter: 1m", "jitter: 0s")
    return text + f"\ndaemon:\n  max_parallel_crawls: {parallel}\n  grace_period: 10s\n"


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument(
        "--runs", type=int, default=200, help="stop after this many finished crawls"
    )
    parser.add_argument("--every", default="3s", help="schedule of each demo source")
    parser.add_argument("--parallel", type=int, default=5, help="daemon.max_parallel_crawls")
    parser.add_argument("--max-seconds", type=float, default=900, help="hard stop")
    args = parser.parse_args()

    from app.demo import DemoNetwork

    home = Path(tempfile.mkdtemp(prefix="newsagg-daemon-rss-"))
    db = home / "news.db"
    config = home / "config.yaml"
    with DemoNetwork(base_port=0).start() as network:
        config.write_text(
            config_text(network.base_port, db, args.every, args.parallel), encoding="utf-8"
        )
        stderr = (home / "daemon.err").open("wb")
        daemon = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "app",
                "--config",
                str(config),
                "daemon",
                "--log-level",
                "WARNING",
            ],
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=stderr,
            cwd=home,
        )
        began = time.monotonic()
        samples: list[tuple[float, int, int]] = []  # (seconds, finished runs, rss KiB)
        try:
            while time.monotonic() - began < args.max_seconds and daemon.poll() is None:
                done = sum(finished_runs(db).values())
                rss = rss_kib(daemon.pid)
                if rss is not None:
                    samples.append((time.monotonic() - began, done, rss))
                if done >= args.runs:
                    break
                time.sleep(0.5)
        finally:
            daemon.send_signal(signal.SIGTERM)
            code = daemon.wait(timeout=60)
            stderr.close()
    statuses = finished_runs(db)
    total = sum(statuses.values())
    # "start": once the first run has finished, i.e. the daemon has done one of everything
    warm = [s for s in samples if s[1] >= 1] or samples
    start, end = warm[0], warm[-1]
    peak = max(s[2] for s in warm)
    tenth = max(1, len(warm) // 10)
    first_mean = sum(s[2] for s in warm[:tenth]) / tenth
    last_mean = sum(s[2] for s in warm[-tenth:]) / tenth
    print(
        f"daemon RSS over {total} scheduled crawl runs in {end[0]:.0f} s "
        f"(every {args.every}, {args.parallel} parallel)"
    )
    print(
        f"  start {start[2] / 1024:.1f} MiB   end {end[2] / 1024:.1f} MiB   "
        f"max {peak / 1024:.1f} MiB"
    )
    print(
        f"  mean of first 10% of samples {first_mean / 1024:.1f} MiB, "
        f"last 10% {last_mean / 1024:.1f} MiB"
    )
    print(f"  run outcomes: {dict(statuses)}; daemon exit code {code}")
    print(f"  work dir: {home}")
    if total < args.runs or code != 0:
        sys.exit(1)


if __name__ == "__main__":
    main()
