"""Feed dates as real feeds write them (review of disc-45): RFC 822 with an offset or a zone
abbreviation, a 12-hour clock (its AM/PM is no zone name), ISO 8601 with Z or an offset,
zone-less dates, and RFC 5322's "-0000" (UTC, the writer's local zone unknown), read
through ``aggregator.discovery.parse_feed`` and, for "-0000", a crawl with a page_timezone."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest
from discovery_site import bare, crawl_source, rss
from pageserver import PageServer

from aggregator.discovery import parse_feed
from aggregator.parser.dates.formats import UNSTATED

NOW = datetime(2026, 12, 7, 12, 0, tzinfo=UTC)


def _feed_date(written: str) -> tuple[datetime | None, int]:
    """The date hint a one-item RSS feed's pubDate gives, and the entries whose date was ignored."""
    body = f"<item><link>https://example.org/a</link><pubDate>{written}</pubDate></item>"
    entries = parse_feed(
        f'<?xml version="1.0"?><rss version="2.0"><channel><title>t</title>{body}'
        "</channel></rss>".encode(),
        "https://example.org/feed",
        now=NOW,
    )
    (link,) = entries.links
    return link.hints.published_at, entries.skipped["date_ignored"]


def _utc(*parts: int) -> datetime:
    return datetime(*parts, tzinfo=UTC)  # type: ignore[misc]


def _clock(*parts: int) -> datetime:
    """A moment that states no zone: the source's page_timezone is read into it later."""
    return datetime(*parts, tzinfo=UNSTATED)  # type: ignore[misc]


@pytest.mark.parametrize(
    ("written", "moment"),
    [
        ("Tue, 10 Jun 2025 09:41:00 +0200", _utc(2025, 6, 10, 7, 41)),
        ("Tue, 10 Jun 2025 09:41:00 +0000", _utc(2025, 6, 10, 9, 41)),
        ("Tue, 10 Jun 2025 09:41:00 GMT", _utc(2025, 6, 10, 9, 41)),
        ("Tue, 10 Jun 2025 09:41:00 CEST", _utc(2025, 6, 10, 7, 41)),
        ("Tue, 10 Jun 2025 09:41:00 EST", _utc(2025, 6, 10, 14, 41)),
        ("Tue, 10 Jun 2025 09:41 AM", _clock(2025, 6, 10, 9, 41)),
        ("Tue, 10 Jun 2025 09:41 PM", _clock(2025, 6, 10, 21, 41)),
        ("Tue, 10 Jun 2025 12:05 am", _clock(2025, 6, 10, 0, 5)),
        ("Tue, 10 Jun 2025 9:41 p.m.", _clock(2025, 6, 10, 21, 41)),
        ("Tue, 10 Jun 2025 09:41 PM EST", _utc(2025, 6, 11, 2, 41)),
        ("06/10/2025 09:41:01 PM", _clock(2025, 6, 10, 21, 41, 1)),
        ("2025-06-10T09:41:00Z", _utc(2025, 6, 10, 9, 41)),
        ("2025-06-10T09:41:00+02:00", _utc(2025, 6, 10, 7, 41)),
        ("2025-06-10T09:41:00", _clock(2025, 6, 10, 9, 41)),
        ("2025-06-10 09:41", _clock(2025, 6, 10, 9, 41)),
        ("Tue, 10 Jun 2025 09:41:00 -0000", _utc(2025, 6, 10, 9, 41)),
    ],
)
def test_a_feed_date_is_read_as_written(written: str, moment: datetime) -> None:
    read, ignored = _feed_date(written)
    assert (read, ignored) == (moment, 0)
    # By identity: UNSTATED equals UTC as a zone of offset 0.
    assert (read.tzinfo is UNSTATED) == (moment.tzinfo is UNSTATED), read.tzinfo


@pytest.mark.parametrize(
    "written",
    [
        "Tue, 10 Jun 2025 09:41:00 XYZ",
        "Tue, 10 Jun 2025 9:41 PMT",
        "Tue, 10 Jun 2025 09:41 PM XYZ",
        "Tue, 10 Jun 2025 9:41 p.m. XYZ",
    ],
)
def test_a_zone_nobody_knows_is_still_ignored(written: str) -> None:
    assert _feed_date(written) == (None, 1)


@pytest.fixture
def server() -> PageServer:  # type: ignore[misc]
    with PageServer() as running:
        yield running


def test_a_minus_zero_date_is_utc_not_the_sources_page_timezone(
    server: PageServer, tmp_path: Path
) -> None:
    url = bare(server, "/news/minus-zero")
    written = "Sat, 05 Dec 2026 10:00:00 -0000"  # email.utils.formatdate's UTC
    feed = rss(server, "/feed.xml", [f"<link>{url}</link><pubDate>{written}</pubDate>"])
    crawled = crawl_source(tmp_path, {"feeds": [feed], "page_timezone": "Asia/Tokyo"})
    assert crawled.result.returncode == 0, crawled.log[-3000:]
    stored = crawled.rows("SELECT published_at FROM articles WHERE url = ?", (url,))
    assert stored and datetime.fromisoformat(stored[0][0]) == _utc(2026, 12, 5, 10, 0), (
        stored,
        crawled.log[-3000:],
    )
