"""Two sources on one host, crawled in one run (``aggregator crawl a b``), are one
visitor to the site: its robots.txt is fetched once, its Crawl-delay holds between
any two requests of the run, and a Retry-After one source is given pauses the other.

The fault server records every request's arrival; gaps are measured there, as
``test_crawl_faults.py`` measures a single source's Crawl-delay and Retry-After.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from conftest import run_cli
from faultserver import FaultServer

pytestmark = pytest.mark.timeout(90)

LIMITS = {"run_timeout": "60s", "download_timeout": 2, "max_retry_after": "10s"}


@pytest.fixture(scope="module")
def fs() -> Iterator[FaultServer]:
    with FaultServer() as server:
        yield server


def crawl_two(
    fs: FaultServer, home: Path, articles: dict[str, list[str]], politeness: dict[str, Any]
) -> dict[str, Any]:
    """Crawl one source per ``articles`` key (its feed links those paths) in one run;
    the server's record of it."""
    home.mkdir(parents=True, exist_ok=True)
    sources = []
    for name, paths in articles.items():
        fs.control_many([("feed", f"{home.name}-{name}")] + [("u", p) for p in paths])
        sources.append(
            {
                "name": name,
                "feeds": [f"{fs.url}/feed/{home.name}-{name}.xml"],
                "politeness": {"autothrottle": False, **politeness},
                "limits": LIMITS,
            }
        )
    config = home / "config.yaml"
    db = home / "news.db"
    config.write_text(json.dumps({"database": str(db), "sources": sources}), encoding="utf-8")
    fs.control(reset="1")
    result = run_cli("--config", str(config), "crawl", *articles, timeout=80)
    assert result.returncode == 0, result.stderr[-2000:]
    stats = fs.stats()
    conn = sqlite3.connect(db)
    try:
        stats["stored"] = {row[0] for row in conn.execute("SELECT url FROM articles")}
    finally:
        conn.close()
    return stats


def test_crawl_delay_holds_across_two_sources_of_one_host(fs: FaultServer, tmp_path: Path) -> None:
    fs.control(robots="crawl-delay")  # Crawl-delay: 1
    try:
        record = crawl_two(
            fs,
            tmp_path / "delay",
            {
                "one": [f"/article/shared-one-{i}" for i in range(3)],
                "two": [f"/article/shared-two-{i}" for i in range(3)],
            },
            {"download_delay": 0, "concurrency_per_domain": 4},
        )
    finally:
        fs.control(robots="allow")
    assert record["hits"]["/robots.txt"] == 1  # read once, for both sources
    asked = sorted(
        (t, target) for target, ts in record["times"].items() if target != "/robots.txt" for t in ts
    )
    assert len(asked) == 8  # two feeds and six articles
    gaps = [(b - a, target) for (a, _), (b, target) in zip(asked, asked[1:], strict=False)]
    assert all(gap >= 0.95 for gap, _ in gaps), gaps
    assert len(record["stored"]) == 6


def test_a_retry_after_given_to_one_source_pauses_the_other(
    fs: FaultServer, tmp_path: Path
) -> None:
    asked = "/retry-after/shared-pause?value=3"
    record = crawl_two(
        fs,
        tmp_path / "pause",
        {"one": [asked], "two": [f"/article/paused-{i}" for i in range(20)]},
        {"download_delay": 0.3, "concurrency_per_domain": 1},
    )
    paused_at = record["times"][asked][0]
    arrivals = sorted(t for ts in record["times"].values() for t in ts)
    # From a moment after the 429 left the server (a request of "two" already on its way
    # then may still arrive) until the pause is over, the host is sent nothing.
    during = [t - paused_at for t in arrivals if paused_at + 0.2 < t < paused_at + 3 - 0.05]
    assert during == [], during
    assert record["hits"][asked] == 2  # the 429, then the page after the pause
    assert len(record["stored"]) == 21
