"""Kill -9 a crawl at random moments, restart it, and count what was lost (figure C1).

A generated site of N articles (wire stories plus copies under other URLs) is
crawled by `aggregator crawl`; K times the crawl is SIGKILLed, `PRAGMA
integrity_check` is run, and the crawl restarted; then one clean run. Prints
the figures as JSON.

Each kill comes as the site serves the k-th article page of that run, k drawn
from 1 to the articles not yet stored: a random moment within the work left,
however fast the crawl is (with some pages parsed but not yet committed). Once
everything is stored, a kill comes after a random delay instead, during
start-up or discovery.

    python benchmarks/kill_test.py --articles 500 --kills 20
"""

from __future__ import annotations

import argparse
import itertools
import json
import random
import signal
import sqlite3
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "benchmarks"))

from sitegen import GeneratedSite  # noqa: E402

CONFIG = """
database: {db}
sources:
  - name: generated
    sitemaps: ["{sitemap}"]
    politeness:
      {{download_delay: 0, concurrency_per_domain: 16, autothrottle: false, obey_robots: true}}
    limits:
      {{max_pages: 100000, run_timeout: 10m, download_timeout: 10, max_page_bytes: 4194304}}
"""

ORPHANS = {
    "articles without a story": (
        "SELECT count(*) FROM articles a "
        "LEFT JOIN stories s ON s.id = a.story_id WHERE s.id IS NULL"
    ),
    "stories without an article": (
        "SELECT count(*) FROM stories s "
        "WHERE NOT EXISTS (SELECT 1 FROM articles a WHERE a.story_id = s.id)"
    ),
    "dedup keys without an article": (
        "SELECT count(*) FROM dedup_keys k "
        "WHERE NOT EXISTS (SELECT 1 FROM articles a WHERE a.id = k.article_id)"
    ),
    "articles without dedup keys": (
        "SELECT count(*) FROM articles a "
        "WHERE NOT EXISTS (SELECT 1 FROM dedup_keys k WHERE k.article_id = a.id)"
    ),
    "story copy counts off": (
        "SELECT count(*) FROM stories s "
        "WHERE s.copies != (SELECT count(*) FROM articles a WHERE a.story_id = s.id)"
    ),
}


def _crawl(config: Path) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-m", "app", "--config", str(config), "crawl", "generated"],
        cwd=REPO,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )


def _calibrate(home: Path, site: GeneratedSite) -> float:
    """Seconds a full uninterrupted crawl takes here (start-up included), into a scratch DB."""
    config = home / "calibrate.yaml"
    config.write_text(
        CONFIG.format(db=home / "calibrate.db", sitemap=site.sitemap_url), encoding="utf-8"
    )
    started = time.monotonic()
    _crawl(config).wait(timeout=600)
    return time.monotonic() - started


def run(articles: int, kills: int, seed: int = 3) -> dict[str, Any]:
    rng = random.Random(seed)
    with tempfile.TemporaryDirectory() as tmp, GeneratedSite(articles) as site:
        full_crawl = _calibrate(Path(tmp), site)
        site.hits.clear()
        db = Path(tmp) / "news.db"
        config = Path(tmp) / "config.yaml"
        config.write_text(CONFIG.format(db=db, sitemap=site.sitemap_url), encoding="utf-8")
        subprocess.run(
            [sys.executable, "-m", "app", "--config", str(config), "migrate"],
            cwd=REPO,
            check=True,
            capture_output=True,
        )  # creates the schema (readers never create a database)
        integrity_failures = 0
        stored_after_kill = []
        mid_crawl_kills = 0
        for _ in range(kills):
            with sqlite3.connect(db) as conn:
                remaining = articles - conn.execute("SELECT count(*) FROM articles").fetchone()[0]
            served = site.article_hits()
            crawl = _crawl(config)
            if remaining > 0:
                target = served + rng.randint(1, remaining)
                while crawl.poll() is None and not site.wait_for_article_hits(target, timeout=1.0):
                    pass
                mid_crawl_kills += crawl.poll() is None
            else:
                time.sleep(rng.uniform(0.1, full_crawl))
            crawl.send_signal(signal.SIGKILL)
            crawl.wait()
            with sqlite3.connect(db) as conn:
                if conn.execute("PRAGMA integrity_check").fetchone()[0] != "ok":
                    integrity_failures += 1
                stored_after_kill.append(
                    conn.execute("SELECT count(*) FROM articles").fetchone()[0]
                )
        final = _crawl(config)
        final_code = final.wait(timeout=600)
        with sqlite3.connect(db) as conn:
            stored = conn.execute("SELECT count(*) FROM articles").fetchone()[0]
            distinct_urls = conn.execute("SELECT count(DISTINCT url) FROM articles").fetchone()[0]
            orphans = {name: conn.execute(sql).fetchone()[0] for name, sql in ORPHANS.items()}
            integrity = conn.execute("PRAGMA integrity_check").fetchone()[0]
            runs = conn.execute(
                "SELECT status, count(*) FROM crawl_runs GROUP BY status"
            ).fetchall()
        expected = {f"{site.base_url}{r['path']}" for r in site.records}
        with sqlite3.connect(db) as conn:
            got = {row[0] for row in conn.execute("SELECT url FROM articles")}
        fetched = site.article_hits()
    went_down = sum(1 for a, b in itertools.pairwise(stored_after_kill) if b < a)
    return {
        "articles_on_site": articles,
        "full_crawl_seconds": round(full_crawl, 1),
        "kills": kills,
        "kills_mid_crawl": mid_crawl_kills,
        "stored_after_each_kill": stored_after_kill,
        "final_exit_code": final_code,
        "articles_stored": stored,
        "articles_lost": len(expected - got),
        "articles_duplicated": stored - distinct_urls,
        "stored_count_went_down": went_down,
        "orphan_rows": sum(orphans.values()),
        "orphans_by_kind": orphans,
        "integrity_failures": integrity_failures + (integrity != "ok"),
        "article_fetches": fetched,
        "refetch_overhead": round(fetched / articles - 1, 3),
        "crawl_runs_by_status": dict(runs),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--articles", type=int, default=500)
    parser.add_argument("--kills", type=int, default=20)
    parser.add_argument("--seed", type=int, default=3)
    args = parser.parse_args()
    print(json.dumps(run(args.articles, args.kills, args.seed), indent=2))


if __name__ == "__main__":
    main()
