"""Discovery, incremental fetching and dry runs, through real crawls of the fault server.

Feeds (RSS 2.0, Atom, RSS 1.0), sitemap indexes with gzipped and news
sitemaps and a max_age cut-off, robots.txt Sitemap lines, listing pages with
link rules; then what a second crawl fetches (nothing but discovery pages),
conditional GETs and new versions of an edited article.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from faultserver import FaultServer
from test_crawl_faults import Crawl, crawl, feed

pytestmark = pytest.mark.timeout(60)


@pytest.fixture(scope="module")
def fs() -> FaultServer:  # type: ignore[misc]
    with FaultServer() as server:
        yield server


def test_feeds_of_every_kind_give_their_articles_with_hints(
    fs: FaultServer, tmp_path: Path
) -> None:
    result = crawl(fs, tmp_path, feeds=["/feeds/rss2.xml", "/feeds/atom.xml", "/feeds/rss1.xml"])
    assert result.returncode == 0, result.output[-2000:]
    expected = {f"/article/feed-{kind}-{i}" for kind in ("rss2", "atom", "rss1") for i in range(3)}
    assert expected <= result.paths()
    assert result.stats["newsagg/feeds_fetched"] == 3


def test_sitemap_index_gzip_news_sitemap_and_max_age(fs: FaultServer, tmp_path: Path) -> None:
    # The module's server counts hits for all its tests: a crawl of the same sitemaps
    # without max_age (the robots.txt test) may have run before this one.
    before = fs.stats()["hits"]
    result = crawl(fs, tmp_path, sitemaps=["/sitemaps/index.xml"], limits={"max_age": "30d"})
    assert result.returncode == 0, result.output[-2000:]
    assert {
        "/article/sm-news-0",
        "/article/sm-news-1",
        "/article/sm-gz-0",
        "/article/sm-gz-1",
    } <= result.paths()
    # The index entry and the news entry older than max_age are not followed.
    assert result.hit("/sitemaps/old.xml") == before.get("/sitemaps/old.xml", 0)
    assert result.hit("/article/sm-news-stale") == before.get("/article/sm-news-stale", 0)
    assert result.stats["newsagg/sitemaps_fetched"] == 3


def test_robots_sitemaps_are_used_when_only_listing_pages_are_configured(
    fs: FaultServer, tmp_path: Path
) -> None:
    fs.control(robots="sitemap")
    before = fs.stats()["hits"]
    try:
        result = crawl(
            fs, tmp_path, start_pages=["/section/robots"], link_rules={"max_pagination": 0}
        )
    finally:
        fs.control(robots="allow")
    assert result.returncode == 0, result.output[-2000:]
    assert result.hit("/sitemaps/index.xml") == before.get("/sitemaps/index.xml", 0) + 1
    # One fetch of robots.txt serves both the politeness check and its Sitemap: lines.
    assert result.hit("/robots.txt") == before.get("/robots.txt", 0) + 1
    assert "/article/sm-gz-0" in result.paths()


def test_robots_sitemaps_are_not_used_when_feeds_are_configured(
    fs: FaultServer, tmp_path: Path
) -> None:
    fs.control(robots="sitemap")
    before = fs.stats()["hits"].get("/sitemaps/index.xml", 0)
    try:
        result = crawl(fs, tmp_path, feeds=[feed(fs, "/article/robots-feed-only")])
    finally:
        fs.control(robots="allow")
    assert result.returncode == 0, result.output[-2000:]
    assert result.hit("/sitemaps/index.xml") == before


def test_listing_pages_follow_link_rules_and_canonicalise(fs: FaultServer, tmp_path: Path) -> None:
    result = crawl(
        fs,
        tmp_path,
        start_pages=["/section/world"],
        link_rules={"deny": ["/video/"], "article_pattern": r"/news/\d{4}/", "max_pagination": 1},
    )
    assert result.returncode == 0, result.output[-2000:]
    # Pagination capped at one hop: pages 1 and 2, not 3.
    assert result.hit("/section/world") == 1 and result.hit("/section/world?page=2") == 1
    assert result.hit("/section/world?page=3") == 0
    # Tracking parameters and fragments dropped before the request.
    assert result.hit("/news/2026/01/world-story-one-p1") == 1
    assert not any("utm_" in t for t in result.hits)
    assert result.hit("/news/2026/01/world-story-two-p2") == 1
    # Denied, robots-disallowed and off-site links are not fetched.
    assert not any(t.startswith("/news/video/") and "world" in t for t in result.hits)
    assert not any(t.startswith("/private/world") for t in result.hits)
    assert not any("offsite-world" in t for t in result.hits)
    assert {
        "/news/2026/01/world-story-one-p1",
        "/news/2026/01/world-story-two-p2",
    } <= result.paths()


# --- incremental ---------------------------------------------------------------------------------


def _versions(result: Crawl, key: str) -> tuple[int, int]:
    (version,) = result.rows(
        "SELECT version FROM articles WHERE url LIKE ?", (f"%/versioned/{key}",)
    )[0]
    (old,) = result.rows("SELECT count(*) FROM article_versions")[0]
    return version, old


def test_second_crawl_fetches_no_article_and_edits_become_versions(
    fs: FaultServer, tmp_path: Path
) -> None:
    plain = feed(fs, "/article/inc-1", "/article/inc-2")
    kwargs = dict(feeds=[plain, "/vfeed/k1.xml"])

    first = crawl(fs, tmp_path, **kwargs)
    assert first.returncode == 0, first.output[-2000:]
    assert {"/article/inc-1", "/article/inc-2", "/versioned/k1"} <= first.paths()
    assert first.hit("/versioned/k1") == 1

    # Unchanged site: feeds only, zero article pages.
    second = crawl(fs, tmp_path, **kwargs)
    assert second.hit("/article/inc-1") == 1 and second.hit("/versioned/k1") == 1
    assert second.run["pages_fetched"] == 0 and second.run["articles_new"] == 0
    assert second.stats["newsagg/articles_skipped_known"] == 3
    assert second.hit(plain) == 2

    # The feed says updated, the page is the same: a conditional GET answered 304.
    fs.control(touch="k1")
    third = crawl(fs, tmp_path, **kwargs)
    assert third.hit("/versioned/k1") == 2
    assert third.headers["/versioned/k1"][-1].get("if-none-match") == '"k1-v1"'
    assert third.stats["newsagg/articles_not_modified"] == 1
    assert _versions(third, "k1") == (1, 0)

    # The article is edited: fetched again and stored as version 2.
    fs.control(bump="k1")
    fourth = crawl(fs, tmp_path, **kwargs)
    assert fourth.hit("/versioned/k1") == 3
    assert fourth.run["articles_updated"] == 1
    assert _versions(fourth, "k1") == (2, 1)
    assert len(fourth.runs) == 4


def test_dry_run_lists_article_urls_without_fetching_them(fs: FaultServer, tmp_path: Path) -> None:
    listing = feed(fs, "/article/dry-1", "/article/dry-2")
    result = crawl(fs, tmp_path, feeds=[listing], extra_args=("--dry-run",))
    assert result.returncode == 0, result.output[-2000:]
    assert result.hit("/article/dry-1") == 0 and result.hit("/article/dry-2") == 0
    assert result.hit(listing) == 1
    lines = [line.split("\t") for line in result.output.splitlines() if line.startswith("faulty\t")]
    assert ["faulty", "feeds", fs.url + listing] in lines
    assert ["faulty", "article (new)", fs.url + "/article/dry-1"] in lines
    assert ["faulty", "article (new)", fs.url + "/article/dry-2"] in lines
    assert not [line for line in lines if line[1] == "nothing to fetch"]
    assert not result.db.exists() or not result.runs  # nothing recorded

    # After a real crawl, nothing is left to fetch, and one line says so.
    crawl(fs, tmp_path, feeds=[listing])
    again = crawl(fs, tmp_path, feeds=[listing], extra_args=("--dry-run",))
    assert again.returncode == 0, again.output[-2000:]
    assert not [line for line in again.output.splitlines() if "\tarticle (" in line]
    assert "faulty\tnothing to fetch\t2 articles found, all stored and unchanged" in (
        again.output.splitlines()
    )


def test_dry_run_of_a_source_that_finds_no_article_says_so(fs: FaultServer, tmp_path: Path) -> None:
    empty = feed(fs)
    result = crawl(fs, tmp_path, feeds=[empty], extra_args=("--dry-run",))
    assert result.returncode == 0, result.output[-2000:]
    lines = [line for line in result.output.splitlines() if line.startswith("faulty\t")]
    assert lines == [
        f"faulty\tfeeds\t{fs.url}{empty}",
        "faulty\tnothing to fetch\tno article found",
    ]


def test_dry_run_of_a_source_whose_feed_fails_says_what_failed(
    fs: FaultServer, tmp_path: Path
) -> None:
    missing = "/status/404/dry-feed"
    result = crawl(fs, tmp_path, feeds=[missing], extra_args=("--dry-run",))
    lines = [line for line in result.output.splitlines() if line.startswith("faulty\tnothing")]
    assert lines == ["faulty\tnothing to fetch\tno article found; failed: http_4xx 1"], (
        result.output[-2000:]
    )
