"""What the review of round 13's date change found (docs/benchmarks.md, "Review fixes"):
a pattern that backtracked for a minute on one long word, htmldate's day swapped on a
page that writes it, a later clock read before the first, the zone of a byline's clock,
"today" and "yesterday" near midnight, an English "time ago", attribute names read as a
stamp's.

Every case goes through ``aggregator.extract`` or ``parse_date``; each failed on the code
before the fix.
"""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from conftest import utc

from aggregator import extract
from aggregator.parser.dates import parse_date
from aggregator.schema import Article

FETCHED = datetime(2026, 12, 5, 9, 0, tzinfo=UTC)
_TEXT = "<p>The council voted on Tuesday to approve a budget after months of talks.</p>" * 4


def _page(line: str, lang: str = "en-US", head: str = "", after: str = "") -> str:
    return (
        f'<html lang="{lang}"><head>{head}<title>Budget</title></head><body><main><article>'
        f"<h1>Council approves transport budget</h1>{line}{_TEXT}{after}</article></main>"
        "</body></html>"
    )


def _extract(html: str, fetched_at: datetime = FETCHED) -> Article:
    return extract(html, "https://www.gazette.com/news/budget", fetched_at=fetched_at)


# --- 1. a word's letters and Indic signs, each read one way ---------------------------------

# A Malayalam word of 29 characters, nine of them vowel signs or viramas (no word
# characters to Python's re): the month pattern tried every split of it between its two
# overlapping alternatives, 63 s for this byline.
_LONG_WORD = "സംസ്ഥാനതിരഞ്ഞെടുപ്പുകമ്മീഷന്"


@pytest.mark.timeout(30)
def test_a_long_word_with_vowel_signs_before_a_year_is_no_date() -> None:
    html = _page(f'<p class="byline">{_LONG_WORD} 2026</p>', "ml")
    assert _extract(html).published_at is None


@pytest.mark.parametrize(
    ("printed", "lang", "expected"),
    [
        # Month names with vowel signs are still read whole.
        ("4 दिसंबर 2026, 14:05", "hi", utc(2026, 12, 4, 14, 5)),
        ("सितम्बर 4, 2026", "hi", utc(2026, 9, 4)),
        ("৪ ডিসেম্বর ২০২৬", "bn", utc(2026, 12, 4)),
    ],
)
def test_indic_month_names_still_read(printed: str, lang: str, expected: datetime) -> None:
    assert _extract(_page(f'<span class="date">{printed}</span>', lang)).published_at == expected


# --- 2. htmldate's day kept where the page writes it ----------------------------------------


def test_htmldate_s_day_is_not_swapped_where_the_page_writes_it() -> None:
    # A month-first page writes the 4th of December in words and "4/12/2026" in its text,
    # month first (the 12th of April): htmldate's 4th of December is the page's.
    html = _page(
        "<p>By Jane Smith, December 4, 2026</p>",
        after="<p>The first vote was held on 4/12/2026 in the hall.</p>",
    )
    assert _extract(html).published_at == utc(2026, 12, 4)


# --- 3. the first clock after a date, an hour alone or a full one ----------------------------


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("Dec. 4, 2026, 4 p.m. ET · Video 2:15", utc(2026, 12, 4, 21, 0)),
        ("Dec. 4, 2026, 4 p.m. ET (1:30 p.m. PT)", utc(2026, 12, 4, 21, 0)),
        ("Dec. 4, 2026, 4:05 p.m. ET (1:05 p.m. PT)", utc(2026, 12, 4, 21, 5)),
    ],
)
def test_the_first_clock_after_the_date(value: str, expected: datetime) -> None:
    assert parse_date(value, fetched_at=FETCHED) == expected


# --- 4. a naive stamp's zone from the clock a byline prints ----------------------------------


def test_a_naive_stamp_takes_the_zone_a_byline_prints() -> None:
    head = (
        '<script type="application/ld+json">'
        '{"@type":"NewsArticle","datePublished":"2026-12-04T14:05:00"}</script>'
    )
    html = _page('<p class="byline">By Jane Smith | Dec. 4, 2026 2:05 p.m. ET</p>', head=head)
    assert _extract(html).published_at == utc(2026, 12, 4, 19, 5)


# --- 5. "today" and "yesterday": the page's day, and midnight --------------------------------


def test_today_is_the_day_of_the_page_s_zone() -> None:
    # Fetched at 23:30 UTC, 00:30 on the 5th in the page's +01:00: "today, 00:15" is
    # 23:15 UTC on the 4th, not a day earlier.
    head = (
        '<script type="application/ld+json">'
        '{"@type":"NewsArticle","dateModified":"2026-12-04T10:00:00+01:00"}</script>'
    )
    html = _page('<span class="date">Heute, 00:15 Uhr</span>', "de", head=head)
    assert _extract(html, utc(2026, 12, 4, 23, 30)).published_at == utc(2026, 12, 4, 23, 15)


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("Yesterday at 12:00 AM", utc(2026, 12, 4, 0, 0)),
        ("Yesterday at 12:30 AM", utc(2026, 12, 4, 0, 30)),
        ("Today at 4:05 PM ET", utc(2026, 12, 4, 21, 5)),  # the 4th in New York at 4:00 ET
        ("yesterday", utc(2026, 12, 4, 9, 0)),
    ],
)
def test_a_clock_after_today_or_yesterday(value: str, expected: datetime) -> None:
    fetched = utc(2026, 12, 5, 4, 0) if value.startswith("Today") else FETCHED
    assert parse_date(value, fetched_at=fetched) == expected


# --- 6. relative units that are English words -------------------------------------------------


@pytest.mark.parametrize("value", ["Roman times ago", "a time ago", "one time ago", "Oman 3 ago"])
def test_english_words_before_ago_are_no_relative_stamp(value: str) -> None:
    assert parse_date(value, fetched_at=FETCHED) is None


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("3 timer siden", utc(2026, 12, 5, 6, 0)),
        ("an hour ago", utc(2026, 12, 5, 8, 0)),
        ("vor 2 Stunden", utc(2026, 12, 5, 7, 0)),
        ("Updated 2 hours ago", utc(2026, 12, 5, 7, 0)),
    ],
)
def test_relative_stamps_still_read(value: str, expected: datetime) -> None:
    assert parse_date(value, fetched_at=FETCHED) == expected


# --- 8. one byline test for names and dates ---------------------------------------------------


def test_a_date_in_a_byline_element_the_author_rules_read() -> None:
    # ``<small class="byline">`` is a byline to the author rules; its date is read too.
    html = _page('<small class="byline">By Jane Smith Dec. 4, 2026 4:05 p.m. ET</small>')
    art = _extract(html)
    assert art.published_at == utc(2026, 12, 4, 21, 5)
    assert art.authors == ["Jane Smith"]


# --- 14. machine stamps by their attribute's whole name ---------------------------------------


@pytest.mark.parametrize("attribute", ["data-timeline-id", "data-timezone", "data-time-format"])
def test_attributes_that_only_begin_like_a_stamp_s(attribute: str) -> None:
    # An event in a timeline is no date of the article; the byline's is.
    html = _page(
        '<p class="byline">By Jane Smith, December 4, 2026</p>',
        after=f'<div {attribute}="x">March 1, 2026: the council first debated the plan</div>',
    )
    assert _extract(html).published_at == utc(2026, 12, 4)


def test_a_stamp_attribute_by_its_whole_name_still_counts() -> None:
    html = _page(
        '<div class="byline">By Jane Smith</div>',
        after='<span data-time="1796392800">4 hours ago</span>',
    )
    assert _extract(html).published_at == utc(2026, 12, 4, 14, 0)
