"""Dates that state their zone, from every place they come (QA pass f43, findings 1, 3
and 4): a feed's time that states its zone is that moment whatever the page's offset; an
ISO 8601 date followed by a zone's name ("… CET") is in that zone; a JSON-LD epoch given
as a number is read as its string is.

Every case goes through ``aggregator.extract`` (with ``FeedHints`` as the public API
takes them) or ``parse_date``; each failed on the code before the fix, but where a
comment says it pins what already held.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta, timezone

import pytest
from conftest import utc

from aggregator import extract
from aggregator.parser.dates import parse_date, parse_local
from aggregator.parser.dates.formats import UNSTATED
from aggregator.schema import Article, FeedHints

FETCHED = datetime(2026, 12, 6, 9, 0, tzinfo=UTC)
_TEXT = (
    "<p>The harbour council met again on Tuesday to debate the bridge budget and the "
    "repairs the railway station needs before the winter timetable starts.</p>"
) * 4


def _page(ld: dict[str, object]) -> str:
    script = json.dumps({"@context": "https://schema.org", "@type": "NewsArticle", **ld})
    return (
        '<html lang="en"><head><title>Bridge vote</title>'
        f'<script type="application/ld+json">{script}</script></head><body><article>'
        f"<h1>Bridge vote</h1>{_TEXT}</article></body></html>"
    )


def _extract(html: str, hints: FeedHints | None = None) -> Article:
    return extract(html, "https://x.example/news/bridge", hints=hints, fetched_at=FETCHED)


_EVENING_UTC = utc(2026, 12, 1, 20, 0)


@pytest.mark.parametrize(
    ("ld", "hints", "field", "expected"),
    [
        # The QA's repro: a New York page, the feed's <updated> in UTC.
        (
            {"datePublished": "2026-12-01T08:00:00-05:00"},
            FeedHints(updated_at=_EVENING_UTC),
            "updated",
            _EVENING_UTC,
        ),
        # A Berlin page: 20:00Z was stored an hour early.
        (
            {"datePublished": "2026-12-01T08:00:00+01:00"},
            FeedHints(updated_at=_EVENING_UTC),
            "updated",
            _EVENING_UTC,
        ),
        # The feed's offset, where discovery keeps it, is the same moment.
        (
            {"datePublished": "2026-12-01T08:00:00-05:00"},
            FeedHints(
                updated_at=datetime(2026, 12, 1, 15, 0, tzinfo=timezone(timedelta(hours=-5)))
            ),
            "updated",
            _EVENING_UTC,
        ),
        # The publication from the feed, on a page that dates only its update.
        (
            {"dateModified": "2026-12-02T08:00:00-05:00"},
            FeedHints(published_at=_EVENING_UTC),
            "published",
            _EVENING_UTC,
        ),
    ],
)
def test_a_feed_time_that_states_its_zone_is_that_moment_on_a_page_of_another_offset(
    ld: dict[str, object], hints: FeedHints, field: str, expected: datetime
) -> None:
    art = _extract(_page(ld), hints)
    assert getattr(art, f"{field}_at") == expected
    assert art.provenance[f"{field}_at"] == "feed"
    # Discovery keeps the moment only: the page's offset is not claimed for it.
    assert getattr(art, f"{field}_offset") is None


def test_a_feed_moment_takes_the_offset_the_page_prints_it_in() -> None:
    # As a UTC metadata moment does: the byline prints 20:00Z as 3 PM Eastern.
    html = _page({"headline": "Bridge vote"}).replace(
        "<h1>Bridge vote</h1>",
        '<h1>Bridge vote</h1><p class="byline">By Jane Reporter, December 1, 2026 3:00 PM EST</p>',
    )
    art = _extract(html, FeedHints(published_at=_EVENING_UTC))
    assert (art.published_at, art.published_offset) == (_EVENING_UTC, -300)
    assert art.provenance["published_at"] == "feed"


def test_a_feed_time_without_a_zone_is_read_in_the_page_s_zone() -> None:
    # Pins what already held, the one case a feed time takes the page's offset: a
    # FeedHints time given naive (discovery gives every feed time its zone, UTC where
    # the feed writes none) states no zone.
    page = _page({"datePublished": "2026-12-01T08:00:00-05:00"})
    art = _extract(page, FeedHints(updated_at=datetime(2026, 12, 1, 15, 0)))
    assert (art.updated_at, art.updated_offset) == (_EVENING_UTC, -300)


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("2026-12-01T23:30:00 CET", utc(2026, 12, 1, 22, 30)),
        ("2026-12-01T23:30:00 EST", utc(2026, 12, 2, 4, 30)),
        ("2026-12-01 23:30 CEST", utc(2026, 12, 1, 21, 30)),
        ("2026-12-01 23:30 (BST)", utc(2026, 12, 1, 22, 30)),
        ("2026-12-01 23:30:00 IST", utc(2026, 12, 1, 18, 0)),
        ("2026-12-01T23:30 JST", utc(2026, 12, 1, 14, 30)),
        # A US zone written without its summer hour, with it where it is on.
        ("2026-12-01T18:30:00 ET", utc(2026, 12, 1, 23, 30)),
        ("2026-07-01T18:30:00 ET", utc(2026, 7, 1, 22, 30)),
    ],
)
def test_an_iso_date_followed_by_a_zone_s_name_is_in_that_zone(
    raw: str, expected: datetime
) -> None:
    assert parse_date(raw, fetched_at=FETCHED) == expected


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        # Pins what already held: an offset after GMT is the ISO pattern's own.
        ("2026-12-01 23:30 GMT+1", utc(2026, 12, 1, 22, 30)),
        # A zone that is a word too counts in capitals only, as elsewhere; another word
        # is no zone; a day alone takes none.
        ("2026-12-01 23:30 est", utc(2026, 12, 1, 23, 30)),
        ("2026-12-01 23:30 Uhr", utc(2026, 12, 1, 23, 30)),
        ("2026-12-01 CET", utc(2026, 12, 1)),
    ],
)
def test_what_is_no_zone_after_an_iso_date_is_read_as_before(raw: str, expected: datetime) -> None:
    assert parse_date(raw, fetched_at=FETCHED) == expected


def test_a_json_ld_date_with_a_zone_s_name_is_stored_in_that_zone() -> None:
    art = _extract(_page({"datePublished": "2026-12-01T23:30:00 CET"}))
    assert (art.published_at, art.published_offset) == (utc(2026, 12, 1, 22, 30), 60)


@pytest.mark.parametrize("epoch", [1764633600, 1764633600000])
def test_a_json_ld_epoch_given_as_a_number_is_read_as_its_string(epoch: int) -> None:
    number = _extract(_page({"datePublished": epoch}))
    assert number.published_at == utc(2025, 12, 2)
    string = _extract(_page({"datePublished": str(epoch)}))
    assert (number.published_at, number.published_offset, number.provenance["published_at"]) == (
        string.published_at,
        string.published_offset,
        string.provenance["published_at"],
    )


def test_a_json_ld_epoch_number_counts_among_the_page_s_stated_offsets() -> None:
    # A clock without an offset takes the one offset the page's metadata writes; an epoch
    # states UTC, so beside a -05:00 stamp there are two and the clock is read as UTC,
    # as the epoch's string already made it.
    ld = {"dateCreated": "2025-12-01T19:00:00-05:00", "dateModified": "2025-12-02T10:00:00"}
    number = _extract(_page({**ld, "datePublished": 1764633600}))
    string = _extract(_page({**ld, "datePublished": "1764633600"}))
    assert (number.updated_at, number.updated_offset) == (string.updated_at, string.updated_offset)
    assert number.updated_at == utc(2025, 12, 2, 10)


def test_a_json_ld_boolean_is_no_epoch() -> None:
    assert _extract(_page({"datePublished": True})).provenance.get("published_at") != "json-ld"


def test_rfc_5322s_minus_zero_offset_is_utc_not_an_unstated_zone() -> None:
    # "-0000" (RFC 5322 3.3: UTC, the writer's local zone unknown) states its moment, so a
    # source's page_timezone is not read into it, as "+0000" is not; the feed reader says
    # the same since stop 45 (tests/test_discovery_feed_dates.py).
    written = parse_local("Tue, 10 Jun 2025 21:41:00 -0000")
    assert written == datetime(2025, 6, 10, 21, 41, tzinfo=UTC)
    assert written is not None and written.tzinfo is UTC
    unstated = parse_local("Tue, 10 Jun 2025 21:41:00")
    assert unstated is not None and unstated.tzinfo is UNSTATED
