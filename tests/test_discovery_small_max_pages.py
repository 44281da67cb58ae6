"""What ``max_sitemaps`` gives under a small ``max_pages`` (review of disc-45): found sitemaps
get at most half of ``max_pages``, so ``max_pages: 1`` reads none of robots.txt's (counted
``over_max_sitemaps``, and the crawl's WARNING says to raise max_pages), and a source of
listing pages reaching its articles through robots.txt's sitemaps has robots.txt (counted
twice with obey_robots), its start page and the sitemap counted too. A real crawl through the CLI
of a site on 127.0.0.1, as docs/configuration.md's ``max_sitemaps`` row says."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from discovery_site import article, crawl_source, urlset
from pageserver import PageServer


@pytest.fixture
def server() -> PageServer:  # type: ignore[misc]
    with PageServer() as running:
        running.put("/", "<html><body><p>Today's news, without links.</p></body></html>")
        yield running


def _site(server: PageServer) -> str:
    """robots.txt naming a sitemap of one article; the article's URL."""
    url = article(server, "/news/2026/12/07/harbour-works")
    sitemap = urlset(server, "/sitemap.xml", [url])
    server.put("/robots.txt", f"User-agent: *\nAllow: /\nSitemap: {sitemap}\n",
               content_type="text/plain")  # fmt: skip
    return url


def test_max_pages_one_reads_no_found_sitemap_and_says_so(
    server: PageServer, tmp_path: Path
) -> None:
    _site(server)
    source = {"start_pages": [server.url("/")], "limits": {"max_pages": 1}}
    crawled = crawl_source(tmp_path, source, robots=True)
    assert crawled.result.returncode == 0, crawled.log[-3000:]
    assert server.hits("/sitemap.xml") == 0
    (counted,) = crawled.rows("SELECT discovery FROM crawl_runs")
    reasons = json.loads(counted[0])
    assert reasons["over_max_sitemaps"] == 1
    # The crawl closes at its one page; since stop 48 a request still waiting then is
    # dropped unsent and counted as such (docs/crawling.md, "Bounds"), nothing else.
    assert set(reasons) <= {"over_max_sitemaps", "closed_unsent"}, reasons
    said = [line for line in crawled.warnings() if "went on discovery documents" in line]
    assert len(said) == 1 and "left out: 1 sitemaps" in said[0] and "raise max_pages" in said[0]


def test_five_pages_reach_an_article_through_robots_txts_sitemap(
    server: PageServer, tmp_path: Path
) -> None:
    url = _site(server)
    # robots.txt counted twice (one request answers the robots middleware and the spider
    # reading its Sitemap: line), the start page, the sitemap, the article.
    source = {"start_pages": [server.url("/")], "limits": {"max_pages": 5}}
    crawled = crawl_source(tmp_path, source, robots=True)
    assert crawled.result.returncode == 0, crawled.log[-3000:]
    assert crawled.urls() == {url}
    assert server.hits("/robots.txt") == 1
