"""A manual crawl killed with SIGKILL after storing articles is found 'crashed' by the next
crawl of its source, with the new articles it stored counted as the daemon counts a crawl
it killed (docs/operations.md; QA stop 49 F3: ``articles_new`` 0, so a source's runs added
up to fewer articles than it has). A site on 127.0.0.1 crawled through the CLI, in child
processes, into a real SQLite file."""

from __future__ import annotations

import json
import sqlite3
import subprocess
import sys
from contextlib import closing, suppress
from pathlib import Path

import pytest
from conftest import REPO, run_cli, wait_for
from discovery_site import article, rss
from faultserver import article_html
from pageserver import PageServer

pytestmark = pytest.mark.timeout(180)

ARTICLES = 3


def _stored(db: Path) -> int:
    """Articles stored so far (0 while the schema is still being created)."""
    if not db.exists():
        return 0
    with (
        closing(sqlite3.connect(f"file:{db}?mode=ro", uri=True)) as conn,
        suppress(sqlite3.OperationalError),
    ):
        return int(conn.execute("SELECT count(*) FROM articles").fetchone()[0])
    return 0


def test_a_killed_crawl_is_found_crashed_with_the_articles_it_stored(tmp_path: Path) -> None:
    db, config = tmp_path / "news.db", tmp_path / "config.yaml"
    with PageServer() as server:
        urls = [article(server, f"/news/story-{k}") for k in range(ARTICLES)]
        # A page that never ends (a byte a second): the crawl is still running when killed.
        held = server.put("/news/held", trickle=[b"<"] * 150)
        feed = rss(
            server, "/feed.xml", [f"<title>t</title><link>{u}</link>" for u in [*urls, held]]
        )
        source = {
            "name": "killed",
            "feeds": [feed],
            "politeness": {"download_delay": 0, "autothrottle": False, "obey_robots": False},
            "limits": {"download_timeout": 150, "run_timeout": "160s"},
        }
        config.write_text(json.dumps({"database": str(db), "sources": [source]}), encoding="utf-8")
        child = subprocess.Popen(
            [sys.executable, "-m", "app", "--config", str(config), "crawl", "killed"],
            cwd=REPO,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        try:
            wait_for(lambda: _stored(db), timeout=60, what="the crawl's first stored batch")
            assert child.poll() is None, "the crawl ended before it was killed"
        finally:
            child.kill()
            child.wait(timeout=30)
        stored = _stored(db)  # the crawl is gone: nothing more comes
        assert 1 <= stored <= ARTICLES
        server.put("/news/held", article_html("news-held"))  # the page answers now
        second = run_cli("--config", str(config), "crawl", "killed", timeout=120)
        assert second.returncode == 0, second.stderr
    with closing(sqlite3.connect(db)) as conn:
        runs = conn.execute("SELECT status, articles_new FROM crawl_runs ORDER BY id").fetchall()
        (total,) = conn.execute("SELECT count(*) FROM articles").fetchone()
    assert total == ARTICLES + 1
    assert runs[0] == ("crashed", stored)
    assert runs[1][1] == total - stored  # the source's runs add up to its articles
