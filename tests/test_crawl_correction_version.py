"""A correction appended in a box of its own makes a new version (QA stop 47, finding F5):
real crawls (``aggregator crawl`` in a child process) of a page served on 127.0.0.1 into
a real SQLite file. The page re-fetched with a ``div.correction-notice`` under its text
(its sitemap announcing the change) is version 2, the correction the last paragraph of
its text; version 1 is kept without it."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from conftest import run_cli
from pageserver import PageServer

pytestmark = pytest.mark.timeout(300)

ARTICLE = "/news/eastgate-library"
TEXT = [
    "The city council voted on Tuesday to close the Eastgate library at the end of March, "
    "after a debate that ran past midnight in a packed chamber.",
    "Supporters of the library said the branch served four schools and two care homes, "
    "and that the nearest other branch was a forty-minute bus ride away.",
    "Council members said the building needed repairs the budget could not pay for, and "
    "promised a mobile library twice a week from the spring.",
]
CORRECTION = "Correction: an earlier version of this story said the vote was 9-2. It was 7-4."


def _page(correction: str = "") -> str:
    body = "".join(f"<p>{p}</p>" for p in TEXT)
    box = f'<div class="correction-notice"><p>{correction}</p></div>' if correction else ""
    return (
        '<!doctype html><html lang="en"><head><meta charset="utf-8">'
        "<title>Council votes to close Eastgate library</title>"
        '<meta property="og:site_name" content="Harbor Tribune">'
        '<meta property="article:published_time" content="2026-12-06T08:00:00Z">'
        '</head><body><header><nav><a href="/">Home</a></nav></header>'
        "<main><article><h1>Council votes to close Eastgate library</h1>"
        f'<p class="byline">By Tom Reyes</p><div class="article-body">{body}</div>{box}'
        "</article></main><footer><p>© 2026 Harbor Tribune</p></footer></body></html>"
    )


def _sitemap(server: PageServer, lastmod: datetime | None = None) -> str:
    stamp = f"<lastmod>{lastmod.isoformat()}</lastmod>" if lastmod else ""
    return server.put(
        "/sitemap.xml",
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
        f"<url><loc>{server.url(ARTICLE)}</loc>{stamp}</url></urlset>",
        content_type="application/xml",
    )


@pytest.fixture
def server() -> Iterator[PageServer]:
    with PageServer() as running:
        yield running


def _crawl(config: Path) -> None:
    result = run_cli("--config", str(config), "crawl", "tribune")
    assert result.returncode == 0, result.stderr[-3000:]


def test_a_correction_appended_in_a_box_makes_version_2(server: PageServer, tmp_path: Path) -> None:
    server.put(ARTICLE, _page())
    source = {
        "name": "tribune",
        "sitemaps": [_sitemap(server)],
        "politeness": {"download_delay": 0, "autothrottle": False, "obey_robots": False},
        "limits": {"download_timeout": 5, "run_timeout": "60s"},
    }
    db = tmp_path / "news.db"
    config = tmp_path / "config.yaml"
    config.write_text(json.dumps({"database": str(db), "sources": [source]}), encoding="utf-8")
    _crawl(config)

    server.put(ARTICLE, _page(CORRECTION))
    _sitemap(server, datetime.now(UTC))
    _crawl(config)

    assert server.hits(ARTICLE) == 2
    with sqlite3.connect(db) as conn:
        ((version, body),) = conn.execute("SELECT version, body FROM articles").fetchall()
        kept = conn.execute("SELECT version, body FROM article_versions").fetchall()
    assert version == 2
    assert json.loads(body) == [*TEXT, CORRECTION]
    assert [(v, json.loads(b)) for v, b in kept] == [(1, TEXT)]
