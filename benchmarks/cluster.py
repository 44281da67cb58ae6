"""Cluster benchmark: crawl workers through Redis and one writer, measured four ways.

    .venv/bin/python benchmarks/cluster.py [--sources 40] [--articles 20] [--latency 0.05] \\
        [--delay 0.2:0.4] [--workers 1,2,4] [--repeat 1] [--writer-articles 5000] \\
        [--paced-rate 50] [--paced-seconds 30] [--unshipped] [--json FILE]

Needs Debian's ``redis-server``: it is started on a free loopback port with a
scratch directory (append-only file on, ``appendfsync everysec``).

1. **Crawl.** A loopback network of ``--sources`` news sites (one port each, in
   a child process) serves ``--articles`` article pages per site on average
   (``benchmarks/synth.py`` stories, wire copies across sites included), a feed
   and robots.txt, every response ``--latency`` seconds late. Each source is
   polite as configured: one request at a time, and a download delay of its
   own, spread over ``--delay`` (seconds, low:high). For each worker count, on
   a fresh Redis and database: a writer and that many workers are started,
   then every source is queued at once (as the coordinator queues sources that
   are due); the clock runs from the queueing to the moment every run is
   recorded and every article stored. Articles/s is stored articles over that
   time; CPU is the workers' and their crawl children's user+sys time.
2. **Writer saturation.** ``--writer-articles`` articles are queued first, then
   one writer is started: articles/s it commits (dedup, FTS, known-pages
   mirror, acknowledgement), from its first commit to the empty stream. Each
   article is queued with the fingerprint a worker's crawl builds and ships
   (``--unshipped``: without, so the writer builds them as before).
3. **Latency at a steady rate.** Articles pushed at ``--paced-rate`` a second
   for ``--paced-seconds``, in batches five times a second; p50 and p95 of push
   → commit as the writer measures them.
4. **Redis memory.** ``used_memory`` per article queued (the stream entries),
   and per URL of the known-pages mirror.

Timings are medians over ``--repeat`` rounds (worker counts in turn within a
round); the machine is shared, so compare within one run.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import shutil
import signal
import socket
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
for path in (REPO, REPO / "benchmarks"):
    if str(path) not in sys.path:
        sys.path.insert(0, str(path))

from sitegen import article_page  # noqa: E402
from synth import synthetic_articles  # noqa: E402

SEED = 20261201


# --- the network (child process) ---------------------------------------------------------


def site_records(sources: int, articles: int) -> list[list[dict[str, Any]]]:
    """The synthetic records of each site (copies of one story land on other sites)."""
    sites: list[list[dict[str, Any]]] = [[] for _ in range(sources)]
    for n, record in enumerate(synthetic_articles(sources * articles, seed=SEED)):
        index = int(record["site"].removeprefix("outlet")) % sources
        record["path"] = f"/news/{record['story']}-{n}"
        sites[index].append(record)
    return sites


def serve(sources: int, articles: int, latency: float) -> None:
    """Serve every site on its own port; print the ports as JSON; stop at stdin EOF."""
    sites = site_records(sources, articles)
    in_flight: dict[int, int] = defaultdict(int)
    stats = {"responses": 0, "peak_per_site": 0}

    def routes(index: int, base: str) -> dict[str, tuple[bytes, bytes]]:
        pages = {r["path"]: (article_page(r), b"text/html; charset=utf-8") for r in sites[index]}
        items = "".join(
            f"<item><title>{r['headline']}</title><link>{base}{r['path']}</link></item>"
            for r in sites[index]
        )
        feed = f'<?xml version="1.0"?><rss version="2.0"><channel><title>s{index}</title>{items}'
        pages["/feed.xml"] = ((feed + "</channel></rss>").encode(), b"application/rss+xml")
        pages["/robots.txt"] = (b"User-agent: *\nAllow: /\n", b"text/plain")
        return pages

    async def handle(
        index: int, table: dict[str, tuple[bytes, bytes]], reader: Any, writer: Any
    ) -> None:
        try:
            while True:
                head = await reader.readuntil(b"\r\n\r\n")
                target = head.split(b" ", 2)[1].decode("latin-1").split("?", 1)[0]
                in_flight[index] += 1
                stats["peak_per_site"] = max(stats["peak_per_site"], in_flight[index])
                await asyncio.sleep(latency)
                if target == "/_stats":
                    body, ctype, status = json.dumps(stats).encode(), b"application/json", b"200 OK"
                elif target in table:
                    (body, ctype), status = table[target], b"200 OK"
                else:
                    body, ctype, status = b"not found", b"text/plain", b"404 Not Found"
                stats["responses"] += 1
                writer.write(
                    b"HTTP/1.1 " + status + b"\r\nContent-Type: " + ctype
                    + b"\r\nContent-Length: " + str(len(body)).encode() + b"\r\n\r\n" + body
                )  # fmt: skip
                await writer.drain()
                in_flight[index] -= 1
        except (asyncio.IncompleteReadError, ConnectionError, asyncio.LimitOverrunError):
            pass
        finally:
            writer.close()

    async def main() -> None:
        ports = []
        for index in range(sources):
            sock = socket.socket()
            sock.bind(("127.0.0.1", 0))
            port = sock.getsockname()[1]
            table = routes(index, f"http://127.0.0.1:{port}")
            await asyncio.start_server(
                lambda r, w, i=index, t=table: handle(i, t, r, w), sock=sock, backlog=256
            )
            ports.append(port)
        print(json.dumps(ports), flush=True)
        await asyncio.get_running_loop().run_in_executor(None, sys.stdin.read)

    asyncio.run(main())


# --- Redis and the roles ---------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


class Redis:
    def __init__(self, home: Path) -> None:
        self.port = free_port()
        self.url = f"redis://127.0.0.1:{self.port}/0"
        self.process = subprocess.Popen(
            ["redis-server", "--port", str(self.port), "--bind", "127.0.0.1", "--dir", str(home),
             "--appendonly", "yes", "--save", "", "--maxmemory-policy", "noeviction"],
            stdout=subprocess.DEVNULL, stdin=subprocess.DEVNULL,
        )  # fmt: skip
        from storage.stream import connect

        self.client = connect(self.url)
        deadline = time.monotonic() + 20
        while True:
            try:
                self.client.ping()
                break
            except Exception:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.05)

    def used_memory(self) -> int:
        return int(self.client.info("memory")["used_memory"])

    def stop(self) -> None:
        self.process.terminate()
        self.process.wait()


def write_config(home: Path, redis_url: str, ports: list[int], delays: tuple[float, float]) -> Path:
    import yaml

    low, high = delays
    sources = []
    for n, port in enumerate(ports):
        delay = low + (high - low) * n / max(1, len(ports) - 1)
        sources.append(
            {
                "name": f"site{n:02d}",
                "feeds": [f"http://127.0.0.1:{port}/feed.xml"],
                "politeness": {
                    "download_delay": round(delay, 3),
                    "concurrency_per_domain": 1,
                    "autothrottle": False,
                    "obey_robots": True,
                },  # fmt: skip
                "limits": {"max_pages": 1000, "run_timeout": "10m", "download_timeout": 10},
            }
        )
    config = {
        "database": str(home / "news.db"),
        "cluster": {"redis_url": redis_url, "lease": "10s"},
        "sources": sources,
    }
    path = home / "config.yaml"
    path.write_text(yaml.safe_dump(config, sort_keys=False), encoding="utf-8")
    return path


def start(config: Path, role: str, log: Path, *args: str) -> subprocess.Popen[bytes]:
    argv = [sys.executable, "-m", "app", "--config", str(config), role, "--log-level", "WARNING"]
    with log.open("ab") as handle:
        return subprocess.Popen(
            [*argv, *args], cwd=REPO, stdout=handle, stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL,
        )  # fmt: skip


def stop(processes: list[subprocess.Popen[bytes]]) -> float:
    """SIGTERM each, wait; CPU seconds (user+sys) of each and of the children it waited for."""
    for process in processes:
        process.send_signal(signal.SIGTERM)
    cpu = 0.0
    for process in processes:
        _, status, usage = os.wait4(process.pid, 0)
        process.returncode = os.waitstatus_to_exitcode(status)
        cpu += usage.ru_utime + usage.ru_stime
    return cpu


def wait_until(predicate: Any, timeout: float, what: str, poll: float = 0.05) -> Any:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(poll)
    raise SystemExit(f"timed out after {timeout}s waiting for {what}")


def count(db: Path, sql: str) -> int:
    if not db.exists():
        return 0
    conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=10)
    try:
        return int(conn.execute(sql).fetchone()[0])
    except sqlite3.OperationalError:
        return 0
    finally:
        conn.close()


# --- 1. the crawl --------------------------------------------------------------------------


def crawl_round(
    home: Path, redis: Redis, ports: list[int], workers: int, args: argparse.Namespace
) -> dict[str, Any]:
    from app.cluster.jobs import enqueue
    from app.cluster.presence import worker_beats, writer_beat
    from storage.stream import ARTICLES

    run_home = Path(tempfile.mkdtemp(prefix=f"w{workers}-", dir=home))
    redis.client.flushall()
    config = write_config(run_home, redis.url, ports, args.delay)
    writer = start(config, "writer", run_home / "writer.log")
    crew = [
        start(config, "worker", run_home / f"worker{i}.log", "--log-dir", str(run_home / "crawls"))
        for i in range(workers)
    ]
    wait_until(lambda: len(worker_beats(redis.client)) == workers, 120, "the workers")
    wait_until(lambda: writer_beat(redis.client), 120, "the writer")
    db = run_home / "news.db"
    started = time.monotonic()
    for n in range(len(ports)):
        enqueue(redis.client, f"site{n:02d}", "benchmark")
    wait_until(
        lambda: (
            count(db, "SELECT count(*) FROM crawl_runs") == len(ports)
            and redis.client.xlen(ARTICLES) == 0
        ),
        3600,
        "every source crawled and stored",
        poll=0.1,
    )
    elapsed = time.monotonic() - started
    beat = writer_beat(redis.client)
    worker_cpu = stop(crew)
    stop([writer])
    stored = count(db, "SELECT count(*) FROM articles")
    statuses = count(db, "SELECT count(*) FROM crawl_runs WHERE status = 'ok'")
    return {
        "workers": workers,
        "articles": stored,
        "runs_ok": statuses,
        "seconds": round(elapsed, 2),
        "articles_per_s": round(stored / elapsed, 2),
        "crawl_cpu_s": round(worker_cpu, 1),
        "cores_busy_crawling": round(worker_cpu / elapsed, 2),
        "writer_p50_s": beat.latency_p50 if beat else None,
        "writer_p95_s": beat.latency_p95 if beat else None,
    }


# --- 2–4. the writer and Redis memory ------------------------------------------------------


def synthetic_writes(count: int, seed: int, *, shipped: bool = False) -> list[Any]:
    """The synthetic articles as writes; ``shipped``: each with the fingerprint a
    cluster worker's crawl builds and pushes with it (spiders.pipelines)."""
    from aggregator.config import DedupSettings
    from aggregator.dedup import params_from_settings, prebuilt_profile
    from aggregator.records import article_from_record
    from aggregator.schema import ArticleWrite

    now = datetime.now(UTC)
    params = params_from_settings(DedupSettings())
    articles = [
        article_from_record(record, source=None, fetched_at=now)
        for record in synthetic_articles(count, seed=seed)
    ]
    return [
        ArticleWrite(a, profile=prebuilt_profile(a.body, params) if shipped else None)
        for a in articles
    ]


def writer_round(home: Path, redis: Redis, args: argparse.Namespace) -> dict[str, Any]:
    from storage.stream import ARTICLES, KNOWN, ArticleStream
    from storage.wire import encode_write

    run_home = Path(tempfile.mkdtemp(prefix="writer-", dir=home))
    redis.client.flushall()
    config = write_config(run_home, redis.url, [1], args.delay)
    writes = synthetic_writes(args.writer_articles, seed=SEED + 1, shipped=not args.unshipped)
    stream = ArticleStream(redis.client, redis.url, "benchmark", retry_for=10)
    before = redis.used_memory()
    for start_at in range(0, len(writes), 256):
        stream.push(writes[start_at : start_at + 256])
    queued_bytes = redis.used_memory() - before
    mean_text = statistics.mean(len(encode_write(w).encode()) for w in writes[:500])
    total = len(writes)
    writer = start(config, "writer", run_home / "writer.log")

    def first_commit() -> tuple[float, int] | None:
        left = int(redis.client.xlen(ARTICLES))
        return (time.monotonic(), left) if left < total else None

    first = wait_until(first_commit, 300, "the first commit", poll=0.005)
    wait_until(lambda: redis.client.xlen(ARTICLES) == 0, 3600, "the queue to drain", poll=0.02)
    drained = time.monotonic()
    writer_cpu = stop([writer])
    known_urls = int(redis.client.hlen(KNOWN))
    known_bytes = int(redis.client.memory_usage(KNOWN) or 0)
    stored_since_first = first[1]  # what was left at the first commit, stored since
    store_only = store_path_cpu(writes, run_home / "store-only.db", batch=256)
    return {
        "articles": total,
        "stored": count(run_home / "news.db", "SELECT count(*) FROM articles"),
        "stories": count(run_home / "news.db", "SELECT count(*) FROM stories"),
        "writer_articles_per_s": round(stored_since_first / (drained - first[0]), 1),
        "writer_cpu_ms_per_article": round(1000 * writer_cpu / total, 2),
        "store_path_cpu_ms_per_article": round(1000 * store_only / total, 2),
        "redis_bytes_per_queued_article": round(queued_bytes / total),
        "mean_article_text_bytes": round(mean_text),
        "known_mirror_bytes_per_url": round(known_bytes / known_urls) if known_urls else None,
    }


def store_path_cpu(writes: list[Any], db_path: Path, batch: int) -> float:
    """CPU seconds of ``store_articles`` alone for ``writes``, in this process (no Redis)."""
    from aggregator.config import BoilerplateSettings, DedupSettings
    from storage.db import open_db
    from storage.writes import store_articles

    db = open_db(db_path)
    began = time.process_time()
    for start_at in range(0, len(writes), batch):
        store_articles(
            db, writes[start_at : start_at + batch], DedupSettings(), BoilerplateSettings()
        )
    spent = time.process_time() - began
    db.close()
    return spent


def paced_round(home: Path, redis: Redis, args: argparse.Namespace) -> dict[str, Any]:
    from app.cluster.presence import writer_beat
    from storage.stream import ARTICLES, ArticleStream

    run_home = Path(tempfile.mkdtemp(prefix="paced-", dir=home))
    redis.client.flushall()
    config = write_config(run_home, redis.url, [1], args.delay)
    total = int(args.paced_rate * args.paced_seconds)
    writes = synthetic_writes(total, seed=SEED + 2, shipped=not args.unshipped)
    writer = start(config, "writer", run_home / "writer.log")
    wait_until(lambda: writer_beat(redis.client), 120, "the writer")
    stream = ArticleStream(redis.client, redis.url, "benchmark", retry_for=10)
    per_push = max(1, round(args.paced_rate / 5))
    began = time.monotonic()
    for n, start_at in enumerate(range(0, total, per_push)):
        time.sleep(max(0.0, began + n * per_push / args.paced_rate - time.monotonic()))
        stream.push(writes[start_at : start_at + per_push])
    wait_until(lambda: redis.client.xlen(ARTICLES) == 0, 600, "the queue to drain")
    beat = wait_until(
        lambda: (b := writer_beat(redis.client)) and b.stored >= total and b, 60, "the last beat"
    )
    stop([writer])
    return {
        "rate": args.paced_rate,
        "articles": total,
        "p50_s": round(beat.latency_p50, 3),
        "p95_s": round(beat.latency_p95, 3),
    }


# --- the run ---------------------------------------------------------------------------------


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sources", type=int, default=40)
    parser.add_argument("--articles", type=int, default=20, help="per site, on average")
    parser.add_argument("--latency", type=float, default=0.05)
    parser.add_argument(
        "--delay", default="0.2:0.4", type=lambda v: tuple(float(x) for x in v.split(":"))
    )
    parser.add_argument("--workers", default="1,2,4")
    parser.add_argument("--repeat", type=int, default=1)
    parser.add_argument("--writer-articles", type=int, default=5000)
    parser.add_argument("--paced-rate", type=float, default=50)
    parser.add_argument("--paced-seconds", type=float, default=30)
    parser.add_argument("--skip", default="", help="comma list of crawl,writer,paced")
    parser.add_argument(
        "--unshipped",
        action="store_true",
        help="queue the writer's articles without the fingerprints workers ship",
    )
    parser.add_argument("--json", type=Path)
    parser.add_argument("--serve", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.serve:
        serve(args.sources, args.articles, args.latency)
        return
    if shutil.which("redis-server") is None:
        raise SystemExit("redis-server is not installed (Debian: apt-get install redis-server)")
    skip = set(filter(None, args.skip.split(",")))
    home = Path(tempfile.mkdtemp(prefix="newsagg-cluster-bench-"))
    redis = Redis(home)
    server = subprocess.Popen(
        [sys.executable, __file__, "--serve", "--sources", str(args.sources),
         "--articles", str(args.articles), "--latency", str(args.latency)],
        stdin=subprocess.PIPE, stdout=subprocess.PIPE,
    )  # fmt: skip
    assert server.stdout is not None
    ports = json.loads(server.stdout.readline())
    results: dict[str, Any] = {"args": {k: str(v) for k, v in vars(args).items()}, "rounds": []}
    try:
        for _ in range(args.repeat):
            round_: dict[str, Any] = {}
            if "crawl" not in skip:
                round_["crawl"] = [
                    crawl_round(home, redis, ports, int(w), args) for w in args.workers.split(",")
                ]
            if "writer" not in skip:
                round_["writer"] = writer_round(home, redis, args)
            if "paced" not in skip:
                round_["paced"] = paced_round(home, redis, args)
            results["rounds"].append(round_)
            print(json.dumps(round_, indent=1), flush=True)
        results["peak_requests_per_site"] = server_stats(ports[0])["peak_per_site"]
    finally:
        assert server.stdin is not None
        server.stdin.close()
        server.wait()
        redis.stop()
        shutil.rmtree(home, ignore_errors=True)
    report(results)
    if args.json:
        args.json.write_text(json.dumps(results, indent=1), encoding="utf-8")


def server_stats(port: int) -> dict[str, int]:
    import urllib.request

    opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))
    with opener.open(f"http://127.0.0.1:{port}/_stats", timeout=10) as response:
        stats: dict[str, int] = json.loads(response.read())
    return stats


def report(results: dict[str, Any]) -> None:
    print(f"\nmost requests one site served at once: {results['peak_requests_per_site']}")
    rounds = results["rounds"]
    if rounds and "crawl" in rounds[0]:
        print(
            "\n| workers | articles | seconds | articles/s | × one worker | crawl CPU s "
            "| p95 push→commit s |"
        )
        print("|---:|---:|---:|---:|---:|---:|---:|")
        by_workers: dict[int, list[dict[str, Any]]] = defaultdict(list)
        for round_ in rounds:
            for row in round_["crawl"]:
                by_workers[row["workers"]].append(row)
        base = [r["articles_per_s"] for r in by_workers[min(by_workers)]]
        for workers, rows in sorted(by_workers.items()):
            ratios = [r["articles_per_s"] / b for r, b in zip(rows, base, strict=True)]
            print(
                f"| {workers} | {_median(rows, 'articles')} | {_median(rows, 'seconds')} "
                f"| {_median(rows, 'articles_per_s')} | {statistics.median(ratios):.2f} "
                f"({', '.join(f'{x:.2f}' for x in ratios)}) | {_median(rows, 'crawl_cpu_s')} "
                f"| {_median(rows, 'writer_p95_s')} |"
            )
    for part in ("writer", "paced"):
        rows = [round_[part] for round_ in rounds if part in round_]
        if rows:
            print(f"\n{part}: " + ", ".join(f"{key} {_median(rows, key)}" for key in rows[0]))


def _median(rows: list[dict[str, Any]], key: str) -> Any:
    values = [r[key] for r in rows if r.get(key) is not None]
    if not values:
        return None
    value = statistics.median(values)
    return round(value, 3) if isinstance(value, float) else value


if __name__ == "__main__":
    main()
