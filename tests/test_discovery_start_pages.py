"""What a start page turns out to be (QA pass F, F3 and F4): a feed or a sitemap listed
under ``start_pages`` is read as one and said; real crawls of a site on 127.0.0.1."""

from __future__ import annotations

from pathlib import Path

import pytest
from discovery_site import article, crawl_source, rss, urlset
from pageserver import PageServer

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
