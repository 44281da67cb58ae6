"""One URL listed by a feed and by a listing page: the feed's hints are kept whichever
document the crawl reads first, and link text that calls to read on is no title (QA pass
F, F5). A real crawl of a site on 127.0.0.1 whose server orders the answers."""

from __future__ import annotations

import time
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

import pytest
from discovery_site import RSS, article, bare, crawl_source
from pageserver import PageServer

from aggregator.discovery import title_hint

pytestmark = pytest.mark.timeout(150)


@pytest.fixture()
def server() -> PageServer:  # type: ignore[misc]
    with PageServer() as running:
        yield running


Answer = tuple[int, dict[str, str], bytes]


def _after(
    server: PageServer, path: str, answer: Callable[[], Answer]
) -> Callable[[dict[str, str]], Answer]:
    """A route that answers once ``path`` was requested (at most 10 s later): the server,
    not the test, orders the crawl's answers."""

    def route(_headers: dict[str, str]) -> Answer:
        deadline = time.monotonic() + 10
        while server.hits(path) == 0 and time.monotonic() < deadline:
            time.sleep(0.02)  # a bounded wait inside the server's handler thread
        return answer()

    return route


def test_a_feeds_hints_outrank_a_listing_pages_link_text_read_first(
    server: PageServer, tmp_path: Path
) -> None:
    url = bare(server, "/news/2026/12/bridge-reopens-after-storm")
    later = article(server, "/news/2026/12/after-the-feed-story")
    bridge_page = server.routes["/news/2026/12/bridge-reopens-after-storm"].body
    assert isinstance(bridge_page, bytes)
    server.put(
        "/section.html",
        f'<html><body><p>Bridge</p><a href="{url}">Read more »</a></body></html>',
    )
    feed = (
        '<?xml version="1.0"?><rss version="2.0" xmlns:dc="http://purl.org/dc/elements/1.1/">'
        f"<channel><title>t</title><item><title>Bridge reopens after storm repairs</title>"
        f"<link>{url}</link><dc:creator>Carla Combo</dc:creator>"
        "<pubDate>Sat, 05 Dec 2026 07:00:00 GMT</pubDate></item>"
        f"<item><title>Later</title><link>{later}</link></item></channel></rss>"
    ).encode()
    # The listing page's request for the article comes first; the feed answers after it,
    # and the article page only once the crawl has read the feed (it then asks for `later`).
    server.put(
        "/feed.xml",
        _after(
            server,
            "/news/2026/12/bridge-reopens-after-storm",
            lambda: (200, {"Content-Type": RSS}, feed),
        ),
    )
    server.put(
        "/news/2026/12/bridge-reopens-after-storm",
        _after(
            server,
            "/news/2026/12/after-the-feed-story",
            lambda: (200, {"Content-Type": "text/html; charset=utf-8"}, bridge_page),
        ),
    )
    crawled = crawl_source(
        tmp_path,
        {
            "feeds": [server.url("/feed.xml")],
            "start_pages": [server.url("/section.html")],
            "politeness": {
                "download_delay": 0,
                "autothrottle": False,
                "obey_robots": False,
                "concurrency_per_domain": 4,
            },
        },
    )
    assert crawled.result.returncode == 0, crawled.log[-3000:]
    rows = crawled.rows(
        "SELECT headline, authors, published_at FROM articles WHERE url = ?", (url,)
    )
    assert rows, crawled.log[-3000:]
    headline, authors, published = rows[0]
    assert headline == "Bridge reopens after storm repairs"
    assert "Carla Combo" in authors
    assert datetime.fromisoformat(published) == datetime(2026, 12, 5, 7, 0, tzinfo=UTC)


@pytest.mark.parametrize(
    ("text", "hint"),
    [
        ("Read more »", None),
        ("Continue reading", None),
        ("Weiterlesen →", None),
        ("»", None),
        ("Bridge", None),
        ("  Bridge reopens after\n storm repairs ", "Bridge reopens after storm repairs"),
        ("More than 100 homes flooded", "More than 100 homes flooded"),
    ],
)
def test_link_text_that_calls_to_read_on_is_no_title_hint(text: str, hint: str | None) -> None:
    assert title_hint(text) == hint
