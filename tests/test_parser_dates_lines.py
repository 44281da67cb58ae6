"""A date line no class or ``<time>`` marks gives the day htmldate read its clock (round 15).

"5 December 2026 · 14:04 CET" as a plain line under the byline: htmldate on the article
reads its day and drops the clock and the zone. Where the article's marked writings
(JSON-LD, meta, ``<time>``, date-classed elements, bylines) print no clock on that day,
its short date lines in the top may (``zones.printed_clock``). Every page goes through
``aggregator.extract``: the lines that must change (midnight before), and those it must
leave (an update stamp, a second clock, a line in the text or after it, a teaser's).
"""

from __future__ import annotations

from datetime import datetime

import pytest
from conftest import utc
from gazette_page import FETCHED, TEXT

from aggregator import extract
from aggregator.schema import Article


def _page(meta: str, lang: str = "en", after_text: str = "") -> str:
    return (
        f'<html lang="{lang}"><head><title>Budget</title></head><body>'
        '<header class="site-header"><div class="topbar">Saturday, 5 December 2026</div>'
        '<nav><a href="/">Home</a><a href="/news">News</a><a href="/sport">Sport</a></nav>'
        "</header><main><article><h1>Council approves transport budget</h1>"
        f"<div><p>By Jane Smith</p>{meta}</div>{TEXT}{after_text}</article></main>"
        "<footer><p>© 2026 Gazette Media</p></footer></body></html>"
    )


def _extract(html: str) -> Article:
    return extract(html, "https://www.gazette.com/news/budget", fetched_at=FETCHED)


@pytest.mark.parametrize(
    ("line", "lang", "expected", "offset"),
    [
        ("<p>5 December 2026 · 14:04 CET</p>", "en-GB", utc(2026, 12, 5, 13, 4), 60),
        ("<p>Dec. 5, 2026 5:04 p.m. ET</p>", "en", utc(2026, 12, 5, 22, 4), -300),
        ("<p>Le 5 décembre 2026 à 14h04</p>", "fr", utc(2026, 12, 5, 14, 4), None),
        (
            "<span>Publicado el 5 de diciembre de 2026 a las 14:04 h</span>",
            "es",
            utc(2026, 12, 5, 14, 4),
            None,
        ),
        ("<p>05.12.2026, 14:04 Uhr</p>", "de", utc(2026, 12, 5, 14, 4), None),
        ("<p>5 grudnia 2026, 14:04</p>", "pl", utc(2026, 12, 5, 14, 4), None),
        ("<small>2026-12-05 14:04 来源：新华社</small>", "zh", utc(2026, 12, 5, 14, 4), None),
    ],
)
def test_a_plain_date_line_gives_its_clock(
    line: str, lang: str, expected: datetime, offset: int | None
) -> None:
    article = _extract(_page(line, lang))
    assert (article.published_at, article.published_offset) == (expected, offset)


@pytest.mark.parametrize(
    ("meta", "after_text"),
    [
        # An update stamp's clock is the update's (its day is no publication either).
        ("<p>Updated 11:22 PM EST, Fri December 4, 2026</p><p>4 December 2026</p>", ""),
        # Two clocks on the day: none is chosen.
        ("<p>5 December 2026 · 14:04</p><p>5 December 2026 · 16:30</p>", ""),
        # A clock in the text, after the text starts: an event's, not the publication's.
        ("<p>5 December 2026</p>", "<p>5 December 2026, 19:00</p>"),
        # Another story's teaser card.
        (
            "<p>5 December 2026</p><div><h3><a href='/other'>Storm damage closes the coast "
            "road</a></h3><p>5 December 2026, 09:15</p></div>",
            "",
        ),
    ],
)
def test_lines_that_give_no_clock(meta: str, after_text: str) -> None:
    published = _extract(_page(meta, after_text=after_text)).published_at
    assert published is not None
    assert (published.hour, published.minute) == (0, 0)


def test_a_marked_writings_clock_outranks_a_date_line() -> None:
    # The date-classed element gives the day its clock; a plain line with another clock
    # (a hidden "last modified" line) does not make it two.
    meta = '<span class="date">5:00PM GMT 4 Dec 2026</span><div>2026-12-04 17:13:38.0</div>'
    assert _extract(_page(meta)).published_at == utc(2026, 12, 4, 17, 0)


# Review of round 15: a JSON-LD day alone ("2026-12-05") and one line in the top.
_LD = (
    '<script type="application/ld+json">{"@context":"https://schema.org","@type":'
    '"NewsArticle","headline":"Council approves transport budget","datePublished":'
    '"2026-12-05"}</script>'
)


def _ld_page(block: str, ld: str = _LD) -> str:
    return (
        f'<html lang="en"><head><title>Budget</title>{ld}</head><body><main><article>'
        '<h1>Council approves transport budget</h1><p class="byline">By Jane Smith</p>'
        f"{block}{TEXT}</article></main></body></html>"
    )


@pytest.mark.parametrize(
    ("block", "updated"),
    [
        # M1: an update stamp marked only by its class, or by a block's around it.
        ('<span class="modified-date">5 December 2026 18:30</span>', utc(2026, 12, 5, 18, 30)),
        ('<div class="article-updated">5 December 2026 18:30</div>', utc(2026, 12, 5, 18, 30)),
        # M2: another moment of the day: kick-off, a programme, a meeting, polls, a train,
        # sunrise, the print edition, a photo, markets, a "now" bar, a related story.
        ("<div>Kick-off: Saturday 5 December 2026, 20:45</div>", None),
        ("<div>The match starts on 5 December 2026 at 20:45</div>", None),
        ("<div>BBC One, Sat 5 Dec 2026, 21:00</div>", None),
        ("<div>Council meeting: 5.12.2026 18.00</div>", None),
        ("<div>Polls close: 5 December 2026, 22:00 GMT</div>", None),
        ("<div>Train departs 5 December 2026 at 09:15</div>", None),
        ("<div>Sunrise 5 December 2026 07.52</div>", None),
        ("<div>Print edition: 5 December 2026, 05:00</div>", None),
        ("<div>Photo: Reuters, 5 December 2026 10:30</div>", None),
        ('<div class="markets">FTSE 100 · 5 December 2026 16:35</div>', None),
        ('<div class="nowline">Saturday 5 December 2026 08:15</div>', None),
        (
            '<div class="related-one"><a href="/x/storm">Storm closes the coast road</a>'
            "<span>5 December 2026 · 09:12</span></div>",
            None,
        ),
        # Both moments on one line, the date only after the update's clock: the
        # published clock is not the update's (second look at round 15).
        ("<div>Published 14:04 · Updated 18:30, 5 December 2026</div>", utc(2026, 12, 5, 18, 30)),
        # M3: a reading or listening time is no clock.
        ("<div>5 December 2026 · 1.30 min read</div>", None),
        ("<div>5 December 2026 · Listen 4.12 min</div>", None),
    ],
)
def test_lines_of_another_moment_give_no_clock(block: str, updated: datetime | None) -> None:
    article = _extract(_ld_page(block))
    assert (article.published_at, article.updated_at) == (utc(2026, 12, 5), updated)


def test_a_live_blogs_entries_give_no_clock() -> None:
    # M4: the entries print a clock each, the newest first: the top one is no publication.
    entries = "".join(
        f'<div class="entry"><h3><a href="{link}">Update from the council chamber {i}</a>'
        f"</h3><span>5 December 2026 14:0{i}</span>{TEXT}</div>"
        for i, link in enumerate(["?entry=0", "/live/council-approves-budget/entry-1", "?entry=2"])
    )
    html = (
        '<html lang="en"><head><title>Budget</title></head><body><main><article>'
        f"<h1>Council approves transport budget</h1>{entries}</article></main></body></html>"
    )
    assert _extract(html).published_at == utc(2026, 12, 5)


@pytest.mark.parametrize(
    ("block", "expected"),
    [
        ("<div>5 December 2026 · 14:04</div>", utc(2026, 12, 5, 14, 4)),
        ("<div>5 December 2026 · 14:04 GMT</div>", utc(2026, 12, 5, 14, 4)),
        ("<div>LONDON, 5 December 2026, 14:04 (Reuters)</div>", utc(2026, 12, 5, 14, 4)),
        ("<div>Submitted on Sat, 2026-12-05 14:04</div>", utc(2026, 12, 5, 14, 4)),
        ("<div>05.12.2026 14:04 von Olga Berg</div>", utc(2026, 12, 5, 14, 4)),
        ("<div>4 December 2026 · 14:04</div>", utc(2026, 12, 5)),
        ("<div>5 December 2026 · 12.5 km</div>", utc(2026, 12, 5)),
        ("<div>5 December 2026 · 2.5K views</div>", utc(2026, 12, 5)),
        ("<div>5 December 2026 · 3.5 °C</div>", utc(2026, 12, 5)),
        ("<div>Full time 5 December 2026 · 90:00</div>", utc(2026, 12, 5)),
        ("<div>2026.12.05 14:04</div>", utc(2026, 12, 5, 14, 4)),
        ("<div>2026. december 5. 14:04</div>", utc(2026, 12, 5, 14, 4)),
        ("<div>Published 5 December 2026 14:04 · Updated 18:30</div>", utc(2026, 12, 5, 14, 4)),
        # An update's label in a sibling or in <strong>: the line is the update's.
        (
            '<div><span class="lbl">Updated:</span> <span>5 December 2026 18:30</span></div>',
            utc(2026, 12, 5),
        ),
        ("<p><strong>Updated</strong><br>5 December 2026, 18:30</p>", utc(2026, 12, 5)),
        ("<div>Last modified 5 December 2026 18:30</div>", utc(2026, 12, 5)),
        ("<figure><figcaption>5 December 2026 10:30</figcaption></figure>", utc(2026, 12, 5)),
    ],
)
def test_date_lines_the_review_left_as_they_were(block: str, expected: datetime) -> None:
    assert _extract(_ld_page(block)).published_at == expected


@pytest.mark.parametrize(
    ("url", "head", "block", "expected"),
    [
        # A weather bar before the article: chrome.
        (
            "https://www.gazette.com/politics/council-approves-budget",
            _LD,
            '</article></main><div class="weather">London 5 December 2026 08:15 · 4°C</div>'
            "<main><article>",
            utc(2026, 12, 5),
        ),
        # JSON-LD with its own clock and offset is left alone.
        (
            "https://www.gazette.com/politics/council-approves-budget",
            _LD.replace("2026-12-05", "2026-12-05T09:00:00+01:00"),
            "<div>5 December 2026 · 14:04</div>",
            utc(2026, 12, 5, 8, 0),
        ),
        # A Japanese page: the line's clock in +09:00.
        (
            "https://www.asahi.com/articles/ABC123.html",
            _LD,
            "<div>2026年12月5日 14:04</div>",
            utc(2026, 12, 5, 5, 4),
        ),
        # German "Stand:" is the update's.
        (
            "https://www.gazette.com/politics/council-approves-budget",
            _LD,
            "<div>Stand: 05.12.2026, 14:04 Uhr</div>",
            utc(2026, 12, 5),
        ),
    ],
)
def test_pages_the_review_left_as_they_were(
    url: str, head: str, block: str, expected: datetime
) -> None:
    lang = "ja" if "asahi" in url else "en"
    html = _ld_page(block, head).replace('<html lang="en">', f'<html lang="{lang}">')
    assert extract(html, url, fetched_at=FETCHED).published_at == expected
