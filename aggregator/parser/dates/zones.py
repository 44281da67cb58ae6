"""The page's own offset: the offset a date was written in, the zone a date without one
is read in, and a UTC moment in the offset the page prints it in."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import UTC, datetime, timedelta, timezone, tzinfo
from typing import TYPE_CHECKING

from aggregator.parser import vocab
from aggregator.parser.dates.day_order import read_date
from aggregator.parser.dates.declared import ld_objects
from aggregator.parser.dates.evidence import article_evidence, region
from aggregator.parser.dates.formats import FULL_DATE, MOMENT_ONLY, UNSTATED
from aggregator.parser.dates.in_page import labelled_update, printed_stamp
from aggregator.parser.dates.lines import bare_date_line, in_top
from aggregator.parser.dates.listed import list_items
from aggregator.parser.dates.parse import json_stamp, parse_local
from aggregator.parser.scope import links_here
from aggregator.parser.text import text_of

if TYPE_CHECKING:
    from lxml import etree

    from aggregator.parser.view import PageView


def offset_minutes(value: datetime) -> int | None:
    """Minutes east of UTC the value was written in; None when it stated no offset, or
    is a moment known in UTC only (``MOMENT_ONLY``: a feed's)."""
    # By identity: timezones of the same offset are equal, so UTC == UNSTATED.
    stated = value.tzinfo is not UNSTATED and value.tzinfo is not MOMENT_ONLY
    delta = value.utcoffset() if stated else None
    return int(delta.total_seconds()) // 60 if delta is not None else None


def in_page_offset(view: PageView, value: datetime) -> datetime:
    """The value in the offset the page wrote it in.

    A value that states its offset keeps it. One that states none (a date alone,
    a naive clock time) is read in the offset the article's metadata writes all
    its dates in (``page_offset``), if it writes one, else in the zone the operator
    gives for the source (``page_timezone``), else in the one zone of the page's
    language where that language is spoken in one zone only (``LANGUAGE_ZONES``);
    otherwise it stays ``UNSTATED``.
    """
    return value if value.tzinfo is not UNSTATED else in_zone(value, page_zone(view))


def in_zone(value: datetime, zone: tzinfo | None) -> datetime:
    """A value that states no offset read in ``zone``, if there is one; any other as it is."""
    return value.replace(tzinfo=zone) if value.tzinfo is UNSTATED and zone is not None else value


def in_utc(value: datetime) -> bool:
    """Stated in UTC ("Z", "+00:00"): a moment the page may print in another offset."""
    return value.tzinfo is not UNSTATED and value.utcoffset() == timedelta(0)


def as_read(value: datetime, zone: timezone | None) -> datetime:
    """A value stated in UTC in ``zone`` (the offset the page prints the metadata's moment
    in, ``printed_zone``), if there is one; any other as written."""
    return value.astimezone(zone) if zone is not None and in_utc(value) else value


def as_printed(view: PageView, value: datetime) -> datetime:
    """A moment the metadata states in UTC, in the offset the page writes that moment in
    (``printed_zone``); in UTC where the page writes it in no other."""
    zone = printed_zone(view, value)
    return value.astimezone(zone) if zone is not None else value


# The offsets clocks are set to: Baker Island's -12:00 to Kiribati's +14:00.
_EARLIEST, _LATEST = timedelta(hours=-12), timedelta(hours=14)


def printed_zone(view: PageView, value: datetime) -> timezone | None:
    """The non-zero offset the page writes ``value``, a moment stated in UTC, in.

    Many CMSs state every time in UTC ("2019-11-19T07:03:25+00:00") while the byline
    prints the local clock ("November 18, 2019 11:03 PM"): the moment is the same, the
    day readers see is the printed one. The offset is taken from another writing of the
    same moment among the publication's witnesses (JSON-LD, meta tags, the article's
    ``<time>``, date-classed and byline elements, attribute and text): one that states a
    non-zero offset, or a local clock time that differs from the UTC one by a whole
    quarter hour within the offsets in use (-12:00 to +14:00); a stated offset outranks
    the clocks' (a 12-hour clock without am/pm is 12 hours off), but for a clock equal
    to the UTC one. No such writing, a printed clock equal to the UTC one, or two
    offsets give None: the page prints the moment in UTC, or says nothing of its offset
    (a site whose JSON-LD says 21:00-05:00 for the moment its page prints as "6 May
    2022 - 2:00 a. m." is read as printed). Where no offset is stated, a 12-hour clock
    without am/pm still implies an offset 12 hours off ("2:00" printed for 14:00 in
    +09:00 reads as -03:00).
    """
    writings = _publication_moments(view)
    # To the minute, as clocks are printed ("22:00, 11 July 2021 BST" for 21:00:51Z).
    minute = value.replace(second=0, microsecond=0)
    stated = _stated_offsets(
        writings, lambda found: found.replace(second=0, microsecond=0) == minute
    )
    clocks: set[timedelta] = set()
    for found in writings:
        # A stated offset is read above; a day alone writes no clock time to compare.
        if found.tzinfo is not UNSTATED or found.time() == datetime.min.time():
            continue
        delta = found.replace(second=0, tzinfo=UTC) - value.replace(second=0, microsecond=0)
        if _EARLIEST <= delta <= _LATEST and not delta % timedelta(minutes=15):
            clocks.add(delta)  # 0 too: a clock printed as the UTC one says UTC
    # A stated offset outranks one a clock implies: a 12-hour clock printed without am/pm
    # ("2:00" for 14:00) implies one 12 hours off. A clock equal to the UTC one still
    # counts against it: the page prints UTC.
    offsets = (stated | {delta for delta in clocks if not delta}) if stated else clocks
    offset = offsets.pop() if len(offsets) == 1 else None
    return timezone(offset) if offset else None


def printed_wall_zone(view: PageView, value: datetime) -> timezone | None:
    """The zone the page prints ``value``, a clock time that states no offset, in.

    A CMS's stamp without an offset ("2026-12-04T14:05:00" in JSON-LD or
    ``article:published_time``) is the local clock where the article prints the same
    day and clock with its zone ("Dec. 4, 2026 2:05 p.m. ET", "14:05 Uhr MEZ"): that
    zone, where the publication's writings name one offset for it. A day alone, or
    another clock, says nothing.
    """
    if value.tzinfo is not UNSTATED or value.time() == datetime.min.time():
        return None
    wall = value.replace(second=0, microsecond=0, tzinfo=None)
    offsets = _stated_offsets(
        _publication_moments(view),
        lambda found: found.replace(second=0, microsecond=0, tzinfo=None) == wall,
    )
    return timezone(offsets.pop()) if len(offsets) == 1 else None


def _stated_offsets(writings: list[datetime], same: Callable[[datetime], bool]) -> set[timedelta]:
    """The non-zero offsets the writings that state one and write the same moment
    (``same``) are in."""
    return {
        offset
        for found in writings
        if found.tzinfo is not UNSTATED and (offset := found.utcoffset()) and same(found)
    }


def _publication_moments(view: PageView) -> list[datetime]:
    """The publication moment as each of its writings reads (``_publication_writings``)."""
    read = (read_date(view, written) for written in _publication_writings(view))
    return [found for found in read if found is not None]


_MIDNIGHT = datetime.min.time()


def printed_clock(view: PageView, value: datetime) -> datetime:
    """A day alone at the clock the article prints for that day, else the value as it is.

    A CMS that states the publication as a day only (``<time datetime="2026-12-04">``,
    ``article:published_time`` "2026-12-04") often prints the moment beside it
    ("2026年12月4日 12:30", "2026/12/04 12:30", "Dec. 4, 2026 12:30"): that writing,
    where the publication's own writings (``_clock_writings``) print one clock on that
    day. A writing with an offset of its own is compared on the day it gives in the
    page's zone (``page_zone``), where there is one: "2024-09-12T20:00Z" is 13 September
    in Japan. Where those give no clock, the article's unmarked date lines
    (``_date_lines``: "5 December 2026 · 14:04 CET" under the byline) may (round 15).
    A value with a clock or an offset of its own, or a day printed with two clocks, is
    left as it is.
    """
    if value.tzinfo is not UNSTATED or value.time() != _MIDNIGHT:
        return value
    zone = page_zone(view)
    clocks = _clocks_on(view, value, _clock_writings(view), zone)
    if not clocks:  # the article's date lines only where its marked writings give none
        clocks = _clocks_on(view, value, _date_lines(view, view.text_start, zone), zone)
        # Every date line of the article prints that clock on the day (a live blog's
        # entries print one each, the newest first), and no update stamp prints it.
        everywhere = _clocks_on(view, value, _date_lines(view, None, zone), zone)
        if everywhere != clocks or clocks & _clocks_on(view, value, _updates(view), zone):
            return value
    return clocks.pop() if len(clocks) == 1 else value


def _updates(view: PageView) -> list[str]:
    """The article's marked update stamps, as printed."""
    marked = view.time_elements + view.classed_dates + view.byline_dates
    return [text_of(el)[:80] for el, _, is_update in marked if is_update]


def _clocks_on(
    view: PageView, value: datetime, writings: list[str], zone: tzinfo | None
) -> set[datetime]:
    """The moments ``writings`` give on ``value``'s day with a clock (in the page's zone
    where one is written with an offset of its own)."""
    clocks = set()
    for written in writings:
        found = read_date(view, written)
        if found is None:
            continue
        if found.tzinfo is not UNSTATED and zone is not None:
            found = found.astimezone(zone)
        if found.date() == value.date() and found.time() != _MIDNIGHT:
            clocks.add(found.replace(second=0, microsecond=0))
    return clocks


def _clock_writings(view: PageView) -> list[str]:
    """The writings of the publication that may give a day its clock: JSON-LD, published
    meta tags, the dates bylines print, and the ``<time>`` and date-classed elements of
    the article's top (``in_top``) whose printed text holds the day with its clock
    (attribute and text). A ``<time>`` that prints the clock alone ("14:05", a live
    blog's entry), one in a paragraph of the text ("The hearing begins at <time>") or a
    box after the text starts (an event's date) is another moment of that day."""
    written = _metadata_writings(view)
    dated = {el: d for el, d, is_update in view.time_elements + view.classed_dates if not is_update}
    listed = list_items(view, dated)
    start = view.text_start
    for el in dated:
        printed = text_of(el)[:80]
        on_day = read_date(view, printed) if FULL_DATE.search(printed) else None
        if on_day is None or on_day.time() == _MIDNIGHT or el in listed:
            continue
        if in_top(view, el, start):
            written += [v for v in (el.get("datetime"), printed) if v]
    written += [text_of(el) for el, _, is_update in view.byline_dates if not is_update]
    return written


# A line that is a date with its clock and little else: "5 December 2026 · 14:04 CET",
# "Publicado el 5 de diciembre de 2026 a las 14:04".
_DATE_LINE_CHARS = 60
_LINE_TAGS = ("p", "div", "span", "small", "em")


def _date_lines(view: PageView, start: etree._Element | None, zone: tzinfo | None) -> list[str]:
    """The short lines of the article's top (``in_top``, before ``start``; all of the
    article without one) that print a date and a clock and hold no element of their
    own, outside chrome, comments and teasers, no update or print stamp: a date line no
    class or ``<time>`` marks, whose day htmldate reads without its clock. The line is
    the date and its clock alone (``bare_date_line``), beside no link to another page.

    A clock written with 時 ("18時30分") counts only where the page's ``zone`` is known
    (Japanese, +09:00): on a Taiwanese page, of no zone we know, it was read as UTC,
    8 hours off, where the day alone is right."""
    clock_mark = _DIGIT_COLON if zone is not None else _LATIN_CLOCK
    columns: dict[etree._Element, bool] = {}  # per comment-classed block: the article's own?
    out = []
    for el in region(view).iter(_LINE_TAGS):
        if len(el) or not el.text or not clock_mark.search(el.text):
            continue
        # A reading-time note after the date is no other moment, and its words in the
        # languages DATE_FILLER lacks made the line too long to be a date line.
        text = vocab.READING_TIME_AFTER.sub("", el.text.strip())
        update = vocab.UPDATED_WORD.search(text)
        if update is not None:
            # Two moments on one line: only what precedes the update's label is the
            # publication's ("Published 5 December 2026 14:04 · Updated 18:30"), and
            # "Published 14:04 · Updated 18:30, 5 December 2026" prints no date there.
            text = text[: update.start()].strip()
            if not clock_mark.search(text):
                continue
        short = len(text) <= _DATE_LINE_CHARS and FULL_DATE.search(text)
        if not short or not bare_date_line(text) or _update_marked(view, el):
            continue
        if labelled_update(el, text) or printed_stamp(el, text) or _beside_link(view, el):
            continue
        if in_top(view, el, start) and article_evidence(view, el, columns):
            out.append(text)
    return out


def _update_marked(view: PageView, el: etree._Element) -> bool:
    """``el`` or a block around it in the article is classed as an update stamp
    ("modified-date", "article-updated"): its clock is the update's (review of round 15,
    M1)."""
    stop = region(view)
    for node in (el, *el.iterancestors()):
        if node is stop:
            return False
        if vocab.UPD_CLASS.search(node.get("class") or ""):
            return True
    return False


def _beside_link(view: PageView, el: etree._Element) -> bool:
    """``el`` stands next to a link to another page: a related story's line.

    Wider than ``in_page._other_moment`` and ``evidence.to_other_story`` (any site, any
    words, an author's or a section's page too) and meant so: it only withholds a clock
    from a date line whose day htmldate reads anyway, so a line passed over wrongly loses
    its clock, while a related story's line read wrongly gives another story's clock.
    """
    return any(
        sib is not None and sib.tag == "a" and sib.get("href") and not links_here(view, sib)
        for sib in (el.getprevious(), el.getnext())
    )


# A clock's mark, before the costlier tests: "14:05", "14.05", "07h45", "18時30分"; the
# latter only on a page of known zone (``_date_lines``).
_DIGIT_COLON = re.compile(r"\d[:.h時]\d")
_LATIN_CLOCK = re.compile(r"\d[:.h]\d")


def _metadata_writings(view: PageView) -> list[str]:
    """The publication moment as the article's JSON-LD and published meta tags write it."""
    written = [
        value
        for obj in ld_objects(view)
        for key in ("datePublished", "dateCreated")
        if (value := json_stamp(obj.get(key))) is not None
    ]
    written += [v for key in vocab.PUBLISHED_META for v in view.page.meta.get(key, ()) if v]
    return written


def _publication_writings(view: PageView) -> list[str]:
    """The publication moment as the article writes it: JSON-LD, meta, its ``<time>``
    and date-classed elements (attribute and printed text), and the dates its bylines
    print (a byline holds no more than ``in_page._BYLINE_CHARS``)."""
    written = _metadata_writings(view)
    for el, _, is_update in view.time_elements + view.classed_dates:
        if not is_update:
            written += [v for v in (el.get("datetime"), text_of(el)[:80]) if v]
    written += [text_of(el) for el, _, is_update in view.byline_dates if not is_update]
    return written


def page_zone(view: PageView) -> tzinfo | None:
    """The zone a date without an offset is read in: ``page_offset``, else the source's
    ``page_timezone`` (a zone with its daylight saving rules), else the language's."""
    return (
        page_offset(view)
        or view.local_zone
        or LANGUAGE_ZONES.get((view.article.language or "")[:2].lower())
    )


# Languages whose pages all write one offset: Japanese, +09:00 (Japan has one zone and
# no daylight saving). On the tuning pages every Japanese page that wrote a non-UTC
# offset wrote +09:00, on seven sites (asahi, chunichi, nikkei, tokyo-np, cnet japan,
# iij, itmedia); no other language had that evidence (docs/benchmarks.md, round 4).
LANGUAGE_ZONES = {"ja": timezone(timedelta(hours=9))}


def page_offset(view: PageView) -> timezone | None:
    """The one non-zero offset of every dated JSON-LD and meta value of the article.

    Two offsets among them, or none, say nothing. An offset of 0 lends nothing
    either: many CMSs write every time in UTC ("Z") whatever their own zone.
    """
    offsets = set()
    for value in _declared_stamps(view):
        found = parse_local(value, fetched_at=view.fetched_at)
        if found is not None and found.tzinfo is not UNSTATED:
            offsets.add(found.utcoffset())
    if len(offsets) != 1:
        return None
    delta = offsets.pop()
    return timezone(delta) if delta else None


def _declared_stamps(view: PageView) -> list[str]:
    """The article's JSON-LD and meta date values, as written."""
    stamps = [
        value
        for obj in ld_objects(view)
        for key in ("datePublished", "dateModified", "dateCreated")
        if (value := json_stamp(obj.get(key))) is not None
    ]
    for key in vocab.PUBLISHED_META + vocab.UPDATED_META:
        stamps += [v for v in view.page.meta.get(key, ()) if v]
    return stamps
