"""Articles split over pages (``?page=2``, rel=next): real crawls (``aggregator crawl`` in a
child process) of a server on 127.0.0.1, into a real SQLite file. One article is stored,
page 1's metadata and every page's paragraphs in order; a sitemap's page 2 is no article
of its own; the chain is bounded (``max_article_pages``), cut at a loop and at a failure.
"""

from __future__ import annotations

import json
import sqlite3
import subprocess
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from conftest import run_cli
from faultserver import article_text
from pageserver import PageServer

pytestmark = pytest.mark.timeout(300)

STORY = "/news/2026/12/06/harbour-authority-consultant-spending/"
HEADLINE = "Inside the harbour authority's consultant spending"


@pytest.fixture
def server() -> Iterator[PageServer]:
    with PageServer() as running:
        yield running


def _paragraphs(page: int, version: int = 1) -> list[str]:
    return article_text(f"consultants-page-{page}", version)[1]


def _page_path(page: int) -> str:
    return STORY if page == 1 else f"{STORY}?page={page}"


def _page_html(server: PageServer, page: int, pages: int, version: int = 1) -> str:
    """Page ``page`` of ``pages`` as a CMS writes it: rel=next/prev and canonical in the
    head (every page's canonical is page 1, a common default), a pagination bar."""
    links = [f'<link rel="canonical" href="{server.url(STORY)}">']
    bar = [f"Page {page} of {pages}"]
    if page > 1:
        links.append(f'<link rel="prev" href="{server.url(_page_path(page - 1))}">')
        bar.insert(0, f'<a rel="prev" href="{_page_path(page - 1)}">Previous page</a>')
    if page < pages:
        links.append(f'<link rel="next" href="{server.url(_page_path(page + 1))}">')
        bar.append(f'<a rel="next" href="{_page_path(page + 1)}">Next page</a>')
    body = "\n".join(f"<p>{p}</p>" for p in _paragraphs(page, version))
    return (
        f'<!doctype html><html lang="en"><head><meta charset="utf-8"><title>{HEADLINE}</title>'
        f'<meta property="og:type" content="article">'
        f'<meta property="og:title" content="{HEADLINE}">'
        f'<meta property="article:published_time" content="2026-12-06T09:00:00Z">{"".join(links)}'
        f'</head><body><header><nav><a href="/">Home</a></nav></header><main><article>'
        f'<h1>{HEADLINE}</h1><p class="byline">By Ada Reporter</p>'
        f'<div class="article-body">{body}</div><nav class="pagination">{" ".join(bar)}</nav>'
        f"</article></main><footer>© Harbor Tribune</footer></body></html>"
    )


def _serve_article(server: PageServer, pages: int, version: int = 1) -> None:
    for page in range(1, pages + 1):
        server.put(_page_path(page), _page_html(server, page, pages, version))


def _sitemap(server: PageServer, paths: list[str], lastmod: str = "2026-12-06T09:00:00Z") -> str:
    entries = "".join(
        f"<url><loc>{server.url(path)}</loc><lastmod>{lastmod}</lastmod></url>" for path in paths
    )
    return server.put(
        "/sitemap.xml",
        '<?xml version="1.0" encoding="UTF-8"?>'
        f'<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">{entries}</urlset>',
        content_type="application/xml",
    )


def _config(home: Path, sitemap: str, **limits: Any) -> Path:
    config = home / "config.yaml"
    source = {
        "name": "tribune",
        "sitemaps": [sitemap],
        "politeness": {"download_delay": 0, "autothrottle": False, "obey_robots": False},
        "limits": {"download_timeout": 5, "run_timeout": "60s", **limits},
    }
    config.write_text(
        json.dumps({"database": str(home / "news.db"), "sources": [source]}), encoding="utf-8"
    )
    return config


def _crawl(config: Path) -> subprocess.CompletedProcess[str]:
    result = run_cli("--config", str(config), "--log-level", "INFO", "crawl", "tribune")
    assert result.returncode == 0, result.stderr[-3000:]
    return result


def _articles(home: Path) -> list[tuple[str, str, list[str], int]]:
    with sqlite3.connect(home / "news.db") as conn:
        rows = conn.execute(
            "SELECT canonical_url, headline, body, version FROM articles ORDER BY id"
        ).fetchall()
    return [(url, headline, json.loads(body), version) for url, headline, body, version in rows]


def _all_paragraphs(pages: int, version: int = 1) -> list[str]:
    return [p for page in range(1, pages + 1) for p in _paragraphs(page, version)]


def test_an_article_over_three_pages_is_stored_once_with_every_paragraph(
    server: PageServer, tmp_path: Path
) -> None:
    _serve_article(server, 3)
    _crawl(_config(tmp_path, _sitemap(server, [STORY])))
    ((url, headline, body, _),) = _articles(tmp_path)
    assert (url, headline) == (server.url(STORY), HEADLINE)
    assert body == _all_paragraphs(3)  # page 1's, then page 2's, then page 3's
    assert server.hits(_page_path(2)) == server.hits(_page_path(3)) == 1


def test_a_sitemap_listing_the_later_pages_too_still_gives_one_article(
    server: PageServer, tmp_path: Path
) -> None:
    _serve_article(server, 3)
    # Page 2 reached on its own: its canonical names itself here, its rel=prev page 1.
    alone = _page_html(server, 2, 3).replace(
        f'<link rel="canonical" href="{server.url(STORY)}">',
        f'<link rel="canonical" href="{server.url(_page_path(2))}">',
    )
    server.put(_page_path(2), alone)
    result = _crawl(_config(tmp_path, _sitemap(server, [_page_path(2), STORY, _page_path(3)])))
    ((url, _, body, _),) = _articles(tmp_path)
    assert url == server.url(STORY)
    assert body == _all_paragraphs(3)
    assert "not stored apart" in result.stderr


def test_the_pages_followed_are_bounded_by_max_article_pages(
    server: PageServer, tmp_path: Path
) -> None:
    _serve_article(server, 6)
    result = _crawl(_config(tmp_path, _sitemap(server, [STORY]), max_article_pages=3))
    ((_, _, body, _),) = _articles(tmp_path)
    assert body == _all_paragraphs(3)
    assert [server.hits(_page_path(page)) for page in (4, 5, 6)] == [0, 0, 0]
    assert "past max_article_pages 3: stored with its first 3 pages" in result.stderr


def test_a_next_page_leading_back_ends_the_chain(server: PageServer, tmp_path: Path) -> None:
    _serve_article(server, 3)
    server.redirect(_page_path(3), STORY)  # page 3 answers with page 1: a loop
    result = _crawl(_config(tmp_path, _sitemap(server, [STORY])))
    ((_, _, body, _),) = _articles(tmp_path)
    assert body == _all_paragraphs(2)
    assert server.hits(_page_path(3)) == 1
    assert "leads back to a page already read: stored with its first 2 pages" in result.stderr


def test_a_failing_later_page_keeps_the_pages_read(server: PageServer, tmp_path: Path) -> None:
    _serve_article(server, 3)
    server.put(_page_path(2), "<html><body>gone</body></html>", status=404)
    result = _crawl(_config(tmp_path, _sitemap(server, [STORY])))
    ((_, _, body, _),) = _articles(tmp_path)
    assert body == _all_paragraphs(1)
    assert "page 2 of" in result.stderr and "stored with its first 1 pages" in result.stderr


def test_recrawls_store_nothing_new_until_a_later_page_is_edited(
    server: PageServer, tmp_path: Path
) -> None:
    _serve_article(server, 2)
    paths = [STORY, _page_path(2)]
    config = _config(tmp_path, _sitemap(server, paths))
    _crawl(config)
    hits = server.total_hits()
    _crawl(config)  # unchanged: neither page is announced, nothing is stored
    ((_, _, body, version),) = _articles(tmp_path)
    assert (body, version) == (_all_paragraphs(2), 1)
    # The sitemap only: its page 2 is known (an alias of page 1's article), not fetched.
    assert server.total_hits() == hits + 1
    server.put(_page_path(2), _page_html(server, 2, 2, version=2))  # page 2 edited
    _sitemap(server, paths, lastmod=datetime.now(UTC).isoformat(timespec="seconds"))
    _crawl(config)
    ((_, _, body, version),) = _articles(tmp_path)
    assert version == 2
    assert body == _paragraphs(1) + _paragraphs(2, version=2)
