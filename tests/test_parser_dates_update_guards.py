"""Where a page prints its publication in a form the publication rules do not read, the
printed update does not replace it (stop 47 review, findings 1, 5 and 7; docs/parser.md
"Updates").

Every page goes through ``aggregator.extract``, fetched on 5 December 2026 at 18:00 UTC
(``test_parser_dates_update_alone``'s page). The guards go in the direction of the
convention before stop 47: the update is the publication less often, never more.
"""

from __future__ import annotations

import pytest
from gazette_page import TEXT, extract_news_page

from aggregator.parser.dates import PRINTED_UPDATE

# The found publication: JSON-LD's 20 November, stated in UTC.
_LD = (
    '<script type="application/ld+json">{"@type": "NewsArticle", "headline": "Council '
    'approves transport budget", "datePublished": "2026-11-20T09:00:00+00:00", '
    '"dateModified": "2026-12-03T16:41:46+00:00"}</script>'
)
_UPDATED = '<span class="updated">Updated 3 Dec 2026</span>'


@pytest.mark.parametrize(
    "printed",
    [
        '<span class="date">20 Nov</span>',  # a day and month, no year
        '<span class="publish-date">20 Nov</span>',
        "<span>Published: 20 Nov</span>",
        '<span class="byline">By Jane Doe, Nov. 20</span>',
        "<span>Friday 20 November</span>",
        "<time>Nov 20</time>",  # no datetime attribute
        '<amp-timeago datetime="2026-11-20T09:00:00Z" layout="fixed">Nov 20</amp-timeago>',
        # The attribute alone (AMP writes the text with a script).
        '<amp-timeago datetime="2026-11-20T09:00:00Z" layout="fixed"></amp-timeago>',
        '<span class="ago">15 days ago</span>',  # counted back from the fetch
        "<span>2 weeks ago</span>",  # 21 November: the day after in UTC, the zone unknown
    ],
)
def test_a_publication_printed_without_its_year_or_as_time_ago_stays(printed: str) -> None:
    art = extract_news_page(_LD, f'<div class="meta">{printed} · {_UPDATED}</div>')
    assert art.provenance["published_at"] != PRINTED_UPDATE
    assert art.published_at is not None and art.published_at.date().isoformat() == "2026-11-20"
    assert art.updated_at is not None and art.updated_at.date().isoformat() == "2026-12-03"


@pytest.mark.parametrize(
    "printed",
    [
        '<span class="date">18 Nov</span>',  # another day
        "<span>Nov 12</span>",
        "<span>3 days ago</span>",  # 2 December
        '<amp-timeago datetime="2026-11-12T09:00:00Z" layout="fixed"></amp-timeago>',
        "<span>Nov 20, 2019</span>",  # the day, in another year (no longer yearless)
    ],
)
def test_another_day_printed_so_leaves_the_update_the_publication(printed: str) -> None:
    art = extract_news_page(_LD, f'<div class="meta">{printed} · {_UPDATED}</div>')
    assert art.provenance["published_at"] == PRINTED_UPDATE


# Finding 1: a US evening publication stated in UTC falls on the next UTC day.
_EVENING_UTC = '<meta property="article:published_time" content="2026-11-21T07:30:00Z">'


@pytest.mark.parametrize(
    "byline",
    [
        # No zone known (a byline no rule reads is no witness of the moment): the UTC
        # day's neighbours count, whether the clock is printed or not.
        "<p>By Jane Doe, November 20, 2026 11:30 PM PST</p>",
        "<p>By Jane Doe, November 20, 2026</p>",
    ],
)
def test_an_evening_publication_in_utc_printed_the_day_before_stays(byline: str) -> None:
    art = extract_news_page(_EVENING_UTC, f"{byline}<p>Updated: December 3, 2026</p>")
    assert art.provenance["published_at"] == "meta"
    assert art.published_at is not None
    assert art.published_at.isoformat() == "2026-11-21T07:30:00+00:00"


def test_a_byline_two_days_before_a_utc_publication_leaves_the_update() -> None:
    art = extract_news_page(
        _EVENING_UTC, "<p>By Jane Doe, November 19, 2026</p><p>Updated: December 3, 2026</p>"
    )
    assert art.provenance["published_at"] == PRINTED_UPDATE


def test_an_update_on_the_same_utc_day_as_an_evening_publication_is_no_later_day() -> None:
    # 23:30 PST on 2 December and 00:10 PST on 3 December: both 3 December in UTC
    # (_later_day's UTC check).
    art = extract_news_page(
        '<meta property="article:published_time" content="2026-12-02T23:30:00-08:00">',
        '<p class="update-time">Updated December 3, 2026 00:10 PST</p>',
    )
    assert art.provenance["published_at"] == "meta"
    assert art.updated_at is not None and art.updated_at.isoformat() == "2026-12-03T08:10:00+00:00"


def test_a_day_after_the_text_is_no_publication_line() -> None:
    # The tail of the block around the text comes after it (_top_pieces' tail guard).
    art = extract_news_page(
        '<meta property="article:published_time" content="2026-11-20T09:00:00Z">',
        f'<p class="update-time">Updated December 3, 2026</p><div class="article-body">'
        f"{TEXT}</div>20 November 2026",
    )
    assert art.provenance["published_at"] == PRINTED_UPDATE


def test_the_day_in_the_offset_another_witness_states_is_the_printed_one() -> None:
    # Another witness writes the moment at -08:00: the chain reads it as printed, 20
    # November (so already before the review's fix; kept beside the cases it changed).
    art = extract_news_page(
        _EVENING_UTC + '<meta name="pubdate" content="2026-11-20T23:30:00-08:00">',
        "<p>By Jane Doe, November 20, 2026</p><p>Updated: December 3, 2026</p>",
    )
    assert art.provenance["published_at"] == "meta"


@pytest.mark.parametrize(("byline_day", "kept"), [("21", True), ("19", False)])
def test_a_utc_publication_is_read_in_the_page_s_zone_where_one_is_known(
    byline_day: str, kept: bool
) -> None:
    # A Japanese page (+09:00, ``page_zone``): 16:00Z on 20 November is the 21st there,
    # and the day before in UTC is no neighbour taken on trust.
    art = extract_news_page(
        '<meta property="article:published_time" content="2026-11-20T16:00:00Z">',
        f"<p>山田太郎 2026年11月{byline_day}日</p><p>更新 2026年12月3日</p>",
        lang="ja",
    )
    assert (art.provenance["published_at"] != PRINTED_UPDATE) is kept
