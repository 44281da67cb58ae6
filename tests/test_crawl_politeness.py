"""A source's politeness holds against a real server: never more requests to one host
at once than ``concurrency_per_domain``, whatever ``download_delay`` is.

The demo network answers each request after a latency and counts how many requests
each outlet serves at one moment; the crawl is ``aggregator crawl`` in a child process
into a real SQLite file.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest
import yaml
from conftest import run_cli

from app.demo import DemoNetwork
from app.demo.config import demo_sources

pytestmark = pytest.mark.timeout(120)

# Long enough that every link of the feed reaches the host's download slot while the
# first articles are still being answered.
LATENCY = 0.3


@pytest.fixture(scope="module")
def network() -> Iterator[DemoNetwork]:
    with DemoNetwork(base_port=0, latency=LATENCY) as net:
        yield net


def crawl_wire_service(home: Path, network: DemoNetwork, **politeness: object) -> Path:
    """Crawl the wire service (a feed of several articles) with ``politeness``; the database."""
    source = next(s for s in demo_sources(network.base_port) if s["name"] == "wirewire")
    source["politeness"].update(politeness)
    home.mkdir(parents=True, exist_ok=True)
    db = home / "news.db"
    config = home / "config.yaml"
    config.write_text(yaml.safe_dump({"database": str(db), "sources": [source]}), encoding="utf-8")
    network.clear_requests()
    result = run_cli("--config", str(config), "crawl", "wirewire", timeout=90)
    assert result.returncode == 0, result.stderr[-2000:]
    return db


@pytest.mark.parametrize("concurrency", [1, 2])
def test_concurrency_per_domain_holds_without_a_download_delay(
    network: DemoNetwork, tmp_path: Path, concurrency: int
) -> None:
    db = crawl_wire_service(
        tmp_path, network, download_delay=0, autothrottle=False, concurrency_per_domain=concurrency
    )
    assert network.peak_concurrency()["wirewire"] == concurrency
    conn = sqlite3.connect(db)
    try:
        (stored,) = conn.execute("SELECT count(*) FROM articles").fetchone()
    finally:
        conn.close()
    assert stored > concurrency  # the feed's articles were fetched, more than one slot's worth
