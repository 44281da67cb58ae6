"""The last rules of the published chain: htmldate on the article's copy, beside a narrow
scope, and on the whole page where the page writes its day from the headline's block on."""

from __future__ import annotations

import re
from datetime import date, datetime
from functools import lru_cache
from typing import TYPE_CHECKING

from lxml import etree

from aggregator.parser import vocab
from aggregator.parser.dates.article_copy import article_copy
from aggregator.parser.dates.parse import days_written, parse_local
from aggregator.parser.scope import headline_block, prints_headline

if TYPE_CHECKING:
    from aggregator.parser.view import PageView

# The last rules of the published chain; benchmarks/extraction.py turns them off to measure them.
HTMLDATE_FALLBACK = True


def htmldate_fallback(view: PageView) -> datetime | None:
    """htmldate on the article alone: its scope, or the page without its chrome.

    htmldate's heuristics (date patterns in text, in attributes, in image paths)
    find dates our rules miss, but on a whole page they also read the header's
    "today", sidebars and footers; so it sees only what may be article evidence.
    Without a scope, a "today" bar above the site header is no chrome by its markup:
    the body's day is kept only where the article writes it from the start of the
    headline's block on, or htmldate reads the same day there (a form ``days_written``
    does not know). That needs an h1 that prints the headline; a fallback h1 (a
    sidebar's heading) anchors nothing, and the body is read as it is.
    """
    if view.scope is not None:
        return _htmldate(view, view.scope)
    body, title = view.root.find("body"), view.headline_element
    value = _htmldate(view, body)
    if value is None or title is None or body is None or not prints_headline(view, title):
        return value
    return value if _read_from_headline_block(view, value, body, title) else None


def _read_from_headline_block(
    view: PageView, value: datetime, body: etree._Element, title: etree._Element
) -> bool:
    """``value``'s day is written from the headline's block on, or htmldate reads it there."""
    kept = _copy_from_headline_block(view, body, title)
    if value.date() in _days_in(view, kept):
        return True
    again = _find_date(view, _as_page(kept))
    return again is not None and again.date() == value.date()


def htmldate_beside_scope(view: PageView) -> datetime | None:
    """htmldate on the page's body from the headline on, without chrome, when the scope had none.

    A scope can be too narrow: an ``<article>`` that holds the headline alone,
    with the dated line and the text in blocks after it. What the page prints
    before the headline stays unread (a "today" bar above the site header is no
    chrome by its markup). Asked only when every other rule found nothing, and
    only where a scope was used (otherwise ``htmldate_fallback`` read the body).
    """
    if view.scope is None or view.headline_element is None:
        return None
    return _htmldate(view, view.root.find("body"), start=view.headline_element)


def htmldate_written_near_title(view: PageView) -> datetime | None:
    """htmldate on the whole page, as trafilatura calls it, if the page writes that day
    in the headline's block or after it, outside chrome, teaser links and update stamps.

    htmldate reads the head's meta tags, attributes and scripts too, and its day
    is often right where our rules found nothing; what it must not be is the site
    header's "today", a list of other stories or a footer. So its day is kept only
    where it is written as article evidence would be: from the start of the
    headline's own block (``scope.headline_block``) on, in the text or an attribute
    of what ``article_copy`` keeps. Asked last, when every other rule found nothing.
    """
    title, body = view.headline_element, view.root.find("body")
    if not HTMLDATE_FALLBACK or title is None or body is None:
        return None
    # The days written first: where the copy writes none, no htmldate day could be kept,
    # and the whole page's htmldate pass (the costlier part) is spared.
    written = _days_in(view, _copy_from_headline_block(view, body, title))
    if not written:
        return None
    value = _find_date(view, etree.tostring(view.root, method="html", encoding="unicode"))
    return value if value is not None and value.date() in written else None


def _copy_from_headline_block(
    view: PageView, body: etree._Element, title: etree._Element
) -> etree._Element:
    """The article's copy of ``body`` (without chrome, teaser links, update stamps)
    from the start of the headline's block on."""
    return article_copy(view, body, headline_block(title, apart_from_site=True))


def _days_in(view: PageView, kept: etree._Element) -> set[date]:
    """The days a copy writes, in its text or its attributes, as the page writes them."""
    # The text pieces apart (no digit glued to the next piece's date) and joined as
    # they read (a date split over elements: "8.<a>Dezember</a> 2010"), and attributes.
    pieces = list(kept.itertext())
    attributes = [v for el in kept.iter() for v in el.attrib.values()]
    text = " ".join([*pieces, *attributes]) + " " + "".join(pieces)
    return days_written(text, dayfirst=view.day_first)


def _htmldate(
    view: PageView, source: etree._Element | None, start: etree._Element | None = None
) -> datetime | None:
    """htmldate's original date in ``source`` without chrome, teaser links and updates
    (and without what precedes ``start``)."""
    if not HTMLDATE_FALLBACK or source is None:
        return None
    return _find_date(view, _as_page(article_copy(view, source, start)))


def _as_page(kept: etree._Element) -> str:
    """A copy of part of the page as a page of its own, for htmldate."""
    body: str = etree.tostring(kept, method="html", encoding="unicode")
    return f"<html><body>{body}</body></html>"


def _find_date(view: PageView, html: str) -> datetime | None:
    """htmldate's original date in ``html``; a 1st of the month only if the day is written."""
    from htmldate import find_date  # imported on first use: most pages never get here

    try:
        found = find_date(
            html,
            url=view.url,
            original_date=True,
            extensive_search=True,
            outputformat="%Y-%m-%d",
            max_date=_latest(view),
        )
    except Exception:  # noqa: BLE001 - a third-party heuristic must never fail a parse
        return None
    value = parse_local(found, fetched_at=view.fetched_at) if found else None
    if value is not None and value.day == 1 and not _day_written(html, value):
        return None  # a year or a year and month alone ("/uploads/2019/01/"), read as the 1st
    return _in_page_order(view, html, value) if value is not None else None


def _latest(view: PageView) -> datetime:
    """The latest moment htmldate may return: the end of the fetch's day where the page
    writes its dates (``PageView.fetched_here``), naive as htmldate compares.

    A day alone as the bound ("2026-12-05") is its midnight to htmldate, which then
    refuses every date printed with its clock on the day of the fetch ("Dec. 5, 2026
    5:04 p.m. ET", read at 17:04): a news crawler fetches most stories that day. A day
    past the fetch (``parse.plausible``'s slack) is too late: htmldate reads a date in
    the text, and tomorrow's there is an event's, a forecast's or an embargo's ("The
    match is on 6 December 2026", "Doors open 6 Dec 2026 20:00"). Where the page's day
    runs ahead of UTC the bound does too ("2026年12月6日 07時10分" read at 22:30 UTC).
    """
    return view.fetched_here.replace(hour=23, minute=59, second=59, microsecond=0, tzinfo=None)


def _in_page_order(view: PageView, html: str, value: datetime) -> datetime:
    """htmldate's day as the page writes dates (``PageView.day_first``).

    htmldate reads a slashed "12/04/2026" day first whatever the page: on a page that
    writes month first (en-US, "en" on a .com) that is the 4th of December, not the
    12th of April. Where the days the page writes, read its way (``days_written``),
    hold the other day and not htmldate's, the day is the other one: not where the page
    writes htmldate's day too ("December 4, 2026" beside "4/12/2026" in the text).
    """
    if view.day_first or value.day > 12 or value.day == value.month:
        return value
    swapped = value.replace(month=value.day, day=value.month)
    written = days_written(html, dayfirst=False)
    return swapped if swapped.date() in written and value.date() not in written else value


def _day_written(html: str, value: datetime) -> bool:
    """The page writes this first-of-month date with its day, not just its year and month.

    Every way of writing it holds the year, so the patterns are only tried in a
    short window around each place the year is written: searching the whole
    article HTML with them took several milliseconds a page.
    """
    year = str(value.year)
    numeric, written, letters = _day_patterns(value.year, value.month)
    at = html.find(year)
    while at >= 0:
        # A numeric date holds at most 8 characters before the year and 6 after
        # it, plus the character its (?!\d) looks at.
        if numeric.search(html, max(0, at - 8), at + 11):
            return True
        # A written one ends with the year; a match starts with a digit or a
        # letter, so it starts no earlier than ``letters`` non-blanks before it.
        if written.search(html, _back_over(html, at, letters), at + 4):
            return True
        at = html.find(year, at + 1)
    return False


@lru_cache(maxsize=64)
def _day_patterns(y: int, m: int) -> tuple[re.Pattern[str], re.Pattern[str], int]:
    """The numeric and written patterns of the 1st of ``m``/``y``, and how many
    non-blank characters a written match holds at most before its year."""
    numeric = re.compile(
        rf"{y}[-/.]0?{m}[-/.]0?1(?!\d)|(?<!\d)0?1[-/.]0?{m}[-/.]{y}|{y}{m:02d}01(?!\d)"
    )
    names = [n for n, num in vocab.MONTHS.items() if num == m and len(n) > 2]
    alternatives = "|".join(map(re.escape, names))
    written = re.compile(
        rf"(?<!\d)0?1(?:st|er|\.|º)?\s*(?:de\s+)?(?:{alternatives})\.?,?\s*(?:de\s+)?{y}|"
        rf"(?:{alternatives})\.?\s+0?1(?:st)?,?\s+{y}",
        re.IGNORECASE,
    )
    # "01er" + "de" + name + ".," + "de" in the first alternative, the longest.
    return numeric, written, 10 + max(map(len, names))


def _back_over(text: str, end: int, letters: int) -> int:
    """The position ``letters`` non-blank characters before ``end`` (0 if fewer)."""
    at = end
    while at > 0 and letters > 0:
        at -= 1
        if not text[at].isspace():
            letters -= 1
    return at
