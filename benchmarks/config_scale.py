"""Operating many sources: config load, crawl child start and ``status`` beside a daemon.

    .venv/bin/python benchmarks/config_scale.py [--sources 2000] [--repeat 5] \
        [--repo /work/main --repo .]

For each ``--repo`` (a checkout; its code is put first on PYTHONPATH, so the same venv
measures another commit), in alternation, ``--repeat`` times:

* ``load yaml``: ``load_config`` of a generated config of N feed sources;
* ``load snapshot``: ``load_config`` of the daemon's snapshot of it (``config-N.json``,
  every default written out), which every crawl child and ``status`` beside a daemon read;
* ``crawl child``: ``python -m app --config <snapshot> crawl site0007`` whose feed is a
  refused loopback port (wall time and peak RSS of the child);
* ``status``: ``python -m app status`` while a daemon of that repo runs the N sources
  (``daemon start``: from spawning it to its ``daemon started`` line).

Prints the medians, one row per repo. Loopback only; every wait is bounded.
"""

from __future__ import annotations

import argparse
import os
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

#: A loopback port nothing listens on: each crawl fails at once (connection refused).
REFUSED = "http://127.0.0.1:9"
DAEMON_START_TIMEOUT = 300.0


def config_text(n: int, db: Path) -> str:
    lines = [
        f"database: {db}",
        "defaults:",
        "  schedule: {every: 30m, jitter: 1m}",
        "  limits: {max_pages: 20, max_depth: 1, run_timeout: 2m, download_timeout: 5}",
        "daemon: {max_parallel_crawls: 2, grace_period: 10s}",
        "sources:",
    ]
    for i in range(n):
        lines += [
            f"  - name: site{i:04d}",
            f"    site_name: Site {i}",
            f"    feeds: [{REFUSED}/s/{i}/feed.xml]",
        ]
    return "\n".join(lines) + "\n"


def _env(repo: Path) -> dict[str, str]:
    return {**os.environ, "PYTHONPATH": str(repo)}


def _timed(repo: Path, args: list[str]) -> tuple[float, int]:
    """Wall seconds and peak RSS (MiB) of one child run in ``repo``."""
    start = time.perf_counter()
    child = subprocess.Popen(
        [sys.executable, *args],
        cwd=repo,
        env=_env(repo),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    _, _, usage = os.wait4(child.pid, 0)
    child.returncode = 0
    return time.perf_counter() - start, usage.ru_maxrss // 1024


def _load(repo: Path, path: Path) -> float:
    code = (
        "import sys, time\nfrom aggregator.config import load_config\n"
        "t = time.perf_counter(); load_config(sys.argv[1]); print(time.perf_counter() - t)"
    )
    out = subprocess.run(
        [sys.executable, "-c", code, str(path)],
        cwd=repo,
        env=_env(repo),
        capture_output=True,
        text=True,
        check=True,
        timeout=600,
    )
    return float(out.stdout.strip())


def _write_snapshot(repo: Path, config: Path, snapshot: Path) -> None:
    code = (
        "import sys\nfrom aggregator.config import load_config\n"
        "from app.daemon.state import snapshot_text\n"
        "open(sys.argv[2], 'w').write(snapshot_text(load_config(sys.argv[1])))"
    )
    subprocess.run(
        [sys.executable, "-c", code, str(config), str(snapshot)],
        cwd=repo,
        env=_env(repo),
        check=True,
        timeout=600,
    )


def _status_beside_daemon(
    repo: Path, config: Path, db: Path, repeat: int
) -> tuple[float, list[float]]:
    """Seconds to the daemon's ``daemon started`` line, and each ``status`` run's seconds."""
    log = db.with_suffix(".daemon.log")
    started = time.perf_counter()
    with log.open("w") as err:
        daemon = subprocess.Popen(
            [sys.executable, "-m", "app", "--config", str(config), "--db", str(db), "daemon"],
            cwd=repo,
            env=_env(repo),
            stdout=subprocess.DEVNULL,
            stderr=err,
            start_new_session=True,
        )
    try:
        deadline = time.monotonic() + DAEMON_START_TIMEOUT
        while "daemon started" not in log.read_text(errors="replace"):
            if daemon.poll() is not None or time.monotonic() > deadline:
                raise SystemExit(f"daemon of {repo} did not start: see {log}")
            time.sleep(0.2)
        start_seconds = time.perf_counter() - started
        status = ["-m", "app", "--config", str(config), "--db", str(db), "status"]
        return start_seconds, [_timed(repo, status)[0] for _ in range(repeat)]
    finally:
        os.killpg(daemon.pid, signal.SIGTERM)
        try:
            daemon.wait(timeout=60)
        except subprocess.TimeoutExpired:
            os.killpg(daemon.pid, signal.SIGKILL)
            daemon.wait()


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--sources", type=int, default=2000)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--repo", action="append", type=Path, help="a checkout (repeatable)")
    args = parser.parse_args()
    repos = [r.resolve() for r in (args.repo or [Path(__file__).resolve().parent.parent])]

    home = Path(tempfile.mkdtemp(prefix="newsagg-config-scale-"))
    results: dict[Path, dict[str, list[float]]] = {r: {} for r in repos}
    for number, repo in enumerate(repos):
        folder = home / f"repo{number}"
        folder.mkdir()
        db = folder / "news.db"
        config = folder / "config.yaml"
        config.write_text(config_text(args.sources, db), encoding="utf-8")
        _write_snapshot(repo, config, folder / "config-1.json")
    for _ in range(args.repeat):
        for number, repo in enumerate(repos):
            folder = home / f"repo{number}"
            got = results[repo]
            got.setdefault("load yaml", []).append(_load(repo, folder / "config.yaml"))
            got.setdefault("load snapshot", []).append(_load(repo, folder / "config-1.json"))
            crawl = ["-m", "app", "--config", str(folder / "config-1.json")]
            crawl += ["--db", str(folder / "crawl.db"), "crawl", "site0007"]
            seconds, rss = _timed(repo, crawl)
            got.setdefault("crawl child", []).append(seconds)
            got.setdefault("crawl child MiB", []).append(rss)
    for number, repo in enumerate(repos):
        folder = home / f"repo{number}"
        start, status = _status_beside_daemon(
            repo, folder / "config.yaml", folder / "news.db", args.repeat
        )
        results[repo]["daemon start"] = [start]
        results[repo]["status"] = status
    columns = list(next(iter(results.values())))
    print(f"{args.sources} sources, medians of {args.repeat} (daemon start: one)")
    print("| repo | " + " | ".join(columns) + " |")
    print("|---" * (len(columns) + 1) + "|")
    for repo, got in results.items():
        cells = [f"{statistics.median(got[c]):.2f}" for c in columns]
        print(f"| {repo} | " + " | ".join(cells) + " |")


if __name__ == "__main__":
    main()
