"""What the feed and sitemap readers take from an entry (QA pass F: F6 dates with zone
names, F7 sitemap extension fields, F8 RSS's "mail (Name)" author), read directly through
``aggregator.discovery``, and the stored result of a crawl where it reaches the article."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest
from discovery_site import bare, crawl_source, rss
from pageserver import PageServer

from aggregator.discovery import parse_feed

NOW = datetime(2026, 12, 7, 12, 0, tzinfo=UTC)


def _rss(*items: str) -> bytes:
    body = "".join(f"<item>{item}</item>" for item in items)
    return (
        '<?xml version="1.0"?><rss version="2.0" xmlns:dc="http://purl.org/dc/elements/1.1/">'
        f"<channel><title>t</title>{body}</channel></rss>"
    ).encode()


@pytest.mark.parametrize(
    ("written", "moment"),
    [
        ("Sat, 05 Dec 2026 10:00:00 CEST", datetime(2026, 12, 5, 8, 0, tzinfo=UTC)),
        ("Sat, 05 Dec 2026 10:00:00 JST", datetime(2026, 12, 5, 1, 0, tzinfo=UTC)),
        ("Sat, 05 Dec 2026 10:00:00 MSK", datetime(2026, 12, 5, 7, 0, tzinfo=UTC)),
        ("Sat, 05 Dec 2026 10:00:00 GMT", datetime(2026, 12, 5, 10, 0, tzinfo=UTC)),
        ("Sat, 05 Dec 2026 10:00:00 +0100", datetime(2026, 12, 5, 9, 0, tzinfo=UTC)),
    ],
)
def test_a_feed_date_is_read_in_the_zone_it_names(written: str, moment: datetime) -> None:
    entries = parse_feed(
        _rss(f"<link>https://example.org/a</link><pubDate>{written}</pubDate>"),
        "https://example.org/feed",
        now=NOW,
    )
    (link,) = entries.links
    assert link.hints.published_at == moment


def test_a_feed_date_in_a_zone_nobody_knows_is_ignored_not_taken_as_utc() -> None:
    entries = parse_feed(
        _rss("<link>https://example.org/a</link><pubDate>Sat, 05 Dec 2026 10:00:00 XYZ</pubDate>"),
        "https://example.org/feed",
        now=NOW,
    )
    assert entries.links[0].hints.published_at is None
    assert entries.skipped["date_ignored"] == 1


@pytest.fixture()
def server() -> PageServer:  # type: ignore[misc]
    with PageServer() as running:
        yield running


def test_a_zone_less_feed_date_is_read_in_the_sources_page_timezone(
    server: PageServer, tmp_path: Path
) -> None:
    url = bare(server, "/news/zone-less-date")
    feed = rss(server, "/feed.xml", [f"<link>{url}</link><pubDate>2026-12-05 10:00:00</pubDate>"])
    crawled = crawl_source(tmp_path, {"feeds": [feed], "page_timezone": "Europe/Berlin"})
    assert crawled.result.returncode == 0, crawled.log[-3000:]
    stored = crawled.rows("SELECT published_at FROM articles WHERE url = ?", (url,))
    assert stored and datetime.fromisoformat(stored[0][0]) == datetime(
        2026, 12, 5, 9, 0, tzinfo=UTC
    ), (stored, crawled.log[-3000:])
