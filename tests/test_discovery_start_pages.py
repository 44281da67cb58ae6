"""What a start page turns out to be (QA pass F, F3 and F4): a feed or a sitemap listed
under ``start_pages`` is read as one and said; real crawls of a site on 127.0.0.1."""

from __future__ import annotations

import gzip
from pathlib import Path

import pytest
from discovery_site import article, crawl_source, rss, urlset
from pageserver import PageServer
from scrapy.selector import Selector

from spiders.listing import article_signs

pytestmark = pytest.mark.timeout(150)


@pytest.fixture()
def server() -> PageServer:  # type: ignore[misc]
    with PageServer() as running:
        yield running


@pytest.mark.parametrize("kind", ["feed", "sitemap"])
def test_a_feed_or_sitemap_under_start_pages_is_read_as_one_and_said(
    server: PageServer, tmp_path: Path, kind: str
) -> None:
    urls = {article(server, f"/news/2026/12/misfiled-{kind}-{i}") for i in range(2)}
    if kind == "feed":
        listed = rss(server, "/feed.xml", [f"<title>t</title><link>{url}</link>" for url in urls])
    else:
        listed = urlset(server, "/sitemap.xml", sorted(urls))
    crawled = crawl_source(tmp_path, {"start_pages": [listed]})
    assert crawled.result.returncode == 0, crawled.log[-3000:]
    assert crawled.urls() == urls
    key = "feeds" if kind == "feed" else "sitemaps"
    (warning,) = [w for w in crawled.warnings() if "the start page" in w]
    assert listed in warning and f"is a {kind}" in warning and f"list it under {key}" in warning


def test_an_article_pattern_that_matches_no_link_is_said(
    server: PageServer, tmp_path: Path
) -> None:
    links = [article(server, f"/story/2026/12/pattern-miss-{i}") for i in range(2)]
    section = server.put(
        "/section/",
        "<html><body>" + "".join(f'<a href="{u}">x</a>' for u in links) + "</body></html>",
    )
    crawled = crawl_source(
        tmp_path,
        {"start_pages": [section], "link_rules": {"article_pattern": r"/articles/\d+"}},
    )
    assert crawled.result.returncode == 0, crawled.log[-3000:]
    assert crawled.urls() == set()
    (warning,) = [w for w in crawled.warnings() if "matched none" in w]
    # The section's 2 links, and the Home link of each article page followed as a listing.
    assert "'/articles/\\d+' matched none of the 4 links of 3 listing pages" in warning


def test_pages_followed_as_listing_pages_that_look_like_articles_are_said_once(
    server: PageServer, tmp_path: Path
) -> None:
    # URL shapes the default rule does not call articles (a BBC-style id, a numeric
    # page), whose pages say they are articles (og:type article, a published time).
    shapes = ["/news/articles/c4gz1e2z3xko", "/story/20261206/123456.html"]
    links = [article(server, path) for path in shapes]
    section = server.put(
        "/section/",
        "<html><body>" + "".join(f'<a href="{u}">A story</a>' for u in links) + "</body></html>",
    )
    crawled = crawl_source(tmp_path, {"start_pages": [section]})
    assert crawled.result.returncode == 0, crawled.log[-3000:]
    (warning,) = [w for w in crawled.warnings() if "look like articles" in w]
    assert "2 pages followed as listing pages" in warning
    assert "set link_rules.article_pattern" in warning


def test_a_next_page_named_only_in_the_head_is_followed(server: PageServer, tmp_path: Path) -> None:
    first = article(server, "/news/2026/12/on-the-first-page")
    second = article(server, "/news/2026/12/only-on-page-two")
    page_two = server.put("/section/?page=2", f'<html><body><a href="{second}">x</a></body></html>')
    section = server.put(
        "/section/",
        f'<html><head><link rel="next" href="{page_two}"></head>'
        f'<body><a href="{first}">x</a><button>Load more</button></body></html>',
    )
    crawled = crawl_source(tmp_path, {"start_pages": [section]})
    assert crawled.result.returncode == 0, crawled.log[-3000:]
    assert crawled.urls() == {first, second}


def test_a_gzipped_feed_without_content_encoding_is_read(
    server: PageServer, tmp_path: Path
) -> None:
    url = article(server, "/news/2026/12/from-a-gzipped-feed")
    feed = (
        '<?xml version="1.0"?><rss version="2.0"><channel><title>t</title>'
        f"<item><title>t</title><link>{url}</link></item></channel></rss>"
    )
    gz = server.put("/feed.xml.gz", gzip.compress(feed.encode()), content_type="application/x-gzip")
    crawled = crawl_source(tmp_path, {"feeds": [gz]})
    assert crawled.result.returncode == 0, crawled.log[-3000:]
    assert crawled.urls() == {url}
    assert "bad_feed" not in crawled.log


_TEASER_LD = (
    '<script type="application/ld+json">{"@context": "https://schema.org", '
    '"@type": "NewsArticle", "headline": "Harbour road closes"}</script>'
)


@pytest.mark.parametrize(
    ("head", "body", "signs"),
    [
        # A section front whose teasers carry their own article JSON-LD is no article.
        ('<meta property="og:type" content="website">', f"<div>{_TEASER_LD}</div>", False),
        ("", f'<div><meta property="og:type" content="article">{_TEASER_LD}</div>', False),
        (_TEASER_LD, "<p>The story.</p>", True),
        ('<meta property="og:type" content="article">', "<p>The story.</p>", True),
        ('<meta property="article:published_time" content="2026-12-07">', "", True),
    ],
)
def test_article_signs_are_read_on_the_head_only(head: str, body: str, signs: bool) -> None:
    page = f"<html><head><title>x</title>{head}</head><body>{body}</body></html>"
    assert article_signs(Selector(text=page)) is signs
