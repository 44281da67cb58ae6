"""A source's ``page_timezone``: the zone its pages print clock times in (stop 38).

A page that prints "14:05 Uhr" and states no offset anywhere was stored as
14:05 UTC. With the operator's zone it is read in that zone, daylight saving
included; a page that states its own offset keeps it. Through
``aggregator.extract`` on hand-made pages, and one crawl on 127.0.0.1 into a
real SQLite file with the config key.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from conftest import run_cli
from pageserver import PageServer
from test_crawl_stubborn import POLITENESS, crawl_logged, rss
from test_parser_dates_cms_shapes import _next_page, _story

from aggregator import extract
from aggregator.config import Selectors
from storage.db import open_db

FETCHED = datetime(2026, 12, 5, 8, 0, tzinfo=UTC)
BERLIN = ZoneInfo("Europe/Berlin")
#: A time ago is read alike whatever zone the source prints its clocks in.
ANY_ZONE = pytest.mark.parametrize(
    "zone", [None, BERLIN, ZoneInfo("America/New_York")], ids=["no-zone", "berlin", "new-york"]
)


def page(printed: str, head: str = "") -> str:
    paragraphs = "".join(
        f"<p>Der Hafenrat hat am Dienstag, Teil {n}, einen Plan für den neuen Fähranleger "
        "des Viertels beschlossen, der im kommenden Jahr gebaut werden soll.</p>"
        for n in range(4)
    )
    return (
        f'<html lang="de"><head><title>Fähranleger</title>{head}</head><body><article>'
        f'<h1>Hafenrat beschließt Fähranleger</h1><p class="byline">Von Anna Weber</p>'
        f'<p class="date">{printed}</p>{paragraphs}</article></body></html>'
    )


@pytest.mark.parametrize(
    ("printed", "head", "zone", "published", "offset"),
    [
        # A wall clock, no offset anywhere: UTC without the key, the zone's with it.
        ("4. Dezember 2026, 14:05 Uhr", "", None, "2026-12-04T14:05:00+00:00", None),
        ("4. Dezember 2026, 14:05 Uhr", "", BERLIN, "2026-12-04T13:05:00+00:00", 60),
        # Summer time: the zone's rules, not one fixed offset.
        ("4. Juli 2026, 14:05 Uhr", "", BERLIN, "2026-07-04T12:05:00+00:00", 120),
        ("04.12.2026 14:05", "", BERLIN, "2026-12-04T13:05:00+00:00", 60),
        # The page's own offset outranks the operator's word.
        (
            "4. Dezember 2026, 14:05 Uhr",
            '<meta property="article:published_time" content="2026-12-04T14:05:00-05:00">',
            BERLIN,
            "2026-12-04T19:05:00+00:00",
            -300,
        ),
        # A day alone starts at midnight in the zone.
        ("4. Dezember 2026", "", BERLIN, "2026-12-03T23:00:00+00:00", 60),
    ],
    ids=["no-zone", "winter", "summer", "numeric", "page-offset-wins", "day-alone"],
)
def test_a_wall_clock_is_read_in_the_sources_zone(
    printed: str, head: str, zone: ZoneInfo | None, published: str, offset: int | None
) -> None:
    article = extract(
        page(printed, head),
        "https://hafen.example/news/faehre",
        fetched_at=FETCHED,
        local_zone=zone,
    )
    assert article.published_at is not None
    assert article.published_at.isoformat() == published
    assert article.published_offset == offset


def test_a_crawl_stores_the_time_in_the_sources_zone(tmp_path: Path) -> None:
    with PageServer() as site:
        site.put("/news/faehre", page("4. Dezember 2026, 14:05 Uhr"))
        feed = site.put("/feed.xml", rss("/news/faehre"), content_type="application/rss+xml")
        stored = {}
        for zone in (None, "Europe/Berlin"):
            home = tmp_path / (zone or "utc").replace("/", "-")
            extra = {"page_timezone": zone} if zone else {}
            _, _, urls = crawl_logged(site, home, feeds=[feed], **extra)
            assert urls == [site.url("/news/faehre")]
            db = open_db(home / "news.db", read_only=True)
            stored[zone] = db.execute("SELECT published_at FROM articles").fetchone()[0]
            db.close()
    assert stored[None].startswith("2026-12-04T14:05:00")
    assert stored["Europe/Berlin"].startswith("2026-12-04T13:05:00")


def test_a_zone_that_does_not_exist_sets_the_source_aside_in_one_line(tmp_path: Path) -> None:
    config = tmp_path / "config.yaml"
    source = {
        "name": "hafen",
        "feeds": ["http://127.0.0.1:9/feed.xml"],
        "page_timezone": "Europe/Hafenstadt",
        "politeness": POLITENESS,
    }
    config.write_text(json.dumps({"database": str(tmp_path / "news.db"), "sources": [source]}))
    result = run_cli("--config", str(config), "crawl", "hafen", timeout=60)
    assert result.returncode == 2
    lines = [line for line in result.stderr.splitlines() if "page_timezone" in line]
    assert len(lines) == 1
    assert "sources[0].page_timezone (source 'hafen')" in lines[0]
    assert "expected an IANA time zone such as UTC or Europe/Berlin" in lines[0]


def relative_page(printed: str, lang: str) -> str:
    return page(printed).replace('<html lang="de">', f'<html lang="{lang}">')


@pytest.mark.parametrize(
    ("printed", "lang", "zone", "offset"),
    [
        ("vor 2 Stunden", "de", None, None),
        ("vor 2 Stunden", "de", BERLIN, 60),
        # West of UTC: read as the zone's clock again, it landed after the fetch.
        ("2 hours ago", "en", ZoneInfo("America/New_York"), -300),
        # Japanese pages take +09:00 from their language: the same misreading, before.
        ("2 hours ago", "ja", None, 540),
    ],
    ids=["no-zone", "berlin", "new-york", "japanese"],
)
def test_a_time_ago_is_counted_from_the_fetch_whatever_the_zone(
    printed: str, lang: str, zone: ZoneInfo | None, offset: int | None
) -> None:
    article = extract(
        relative_page(printed, lang),
        "https://hafen.example/news/faehre",
        fetched_at=FETCHED,
        local_zone=zone,
    )
    assert article.published_at == datetime(2026, 12, 5, 6, 0, tzinfo=UTC)
    assert article.published_offset == offset


@pytest.mark.parametrize(
    "head",
    [
        '<meta property="article:published_time" content="3 hours ago">',
        '<script type="application/ld+json">{"@type": "NewsArticle", '
        '"headline": "Hafenrat beschließt Fähranleger", "datePublished": "3 hours ago"}</script>',
    ],
    ids=["meta", "json-ld"],
)
@ANY_ZONE
def test_a_time_ago_a_tag_declares_is_counted_from_the_fetch_whatever_the_zone(
    head: str, zone: ZoneInfo | None
) -> None:
    """A meta tag's or JSON-LD's "3 hours ago" is three hours before the fetch: counted
    from the UTC fetch time and read in the source's zone, it was off by the zone's
    offset, in New York five hours after the fetch (review 52, F6)."""
    article = extract(
        page("", head), "https://hafen.example/news/faehre", fetched_at=FETCHED, local_zone=zone
    )
    assert article.published_at == datetime(2026, 12, 5, 5, 0, tzinfo=UTC)


@ANY_ZONE
def test_a_time_ago_a_date_selector_reads_is_counted_from_the_fetch_whatever_the_zone(
    zone: ZoneInfo | None,
) -> None:
    """A source's ``selectors: {published_at: …}`` on a printed "3 hours ago": the same
    reading as the automatic rules' (it was 2 hours after the fetch in New York)."""
    article = extract(
        relative_page("3 hours ago", "en"),
        "https://hafen.example/news/faehre",
        selectors=Selectors(published_at="p.date"),
        fetched_at=FETCHED,
        local_zone=zone,
    )
    assert article.provenance["published_at"] == "override"
    assert article.published_at == datetime(2026, 12, 5, 5, 0, tzinfo=UTC)


@ANY_ZONE
def test_a_time_ago_an_apps_own_record_gives_is_counted_from_the_fetch_whatever_the_zone(
    zone: ZoneInfo | None,
) -> None:
    """A Next.js record's "3 hours ago" (__NEXT_DATA__, where the page prints no date):
    the same reading as a meta tag's (it was 2 hours after the fetch in New York)."""
    html = _next_page({"props": {"pageProps": {"article": _story(publishedAt="3 hours ago")}}})
    article = extract(
        html,
        "https://www.gazette.com/news/council-approves-budget",
        fetched_at=FETCHED,
        local_zone=zone,
    )
    assert article.published_at == datetime(2026, 12, 5, 5, 0, tzinfo=UTC)


def test_today_without_a_clock_is_the_fetch_time_in_the_sources_zone() -> None:
    article = extract(
        page("Heute"), "https://hafen.example/news/faehre", fetched_at=FETCHED, local_zone=BERLIN
    )
    assert article.published_at == FETCHED


def test_the_hosts_own_zone_is_refused(tmp_path: Path) -> None:
    config = tmp_path / "config.yaml"
    source = {
        "name": "hafen",
        "feeds": ["http://127.0.0.1:9/feed.xml"],
        "page_timezone": "localtime",
    }
    config.write_text(json.dumps({"database": str(tmp_path / "news.db"), "sources": [source]}))
    result = run_cli("--config", str(config), "crawl", "hafen", timeout=60)
    assert result.returncode == 2
    assert "not the host's" in result.stderr
