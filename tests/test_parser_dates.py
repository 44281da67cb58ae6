"""Date parsing: formats, time zones, locale month names, relative dates, sanity bounds."""

from __future__ import annotations

import random
import re
from datetime import UTC, date, datetime, timedelta

import pytest
from conftest import utc

from aggregator.parser import extract
from aggregator.parser.dates import (
    counted_from_fetch,
    date_from_url,
    fallback,
    formats,
    parse_date,
)
from aggregator.schema import Article

FETCHED = datetime(2024, 6, 1, 12, 0, tzinfo=UTC)


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("2024-05-03T15:47:42.389Z", utc(2024, 5, 3, 15, 47, 42)),
        ("2024-05-03T15:47:42+02:00", utc(2024, 5, 3, 13, 47, 42)),
        ("2024-05-03 15:47:42+0200", utc(2024, 5, 3, 13, 47, 42)),
        ("2024-05-03T01:20:00-05:00", utc(2024, 5, 3, 6, 20)),
        ("2024-05-03", utc(2024, 5, 3)),
        ("20240503", utc(2024, 5, 3)),
        ("Thu, 02 May 2024 20:53:56 GMT", utc(2024, 5, 2, 20, 53, 56)),
        ("Thu, 2 May 2024 20:53:56 +0200", utc(2024, 5, 2, 18, 53, 56)),
        ("May 2, 2024 8:53 PM EDT", utc(2024, 5, 3, 0, 53)),
        ("May 2nd, 2024", utc(2024, 5, 2)),
        ("2 May 2024, 14:05 BST", utc(2024, 5, 2, 13, 5)),
        ("14:05, 3 May 2024", utc(2024, 5, 3, 14, 5)),
        ("1714680000", utc(2024, 5, 2, 20, 0)),
    ],
)
def test_formats_and_time_zones(raw: str, expected: datetime) -> None:
    assert parse_date(raw, fetched_at=FETCHED) == expected


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("3. Mai 2024, 14:30 Uhr", utc(2024, 5, 3, 14, 30)),
        ("12. März 2024", utc(2024, 3, 12)),
        ("1. Dezember 2023", utc(2023, 12, 1)),
        ("3 de mayo de 2024", utc(2024, 5, 3)),
        ("15 de enero de 2024 - 10:30", utc(2024, 1, 15, 10, 30)),
        ("3 mai 2024 à 10h05", utc(2024, 5, 3, 10, 5)),
        ("1er février 2024", utc(2024, 2, 1)),
        ("21 agosto 2023", utc(2023, 8, 21)),
        ("02.05.2024 14:30", utc(2024, 5, 2, 14, 30)),
        ("2024年5月3日 10:00", utc(2024, 5, 3, 10, 0)),
    ],
)
def test_locale_month_names(raw: str, expected: datetime) -> None:
    assert parse_date(raw, fetched_at=FETCHED) == expected


@pytest.mark.parametrize(
    ("raw", "delta"),
    [
        ("2 hours ago", timedelta(hours=2)),
        ("an hour ago", timedelta(hours=1)),
        ("5 minutes ago", timedelta(minutes=5)),
        ("3 days ago", timedelta(days=3)),
        ("vor 3 Stunden", timedelta(hours=3)),
        ("vor 2 Tagen", timedelta(days=2)),
        ("hace 2 días", timedelta(days=2)),
        ("il y a 5 minutes", timedelta(minutes=5)),
        ("Yesterday", timedelta(days=1)),
    ],
)
def test_relative_dates(raw: str, delta: timedelta) -> None:
    assert parse_date(raw, fetched_at=FETCHED) == FETCHED - delta


def test_relative_needs_a_reference() -> None:
    assert parse_date("2 hours ago") is not None  # defaults to now
    assert parse_date("2 hours ago", fetched_at=FETCHED) == utc(2024, 6, 1, 10)


@pytest.mark.parametrize(
    ("printed", "counted"),
    [
        ("3 hours ago", True),
        ("vor 2 Stunden", True),
        ("Yesterday", True),
        ("Yesterday at 4:05 PM", False),
        ("June 1, 2024, 9:40 AM", False),
        ("2024-06-01T09:40:00.5Z", False),
    ],
)
def test_a_time_read_as_counted_back_from_the_fetch_is_told_apart(
    printed: str, counted: bool
) -> None:
    """The store keeps a stored time over one counted back from a re-fetch (a time ago
    moves with each fetch, the page unchanged): it tells one by its fetch's fraction of a
    second, which the reading keeps."""
    fetched = FETCHED + timedelta(microseconds=418_305)
    html = (
        "<html><body><article><h1>Harbour wall gives way after the storm</h1>"
        f'<p class="date">{printed}</p>'
        + "<p>The council said the harbour wall broke in the night and would be rebuilt.</p>" * 6
        + "</article></body></html>"
    )
    article = extract(html, "https://example.com/news/harbour-wall", fetched_at=fetched)
    assert article.published_at is not None
    assert counted_from_fetch(article.published_at, fetched) is counted
    assert not counted_from_fetch(article.published_at, FETCHED)  # a fetch of whole seconds


@pytest.mark.parametrize(
    "raw",
    [
        "2030-01-01",
        "2024-06-03T00:00:00Z",
        "1985-01-01",
        "12 March 1989",
        "",
        "Published",
        "Updated",
        "not a date",
        "2024-13-45",
        "31.02.2024",
    ],
)
def test_rejected(raw: str) -> None:
    assert parse_date(raw, fetched_at=FETCHED) is None


def test_one_day_of_slack_for_time_zones() -> None:
    assert parse_date("2024-06-02T06:00:00Z", fetched_at=FETCHED) == utc(2024, 6, 2, 6)


def test_results_are_utc() -> None:
    value = parse_date("2024-05-03T15:47:42+09:00", fetched_at=FETCHED)
    assert value is not None and value.utcoffset() == timedelta(0)


def test_url_dates() -> None:
    assert date_from_url("https://x.example/2019/11/18/story/", FETCHED) == utc(2019, 11, 18)
    assert date_from_url("https://x.example/news/2019-11-18-story", FETCHED) == utc(2019, 11, 18)
    assert date_from_url("https://x.example/2019/11/story/", FETCHED) is None
    assert date_from_url("https://x.example/2031/01/01/story/", FETCHED) is None


def _page(head: str = "", body: str = "") -> str:
    return (
        f"<html><head>{head}</head><body><article><h1>A headline for this test</h1>{body}"
        + "<p>Some article text that is long enough to count as a paragraph here.</p>" * 3
        + "</article></body></html>"
    )


def _dated(html: str) -> Article:
    return extract(html, "https://x.example/a", fetched_at=FETCHED)


_LD = (
    '<script type="application/ld+json">{"@type":"NewsArticle","datePublished":'
    '"2024-05-01T10:00:00Z","dateModified":"2024-05-02T10:00:00Z"}</script>'
)


def test_trust_order_jsonld_over_meta_over_time() -> None:
    # JSON-LD first; a page that confirms its day keeps it, whatever else disagrees.
    head = _LD + '<meta property="article:published_time" content="2024-04-01T10:00:00Z">'
    art = _dated(_page(head, '<time datetime="2024-05-01T09:00:00Z">1 May</time>'))
    assert art.published_at == utc(2024, 5, 1, 10)
    assert art.updated_at == utc(2024, 5, 2, 10)
    assert art.provenance["published_at"] == "json-ld"
    # JSON-LD and meta disagree and nothing else speaks: the trust order decides.
    art = _dated(_page(head, ""))
    assert art.published_at == utc(2024, 5, 1, 10)


def test_a_lone_metadata_date_yields_to_the_day_two_witnesses_give() -> None:
    # The page prints 1 March, its meta tag and htmldate agree; only JSON-LD says 1 May.
    head = _LD + '<meta property="article:published_time" content="2024-03-01T08:00:00Z">'
    art = _dated(_page(head, '<time datetime="2024-03-01T10:00:00Z">1 March</time>'))
    assert art.published_at == utc(2024, 3, 1, 8)
    assert art.provenance["published_at"] == "meta"
    # Alone against JSON-LD, the printed date is read a second time by htmldate.
    art = _dated(_page(_LD, '<time datetime="2024-03-01T10:00:00Z">1 March</time>'))
    assert art.published_at == utc(2024, 3, 1, 10)


def test_a_local_evening_agrees_with_the_next_day_in_utc() -> None:
    head = '<meta property="article:published_time" content="2023-11-08T21:24:10-05:00">'
    art = _dated(_page(head, "<p class='date'>November 8, 2023</p>"))
    assert art.published_at == utc(2023, 11, 9, 2, 24, 10)


def _ld_published(value: str) -> str:
    return (
        '<script type="application/ld+json">{"@type":"NewsArticle","datePublished":'
        f'"{value}"}}</script>'
    )


def _meta_published(value: str) -> str:
    return f'<meta property="article:published_time" content="{value}">'


@pytest.mark.parametrize(
    ("head", "body", "offset", "day"),
    [
        # venturebeat.com: UTC metadata, the byline's <time> prints the Pacific clock.
        (
            _ld_published("2024-05-18T07:03:25+00:00"),
            '<div class="article-byline"><time class="the-time" '
            'datetime="2024-05-18T07:03:25+00:00">May 17, 2024 11:03 PM</time></div>',
            -8 * 60,
            date(2024, 5, 17),
        ),
        # nj.com: UTC meta tag, a second meta tag with the local clock and no offset.
        (
            '<meta property="article:published_time" content="2024-05-19T01:19:34.819Z">'
            '<meta name="article_date_original" content="Saturday, May 18, 2024, 08:19 PM">',
            '<time datetime="2024-05-19T01:19:34.819Z">Posted May 18, 8:19 PM</time>',
            -5 * 60,
            date(2024, 5, 18),
        ),
        # breakingbelizenews.com: UTC JSON-LD and meta, microdata with the local offset.
        (
            _ld_published("2024-04-22T04:11:44+00:00")
            + '<meta property="article:published_time" content="2024-04-22T04:11:44+00:00">',
            '<time class="entry-date" datetime="2024-04-21T22:11:44-06:00" '
            'itemprop="datePublished">April 21, 2024</time>',
            -6 * 60,
            date(2024, 4, 21),
        ),
        # A stated offset outranks a clock's: "2:00" for 14:00 in +09:00, a 12-hour clock
        # without "pm", implies -03:00.
        (
            _ld_published("2024-03-05T05:00:00Z") + _meta_published("2024-03-05T14:00:00+09:00"),
            "<p class='date'>March 5, 2024 2:00</p>",
            9 * 60,
            date(2024, 3, 5),
        ),
        # A printed clock equal to the UTC one: the page prints UTC, whatever else says.
        (
            _ld_published("2024-05-05T21:00:00-05:00")
            + '<meta property="article:published_time" content="2024-05-06T02:00:00Z">',
            '<div class="Datetime">6 May 2024 - 2:00 a. m.</div>',
            0,
            date(2024, 5, 6),
        ),
        # No other writing of the moment: UTC as stated.
        (_ld_published("2024-05-18T07:03:25Z"), "<p class='date'>May 18, 2024</p>", 0, None),
        # The offsets in use run from -12:00 to +14:00, both ends included...
        (
            _ld_published("2024-03-04T12:30:00Z"),
            "<p class='date'>March 5, 2024 2:30 am</p>",
            14 * 60,
            date(2024, 3, 5),
        ),
        (
            _ld_published("2024-03-05T10:30:00Z"),
            "<p class='date'>March 4, 2024 10:30 pm</p>",
            -12 * 60,
            date(2024, 3, 4),
        ),
        # ...a clock 14 hours behind the UTC one is no local time: UTC as stated.
        (
            _ld_published("2024-03-05T23:30:00Z"),
            "<p class='date'>March 5, 2024 9:30 am</p>",
            0,
            date(2024, 3, 5),
        ),
    ],
)
def test_a_utc_moment_is_kept_in_the_offset_the_page_prints_it_in(
    head: str, body: str, offset: int, day: date | None
) -> None:
    art = _dated(_page(head, body))
    assert art.published_at is not None and art.published_local is not None
    assert art.published_offset == offset
    assert art.published_local.date() == (day or art.published_at.date())
    assert art.published_local == art.published_at  # the same moment


@pytest.mark.parametrize(
    ("head", "body", "moment", "offset", "day", "provenance"),
    [
        # The moment in UTC is the 5th; the page prints the 4th, 9:30 pm, five hours
        # behind ("ET" names no fixed offset: the clocks give it). Read in -05:00 the
        # metadata's day is the printed one, and the printed date confirms it.
        (
            _ld_published("2024-03-05T02:30:00Z"),
            "<p class='date'>March 4, 2024 9:30 pm ET</p>",
            "2024-03-05T02:30:00Z",
            -5 * 60,
            date(2024, 3, 4),
            "json-ld",
        ),
        # The same in +09:00: the 4th in UTC, the 5th where it was written.
        (
            _ld_published("2024-03-04T20:00:00Z"),
            "<p class='date'>2024年3月5日 5:00</p>",
            "2024-03-04T20:00:00Z",
            9 * 60,
            date(2024, 3, 5),
            "json-ld",
        ),
        # UTC and local day agree.
        (
            _ld_published("2024-03-05T14:30:00Z"),
            "<p class='date'>March 5, 2024 9:30 am ET</p>",
            "2024-03-05T14:30:00Z",
            -5 * 60,
            date(2024, 3, 5),
            "json-ld",
        ),
        # No printed offset (a day alone): the days are compared as written; the same
        # day confirms the metadata, in UTC as stated...
        (
            _ld_published("2024-03-05T02:30:00Z"),
            "<p class='date'>March 5, 2024</p>",
            "2024-03-05T02:30:00Z",
            0,
            date(2024, 3, 5),
            "json-ld",
        ),
        # ...and another, which htmldate reads too, outweighs it.
        (
            _ld_published("2024-03-05T02:30:00Z"),
            "<p class='date'>March 4, 2024</p>",
            "2024-03-05T02:30:00Z",
            None,
            date(2024, 3, 4),
            "heuristic",
        ),
        # A witness that wins keeps the day the witnesses agreed on. JSON-LD's moment
        # is printed in -05:00 (its dateCreated), the 9th; its meta tag, read in that
        # offset, and the printed date give the 7th. The meta tag's own moment has no
        # local writing: read in the offset its day was compared in, not UTC's 8th.
        (
            '<script type="application/ld+json">{"@type":"NewsArticle",'
            '"datePublished":"2024-03-10T02:30:00Z","dateCreated":"2024-03-09T21:30:00-05:00"}'
            "</script>" + _meta_published("2024-03-08T03:00:00Z"),
            "<p class='date'>March 7, 2024</p>",
            "2024-03-08T03:00:00Z",
            -5 * 60,
            date(2024, 3, 7),
            "meta",
        ),
        # The other way: JSON-LD says the 4th in -05:00; its meta tag (UTC) and the
        # printed date the 5th. The meta tag's moment is JSON-LD's, written in -05:00,
        # but that is the 4th: it is kept in UTC, the day it was compared in.
        (
            _ld_published("2024-03-04T21:30:00-05:00") + _meta_published("2024-03-05T02:30:00Z"),
            "<p class='date'>March 5, 2024</p>",
            "2024-03-05T02:30:00Z",
            0,
            date(2024, 3, 5),
            "meta",
        ),
    ],
)
def test_corroboration_compares_the_days_the_page_prints(
    head: str, body: str, moment: str, offset: int | None, day: date, provenance: str
) -> None:
    # Where JSON-LD alone states the moment, in UTC, no meta tag confirms its UTC day.
    art = _dated(_page(head, body))
    assert art.provenance["published_at"] == provenance
    assert art.published_offset == offset
    if offset is not None:  # the winner's moment, kept, in the offset its day was read in
        assert art.published_at == parse_date(moment)
        assert art.published_local is not None and art.published_local.date() == day
    else:
        assert art.published_at is not None and art.published_at.date() == day


def test_a_visible_update_day_is_no_publication_day() -> None:
    # The page prints the day it was modified; only metadata can call that day published.
    art = _dated(_page(_LD, '<time datetime="2024-05-02T10:00:00Z">2 May</time>'))
    assert art.published_at == utc(2024, 5, 1, 10)


def test_meta_then_time_then_url() -> None:
    art = _dated(
        _page('<meta property="article:published_time" content="2024-04-01T10:00:00+02:00">')
    )
    assert art.published_at == utc(2024, 4, 1, 8) and art.provenance["published_at"] == "meta"
    art = _dated(_page("", '<time datetime="2024-03-01T10:00:00Z">1 March</time>'))
    assert art.published_at == utc(2024, 3, 1, 10) and art.provenance["published_at"] == "heuristic"
    art = extract(_page(), "https://x.example/2024/02/03/a", fetched_at=FETCHED)
    assert art.published_at == utc(2024, 2, 3) and art.provenance["published_at"] == "url"


def test_future_meta_date_is_ignored() -> None:
    art = _dated(_page('<meta property="article:published_time" content="2031-01-01T00:00:00Z">'))
    assert art.published_at is None


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("Do 25.04.24 | 14:07 Uhr", utc(2024, 4, 25, 14, 7)),
        # A score or a version number before the date is no date: the next triple is.
        ("Spielstand 31.35.40 — Do 25.04.24 | 14:07 Uhr", utc(2024, 4, 25, 14, 7)),
        ("Stand 31.35.2019, veröffentlicht 02.05.2024 14:30", utc(2024, 5, 2, 14, 30)),
    ],
)
def test_two_digit_year_with_dots(raw: str, expected: datetime) -> None:
    assert parse_date(raw, fetched_at=FETCHED) == expected


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("12/29/2014", utc(2014, 12, 29)),  # US, the day past the 19th
        ("12-29-2014", utc(2014, 12, 29)),
        ("12.29.2014", utc(2014, 12, 29)),
        ("12.29.14", utc(2014, 12, 29)),  # a US byline with a two-digit year
        ("29.12.14", utc(2014, 12, 29)),
        ("05.06.14", utc(2014, 6, 5)),  # both could be a month: dots are day-first
        ("12/29/2014 10:30 pm", utc(2014, 12, 29, 22, 30)),
    ],
)
def test_month_first_numbers_where_the_second_cannot_be_a_month(
    raw: str, expected: datetime
) -> None:
    assert parse_date(raw, fetched_at=FETCHED) == expected


def test_a_month_first_byline_date_with_a_two_digit_year() -> None:
    # uproxx.com's post header (2014): the comments below carry later days.
    html = """<html><body><div class="post">
      <h1>A Reddit Post Sparked A Panic In An Arizona Town</h1>
      <div class="post-top"><span class="author">By <a href="/author/jane">Jane Doe</a>
        <span class="date">12.29.14</span></span></div>
      <p>Text of the article, long enough to be the article text of this page.</p>
      <div class="comment-meta"><div class="comment_date">12.30.14 at 2:12 am</div></div>
    </div></body></html>"""
    art = extract(html, "https://example.org/2014/12/a-reddit-post/", fetched_at=FETCHED)
    assert art.published_at is not None and art.published_at.date() == date(2014, 12, 29)


def test_labelled_date_beats_a_teaser_date() -> None:
    html = """<html><body>
      <a href="/other"><span class="date">24.04.2023</span> Other story</a>
      <ul><li><strong>Datum</strong> 28.04.2023</li><li><strong>Autor</strong> Jane Doe</li></ul>
      <p>Text of the article, long enough to be the article text of this page.</p>
    </body></html>"""
    art = extract(html, "https://example.org/story", fetched_at=FETCHED)
    assert art.published_at == utc(2023, 4, 28)
    assert art.authors == ["Jane Doe"]


def test_colon_spelled_published_meta() -> None:
    html = (
        '<html><head><meta property="article:published:time" content="2024-03-01T10:00:00+00:00">'
        "</head><body><p>Text</p></body></html>"
    )
    assert extract(html, "https://example.org/a", fetched_at=FETCHED).published_at == utc(
        2024, 3, 1, 10
    )


def test_a_wordpress_date_marked_published_and_updated_is_the_publication() -> None:
    # WordPress themes mark a never-updated post's one date with both classes.
    html = _page(
        "",
        '<time class="entry-date published updated" datetime="2024-03-01T10:07:02+01:00">'
        "1. März 2024</time>",
    )
    art = _dated(html)
    assert art.published_at == utc(2024, 3, 1, 9, 7, 2)


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        ('<p class="caption">November\n      1st,\n\n   2021 | Naturschutz</p>', date(2021, 11, 1)),
        ('<p class="caption">Published 2021-11-01 | Naturschutz</p>', date(2021, 11, 1)),
        # The year is written before, far from the date: each place it is written counts.
        (
            "<p>Season 2021 review, 2021 edition.</p>"
            + "<p>Text of the piece.</p>" * 40
            + '<p class="caption">November 1st, 2021</p>',
            date(2021, 11, 1),
        ),
        # A year and a month alone (an upload path) are no day.
        ('<img src="/wp-content/uploads/2021/11/photo.jpg"><p>Naturschutz 2021</p>', None),
    ],
)
def test_htmldate_keeps_a_first_of_the_month_only_where_its_day_is_written(
    body: str, expected: date | None
) -> None:
    art = _dated(_page("", body))
    assert (art.published_at.date() if art.published_at else None) == expected


def test_a_first_of_the_month_written_with_a_leading_zero_counts() -> None:
    # "01. November 2021" names its day: htmldate's 1st is no year-and-month guess here.
    body = '<p class="caption">01. November 2021 | Naturschutz</p>'
    art = _dated(_page("", body))
    assert art.published_at is not None
    assert art.published_at.date() == date(2021, 11, 1)


@pytest.mark.parametrize("switch", [True, False])
def test_the_htmldate_fallback_switch(monkeypatch: pytest.MonkeyPatch, switch: bool) -> None:
    # benchmarks/extraction.py --no-htmldate-fallback turns the last rules off to measure
    # them: a page that only htmldate dates gets no date then. Neither the caption's
    # class nor its text is a date rule's.
    monkeypatch.setattr(fallback, "HTMLDATE_FALLBACK", switch)
    art = _dated(_page("", '<p class="caption">Naturschutz, 12.11.2021</p>'))
    if switch:
        assert art.published_at is not None and art.published_at.date() == date(2021, 11, 12)
        assert art.provenance["published_at"] == "htmldate"
    else:
        assert art.published_at is None


def _date_texts() -> list[str]:
    """Dates as pages write them, glued to digits, separators and words, and random text
    of the characters the date patterns read."""
    dates = [
        "3. Mai 2024", "03 de mayo de 2024", "May 3rd, 2024", "31 mai 2024", "1º de junio 2019",
        "25.04.24", "12.29.14", "3/5/2024", "2024/05/03", "2024.5.3", "45/12/2020", "4.5.2024",
        "2024年5月3日", "Sept. 13, 2021", "13 Sept. 2021", "١٢/٥/٢٠٢٤", "٣ Mai 2024",
    ]  # fmt: skip
    texts = [f"{before}{d}{after}" for d in dates for before in ("", " ", "1", "/", ".", "-", "x")
             for after in ("", " ", "1", "/", ".", "x")]  # fmt: skip
    rng = random.Random(12)
    pieces = "0 1 3 4 9 03 12 31 45 19 20 24 2024 1999 2019 / . - . , de Mai May Sept st th º 年 月 日 x ٣"
    words = [*pieces.split(), " ", " ", "\n"]
    texts += ["".join(rng.choices(words, k=rng.randint(1, 14))) for _ in range(20000)]
    return texts


@pytest.mark.parametrize(
    ("name", "plain"),
    [
        ("DMY_TEXT", rf"(?<!\d)(?P<d>[0-3]?\d)(?:st|nd|rd|th|er|\.|º)?\s*(?:de\s+)?(?P<mon>{formats._WORD})\s*(?:de\s+|,\s*)?(?P<y>(?:19|20)\d\d)(?!\d)"),
        ("NUMERIC", r"(?<![\d/.-])(?P<a>[0-3]?\d)(?P<sep>[./-])(?P<b>[0-3]?\d)(?P=sep)(?P<y>(?:19|20)\d\d)(?![\d/.-])"),
        ("NUMERIC_YY", r"(?<![\d.])(?P<a>[0-3]?\d)\.(?P<b>[0-3]?\d)\.(?P<y>\d\d)(?![\d.])"),
        ("YMD_SLASH", r"(?<!\d)(?P<y>(?:19|20)\d\d)[/.](?P<m>[01]?\d)[/.](?P<d>[0-3]?\d)(?!\d)"),
    ],
)  # fmt: skip
def test_a_date_pattern_opening_with_its_digit_matches_as_its_plain_form(
    name: str, plain: str
) -> None:
    """The patterns put their opening look-behind after the first digit, for speed only."""
    pattern = getattr(formats, name)
    reference = re.compile(plain, pattern.flags)
    for text in _date_texts():
        found = [(m.span(), m.groupdict()) for m in pattern.finditer(text)]
        assert found == [(m.span(), m.groupdict()) for m in reference.finditer(text)], text


def test_the_month_first_pattern_matches_only_where_its_tail_is_written() -> None:
    matched = 0
    for text in _date_texts():
        if formats.MDY_TEXT.search(text):
            matched += 1
            assert formats.MDY_TAIL.search(text), text
    assert matched > 50
