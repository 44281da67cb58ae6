"""A second, unchanged crawl of the crawl benchmark's site, with and without the kept feeds.

    .venv/bin/python benchmarks/discovery_cache.py [--articles 5000] [--repeat 5]

The site of ``benchmarks/crawl.py`` (article pages, an RSS feed, a sitemap
index with sitemaps of 1,000 URLs, paginated sections, robots.txt), served the
same way on 127.0.0.1; its feed, sitemaps, sections and robots.txt carry an
ETag and answer 304 to it. One full crawl fills a database and the discovery
cache beside it; then the unchanged site is crawled again ``--repeat`` times
each way, alternately, every crawl ``aggregator crawl bench`` in its own
process on that database:

* ``whole``: ``--set HTTPCACHE_ENABLED=False``, what every crawl did before:
  feeds, sitemaps and listing pages fetched whole;
* ``kept``: the discovery cache on (the default): each asked conditionally.

Requests, 304s and body bytes are the server's own counts; "crawl s" is the
crawl's own elapsed time (spider open to close), "process s" the whole child
process (imports included). The table gives medians, then every run's crawl s.
"""

from __future__ import annotations

import argparse
import json
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

from benchmarks.crawl import _config, _elapsed, _get, _runs, generate_site  # noqa: E402

VARIANTS = {"whole": ("--set", "HTTPCACHE_ENABLED=False"), "kept": ()}


def _server_counts(base: str) -> dict[str, int]:
    return {k: int(v) for k, v in json.loads(_get(base + "/_stats")).items()}


def _crawl(base: str, config: Path, db: Path, extra: tuple[str, ...]) -> dict[str, Any]:
    before = _server_counts(base)
    started = time.monotonic()
    subprocess.run(
        [sys.executable, "-m", "app", "--config", str(config), "--db", str(db)]
        + ["crawl", *extra, "bench"],
        check=True,
        cwd=REPO,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        timeout=3600,
    )
    process_s = time.monotonic() - started
    after = _server_counts(base)
    run = _runs(db)[-1]
    return {
        "requests": after["articles"] + after["other"] - before["articles"] - before["other"],
        "article_pages": after["articles"] - before["articles"],
        "not_modified": after["not_modified"] - before["not_modified"],
        "body_kb": (after["bytes"] - before["bytes"]) / 1024,
        "crawl_s": _elapsed([run]),
        "process_s": process_s,
        "stored_new": run.get("newsagg/articles_new", 0),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=5000)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args(argv)

    work = Path(tempfile.mkdtemp(prefix="discovery-cache-"))
    generate_site(work / "site", args.articles)
    server = subprocess.Popen(
        [sys.executable, str(REPO / "benchmarks" / "crawl.py"), "--serve", str(work / "site")],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    assert server.stdout is not None
    base = server.stdout.readline().strip()
    runs: dict[str, list[dict[str, Any]]] = {name: [] for name in VARIANTS}
    try:
        config, db = _config(work, base, args.articles), work / "news.db"
        first = _crawl(base, config, db, ())
        print(f"first crawl: {first}", file=sys.stderr)
        for _ in range(args.repeat):
            for name, extra in VARIANTS.items():
                runs[name].append(_crawl(base, config, db, extra))
                print(f"{name}: {runs[name][-1]}", file=sys.stderr)
    finally:
        if server.stdin:
            server.stdin.close()
        server.wait(timeout=10)
        shutil.rmtree(work, ignore_errors=True)
    print(table(runs))
    return 0


def table(runs: dict[str, list[dict[str, Any]]]) -> str:
    keys = ["requests", "article_pages", "not_modified", "body_kb", "crawl_s", "process_s"]
    lines = [
        "| second crawl, unchanged site | requests | article pages | 304s | body KB received "
        "| crawl s | process s | crawl s, every run |",
        "|---|---:|---:|---:|---:|---:|---:|---|",
    ]
    for name, values in runs.items():
        medians = [statistics.median(v[k] for v in values) for k in keys]
        cells = [f"{m:.0f}" for m in medians[:3]] + [
            f"{m:.1f}" if m >= 10 else f"{m:.2f}" for m in medians[3:]
        ]
        every = ", ".join(f"{v['crawl_s']:.2f}" for v in values)
        lines.append(f"| {name} | " + " | ".join(cells) + f" | {every} |")
    return "\n".join(lines)


if __name__ == "__main__":
    raise SystemExit(main())
