"""Sitemaps the crawl finds have a budget of their own, and link rules written for article
paths do not refuse them (QA pass F, F1 and F2): real crawls of a site on 127.0.0.1."""

from __future__ import annotations

from pathlib import Path

import pytest
from discovery_site import article, crawl_source, index, rss, urlset
from pageserver import PageServer

pytestmark = pytest.mark.timeout(150)


@pytest.fixture()
def server() -> PageServer:  # type: ignore[misc]
    with PageServer() as running:
        yield running


def _many_children(server: PageServer, count: int, *, dated: bool = False) -> str:
    """An index of ``count`` child sitemaps of 3 articles each; its URL."""
    children = []
    for n in range(1, count + 1):
        urls = [article(server, f"/news/story-{n}-{i}") for i in range(3)]
        child = urlset(server, f"/post-sitemap{n}.xml", urls)
        lastmod = f"<lastmod>2026-11-{n:02d}T10:00:00Z</lastmod>" if dated else ""
        children.append(f"<loc>{child}</loc>{lastmod}")
    return index(server, "/sitemap_index.xml", children)


def test_an_index_of_more_children_than_max_pages_still_gives_articles(
    server: PageServer, tmp_path: Path
) -> None:
    # 60 undated children of 3 articles, max_pages 50: the children once took every one
    # of the 50 requests, and each run fetched 50 sitemaps and no article.
    crawled = crawl_source(
        tmp_path, {"sitemaps": [_many_children(server, 60)], "limits": {"max_pages": 50}}
    )
    assert crawled.result.returncode == 0, crawled.log[-3000:]
    assert len(crawled.urls()) >= 10, crawled.log[-3000:]
    # At most half of max_pages went on child sitemaps (max_sitemaps 100 is the larger).
    fetched = sum(server.hits(f"/post-sitemap{n}.xml") for n in range(1, 61))
    assert fetched <= 25


def test_an_index_is_read_newest_child_first(server: PageServer, tmp_path: Path) -> None:
    crawled = crawl_source(
        tmp_path,
        {
            "sitemaps": [_many_children(server, 20, dated=True)],
            "limits": {"max_pages": 40, "max_sitemaps": 3},
        },
    )
    assert crawled.result.returncode == 0, crawled.log[-3000:]
    # The index lists 1 (oldest) to 20 (newest): the three newest are read.
    read = {n for n in range(1, 21) if server.hits(f"/post-sitemap{n}.xml")}
    assert read == {18, 19, 20}
    assert "over_max_sitemaps" in crawled.log


def test_a_crawl_that_spends_its_budget_on_sitemaps_says_so(
    server: PageServer, tmp_path: Path
) -> None:
    crawled = crawl_source(
        tmp_path,
        {"sitemaps": [_many_children(server, 5)], "limits": {"max_pages": 20, "max_sitemaps": 0}},
    )
    assert crawled.result.returncode == 0, crawled.log[-3000:]
    assert crawled.urls() == set()
    (warning,) = [w for w in crawled.warnings() if "went on discovery documents" in w]
    assert "max_sitemaps" in warning and "left out: 5 sitemaps" in warning


def test_allow_written_for_article_paths_does_not_refuse_child_sitemaps(
    server: PageServer, tmp_path: Path
) -> None:
    news = [article(server, f"/news/allowed-{i}") for i in range(2)]
    other = article(server, "/shop/not-allowed")
    child = urlset(server, "/sitemap-1.xml", [*news, other])
    root = index(server, "/sitemap.xml", [f"<loc>{child}</loc>"])
    crawled = crawl_source(tmp_path, {"sitemaps": [root], "link_rules": {"allow": ["/news/"]}})
    assert crawled.result.returncode == 0, crawled.log[-3000:]
    assert crawled.urls() == set(news)
    assert server.hits("/shop/not-allowed") == 0


def test_deny_refusing_a_child_sitemap_is_counted_apart_and_said(
    server: PageServer, tmp_path: Path
) -> None:
    child = urlset(server, "/archive/sitemap-1.xml", [article(server, "/news/in-archive")])
    root = index(server, "/sitemap.xml", [f"<loc>{child}</loc>"])
    crawled = crawl_source(tmp_path, {"sitemaps": [root], "link_rules": {"deny": ["/archive/"]}})
    assert crawled.result.returncode == 0, crawled.log[-3000:]
    assert server.hits("/archive/sitemap-1.xml") == 0
    assert "denied_document 1" in crawled.log
    assert any(
        "link_rules.deny refuses the sitemap" in w and child in w for w in crawled.warnings()
    )


def test_a_feed_an_index_lists_is_read_without_an_error(server: PageServer, tmp_path: Path) -> None:
    url = article(server, "/news/from-a-feed-child")
    child = rss(server, "/feed.xml", [f"<title>t</title><link>{url}</link>"])
    root = index(server, "/sitemap.xml", [f"<loc>{child}</loc>"])
    crawled = crawl_source(tmp_path, {"sitemaps": [root]})
    assert crawled.result.returncode == 0, crawled.log[-3000:]
    assert crawled.urls() == {url}
    assert "bad_sitemap" not in crawled.log
    assert not [w for w in crawled.warnings() if "list it under feeds" in w]
