"""Discovery of a huge feed: time to the first article fetch, wall time and peak memory.

Serves one RSS feed of N items (and their article pages) on 127.0.0.1 and
crawls it with ``aggregator crawl`` in a child process, as the daemon would,
with ``run_timeout`` 120 s (issue 18, item 5; ``--run-timeout`` changes it).
``--compare DIR`` runs the same crawl with the code of another checkout (for
instance the commit before the change, ``git worktree add --detach DIR
<commit>``) in the same run, side by side.

    python benchmarks/discovery.py --items 100000 --repeat 3 --compare /tmp/newsagg-before
"""

from __future__ import annotations

import argparse
import json
import os
import random
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "benchmarks"))

from synth import Words  # noqa: E402

# The synthetic vocabulary of the other benchmarks (Zipf-like word frequencies).
VOCABULARY = Words(random.Random(5))


def article(number: int) -> bytes:
    """A page of its own words: copies of one text would all join one story."""
    rng = random.Random(number)
    paragraphs = "".join(
        "<p>" + " ".join(rng.choices(VOCABULARY.words, VOCABULARY.weights, k=60)) + ".</p>"
        for _ in range(5)
    )
    return (
        f"<html><head><title>Story {number}</title></head><body><article>"
        f"<h1>Story {number}</h1>{paragraphs}</article></body></html>"
    ).encode()


class Site(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self, items: int) -> None:
        super().__init__(("127.0.0.1", 0), Handler)
        self.base = f"http://127.0.0.1:{self.server_address[1]}"
        entries = "".join(
            f"<item><title>Story {i}</title><link>{self.base}/news/story-{i}</link>"
            "<pubDate>Mon, 05 Jan 2026 12:00:00 GMT</pubDate></item>"
            for i in range(items)
        )
        self.feed = (
            f'<?xml version="1.0"?><rss version="2.0"><channel><title>Big</title>{entries}'
            "</channel></rss>"
        ).encode()
        self.first_article: float | None = None
        self.articles = 0
        self.lock = threading.Lock()

    def handle_error(self, request: object, client_address: object) -> None:
        pass  # connections the crawl drops when it closes


class Handler(BaseHTTPRequestHandler):
    server: Site

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002
        pass

    def do_GET(self) -> None:  # noqa: N802
        if self.path == "/feed.xml":
            body, ctype = self.server.feed, "application/rss+xml"
        elif self.path.startswith("/news/story-"):
            with self.server.lock:
                self.server.articles += 1
                if self.server.first_article is None:
                    self.server.first_article = time.monotonic()
            body, ctype = article(int(self.path.rsplit("-", 1)[1])), "text/html; charset=utf-8"
        else:
            self.send_response(404)
            self.send_header("Content-Length", "0")
            self.end_headers()
            return
        self.send_response(200)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


def run_once(code: Path, site: Site, home: Path, run_timeout: int) -> dict[str, float | str]:
    """One crawl of the big feed with the code in ``code``; its figures."""
    db = home / "news.db"
    for suffix in ("", "-wal", "-shm"):
        Path(str(db) + suffix).unlink(missing_ok=True)
    source = {
        "name": "big",
        "feeds": [site.base + "/feed.xml"],
        "politeness": {
            "download_delay": 0,
            "autothrottle": False,
            "concurrency_per_domain": 16,
            "obey_robots": False,
        },
        "limits": {"run_timeout": f"{run_timeout}s", "max_page_bytes": 64 * 1024 * 1024},
    }
    config = home / "config.yaml"
    config.write_text(json.dumps({"database": str(db), "sources": [source]}), encoding="utf-8")
    with site.lock:
        site.first_article, site.articles = None, 0
    started = time.monotonic()
    child = subprocess.Popen(
        [sys.executable, "-m", "app", "--config", str(config), "crawl", "big"],
        cwd=code,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        env={**os.environ, "PYTHONPATH": str(code)},
    )
    _, status, usage = os.wait4(child.pid, 0)
    wall = time.monotonic() - started
    summary = child.stdout.read().decode() if child.stdout else ""
    with site.lock:
        first = site.first_article
        fetched = site.articles
    return {
        "first_article_s": (first - started) if first is not None else float("nan"),
        "wall_s": wall,
        "peak_rss_mb": usage.ru_maxrss / 1024,
        "articles_fetched": fetched,
        "exit": os.waitstatus_to_exitcode(status),
        "summary": summary.strip().replace("\n", " / "),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--items", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument(
        "--run-timeout", type=int, default=120, help="Seconds (limits.run_timeout)."
    )
    parser.add_argument("--compare", type=Path, help="Another checkout to run side by side.")
    args = parser.parse_args()
    trees = {"this tree": REPO}
    if args.compare:
        trees[f"{args.compare}"] = args.compare.resolve()
    site = Site(args.items)
    threading.Thread(target=site.serve_forever, daemon=True).start()
    print(
        f"feed: {args.items} items, {len(site.feed) / 1e6:.1f} MB; run_timeout {args.run_timeout} s"
    )
    results: dict[str, list[dict[str, float | str]]] = {name: [] for name in trees}
    with tempfile.TemporaryDirectory() as folder:
        for _ in range(args.repeat):  # alternate the trees: the machine's load hits both
            for name, code in trees.items():
                result = run_once(code, site, Path(folder), args.run_timeout)
                results[name].append(result)
                print(name, result, flush=True)
    site.shutdown()
    print("\n| code | first article fetch (s) | wall (s) | peak RSS (MB) | article pages fetched |")
    print("|---|---|---|---|---|")
    for name, runs in results.items():

        def median(key: str, runs: list[dict[str, float | str]] = runs) -> float:
            return statistics.median(float(r[key]) for r in runs)

        print(
            f"| {name} | {median('first_article_s'):.1f} | {median('wall_s'):.1f} | "
            f"{median('peak_rss_mb'):.0f} | {median('articles_fetched'):.0f} |"
        )


if __name__ == "__main__":
    main()
