"""What the feed and sitemap readers take from an entry (QA pass F: F6 dates with zone
names, F7 sitemap extension fields, F8 RSS's "mail (Name)" author), read directly through
``aggregator.discovery``, and the stored result of a crawl where it reaches the article."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from discovery_site import bare, crawl_source, rss
from pageserver import PageServer

from aggregator.discovery import parse_feed, parse_sitemap

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


_SITEMAP_NS = (
    'xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" '
    'xmlns:news="http://www.google.com/schemas/sitemap-news/0.9" '
    'xmlns:image="http://www.google.com/schemas/sitemap-image/1.1" '
    'xmlns:video="http://www.google.com/schemas/sitemap-video/1.1"'
)


def _urlset(*entries: str) -> bytes:
    body = "".join(f"<url>{entry}</url>" for entry in entries)
    return f'<?xml version="1.0"?><urlset {_SITEMAP_NS}>{body}</urlset>'.encode()


def test_a_video_publication_date_is_the_clips_not_the_articles() -> None:
    # lastmod today, the clip from 2019: the article is fresh, not too_old.
    entries = parse_sitemap(
        _urlset(
            "<loc>https://example.org/news/fresh</loc><lastmod>2026-12-07T08:00:00Z</lastmod>"
            "<video:video><video:title>Archive clip</video:title>"
            "<video:publication_date>2019-03-01T10:00:00Z</video:publication_date>"
            "<video:content_loc>https://example.org/clip.mp4</video:content_loc></video:video>"
        ),
        "https://example.org/sitemap.xml",
        max_age=timedelta(days=7),
        now=NOW,
    )
    (link,) = entries.links
    assert link.url == "https://example.org/news/fresh"
    assert link.hints.published_at is None and link.hints.title is None
    assert not entries.skipped


def test_an_image_title_before_the_news_title_is_not_the_headline() -> None:
    entries = parse_sitemap(
        _urlset(
            "<loc>https://example.org/news/strike</loc>"
            "<image:image><image:loc>https://example.org/harbour.jpg</image:loc>"
            "<image:title>Photo: Harbour at dusk (Reuters)</image:title></image:image>"
            "<news:news><news:publication><news:name>QA</news:name>"
            "<news:language>de</news:language></news:publication>"
            "<news:publication_date>2026-12-06T09:00:00+01:00</news:publication_date>"
            "<news:title>Strike ends at the harbour</news:title></news:news>"
        ),
        "https://example.org/sitemap.xml",
        now=NOW,
    )
    (link,) = entries.links
    assert link.url == "https://example.org/news/strike"
    assert link.hints.title == "Strike ends at the harbour"
    assert link.hints.language == "de"
    assert link.hints.published_at == datetime(2026, 12, 6, 8, 0, tzinfo=UTC)


@pytest.mark.parametrize(
    ("written", "authors"),
    [
        ("jane@example.com (Jane Doe)", ("Jane Doe",)),
        ("jane@example.com", ()),
        ("Jane Doe", ("Jane Doe",)),
    ],
)
def test_an_rss_author_gives_the_name_after_the_address(
    written: str, authors: tuple[str, ...]
) -> None:
    entries = parse_feed(
        _rss(f"<link>https://example.org/a</link><author>{written}</author>"),
        "https://example.org/feed",
        now=NOW,
    )
    assert entries.links[0].hints.authors == authors


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
