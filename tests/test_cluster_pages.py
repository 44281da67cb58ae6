"""In cluster mode a worker's parse ships the page it parsed (``retention.keep_pages``) with
the article, and the writer keeps it: coordinator, worker and writer as separate processes
on a real Redis, pages served on 127.0.0.1, a real SQLite file."""

from __future__ import annotations

import json
import sqlite3
import zlib
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from clusterkit import Cluster
from conftest import wait_for
from pageserver import PageServer
from test_page_archive import STORIES, _page, _sitemap

pytestmark = pytest.mark.timeout(300)


@pytest.fixture
def server() -> Iterator[PageServer]:
    with PageServer() as running:
        for path in STORIES:
            running.put(path, _page(path))
        yield running


def _kept(db: Path) -> list[tuple[Any, ...]]:
    if not db.exists():
        return []
    conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=10)
    try:
        return conn.execute(
            "SELECT a.url, p.version, p.url, p.size, p.content FROM article_pages p "
            "JOIN articles a ON a.id = p.article_id ORDER BY a.url"
        ).fetchall()
    except sqlite3.OperationalError:  # tables not created yet
        return []
    finally:
        conn.close()


def test_a_worker_pushed_article_keeps_its_page(
    server: PageServer, redis_url: str, tmp_path: Path
) -> None:
    db = tmp_path / "news.db"
    source = {
        "name": "tribune",
        "sitemaps": [_sitemap(server)],
        "politeness": {"download_delay": 0, "autothrottle": False, "obey_robots": False},
        "limits": {"download_timeout": 5, "run_timeout": "60s"},
    }
    config = tmp_path / "config.yaml"
    document = {
        "database": str(db),
        "retention": {"keep_pages": True},
        "cluster": {"redis_url": redis_url, "lease": "2s", "writer_wait": "200ms"},
        "sources": [source],
    }
    config.write_text(json.dumps(document), encoding="utf-8")
    roles = Cluster(config, tmp_path)
    try:
        for role in ("writer", "worker", "daemon"):
            roles.start(role)
        try:
            wait_for(lambda: len(_kept(db)) == len(STORIES), 150, "every page kept")
        except AssertionError:
            raise AssertionError(roles.logs()) from None
    finally:
        codes = roles.stop()
    assert all(code == 0 for code in codes.values()), (codes, roles.logs())
    for url, version, fetched, size, content in _kept(db):
        served = _page("/" + url.split("/", 3)[3]).encode("utf-8")
        assert (version, fetched, size, zlib.decompress(content)) == (1, url, len(served), served)
