"""Dates: parse one date string robustly, and find a page's published/updated dates.

Trust order: JSON-LD, meta tags, ``<time>`` elements, feed hints, the URL, then
dates written in the byline area, last htmldate (on the article, or on a page
without a scope on its body; beside a narrow scope; on the whole page; the last
and an unscoped body's day kept only where the page writes it from the headline's
block on). Every result is timezone-aware, in the offset
the page wrote it in (``UNSTATED`` when it wrote none), and a date in the future
(beyond ``fetched_at`` + 1 day) or before 1990 is refused: those are template
artefacts (copyright years, event dates, placeholders).
"""

from __future__ import annotations

import email.utils
import re
from collections.abc import Callable, Iterator
from datetime import UTC, date, datetime, timedelta, timezone
from functools import lru_cache
from typing import TYPE_CHECKING, Any

from lxml import etree

from aggregator.parser import vocab

if TYPE_CHECKING:
    from aggregator.parser.view import PageView
    from aggregator.schema import Article, FeedHints
from aggregator.parser.scope import (
    chrome_block as _chrome_block,
)
from aggregator.parser.scope import (
    comment_block as _comment_block,
)
from aggregator.parser.scope import (
    headline_block,
    holds_article_body,
    in_comment,
    in_foreign_link,
    is_chrome,
    nearest_to_headline,
    prints_headline,
)
from aggregator.parser.scope import (
    links_here as _links_here_el,
)
from aggregator.parser.scope import (
    within as _within,
)
from aggregator.parser.text import text_of
from aggregator.parser.tree import classed

MIN_DATE = datetime(1990, 1, 1, tzinfo=UTC)
# The zone of a value that states no offset (a date alone, a naive clock time, a
# URL's date): read as UTC, like any zone of offset 0, but told apart by identity
# so the page's own offset is never claimed where the page gave none.
UNSTATED = timezone(timedelta(0), "unstated")
FUTURE_SLACK = timedelta(days=1)

_MONTHS = vocab.MONTHS


_ISO = re.compile(
    r"(?P<y>(?:19|20)\d\d)-?(?P<m>[01]\d)-?(?P<d>[0-3]\d)"
    r"(?:[T\s_]+(?P<H>[0-2]\d):?(?P<M>[0-5]\d)(?::?(?P<S>[0-5]\d)(?:[.,]\d+)?)?"
    r"\s*(?P<tz>Z|[+-][0-2]\d(?::?[0-5]\d)?|(?i:utc|gmt)(?:[+-]\d{1,2}(?::?\d\d)?)?)?)?"
)
_TIME = re.compile(
    r"(?<![\d.:])(?P<H>[0-2]?\d)[:.h](?P<M>[0-5]\d)(?::(?P<S>[0-5]\d))?\s*"
    r"(?P<ampm>[ap]\.?\s?m\.?)?(?:\s*(?:uhr|h))?\s*(?P<tz>[A-Za-z]{1,5}\b|[+-]\d\d:?\d\d)?",
    re.IGNORECASE,
)
_WORD = r"[^\W\d_]+\.?"
# "3. Mai 2024", "3 de mayo de 2024", "May 3rd, 2024", "3 mai 2024", "2024年5月3日"
_DMY_TEXT = re.compile(
    rf"(?<!\d)(?P<d>[0-3]?\d)(?:st|nd|rd|th|er|\.|º)?\s*(?:de\s+)?(?P<mon>{_WORD})\s*(?:de\s+|,\s*)?(?P<y>(?:19|20)\d\d)(?!\d)",
    re.IGNORECASE,
)
# Tried only where a word starts: a match inside a word would also match from its first
# letter (and a scan resumes after a year's digit, never inside a word), so the matches
# are the same, but a run of letters without spaces (Thai, Japanese) is no longer read
# again from each of its letters.
_MDY_TEXT = re.compile(
    rf"(?<![^\W\d_])(?P<mon>{_WORD})\s+(?P<d>[0-3]?\d)(?:st|nd|rd|th)?,?\s+(?P<y>(?:19|20)\d\d)(?!\d)",
    re.IGNORECASE,
)
_NUMERIC = re.compile(
    r"(?<![\d/.-])(?P<a>[0-3]?\d)(?P<sep>[./-])(?P<b>[0-3]?\d)(?P=sep)(?P<y>(?:19|20)\d\d)(?![\d/.-])"
)
# "Do 25.04.24 | 14:07 Uhr": day-first with a two-digit year (dots only); "12.29.14"
# (a US byline) where the second number cannot be a month.
_NUMERIC_YY = re.compile(r"(?<![\d.])(?P<a>[0-3]?\d)\.(?P<b>[0-3]?\d)\.(?P<y>\d\d)(?![\d.])")
_YMD_SLASH = re.compile(r"(?<!\d)(?P<y>(?:19|20)\d\d)[/.](?P<m>[01]?\d)[/.](?P<d>[0-3]?\d)(?!\d)")
_CJK = re.compile(
    r"(?P<y>(?:19|20)\d\d)\s*[年년]\s*(?P<m>[01]?\d)\s*[月월]\s*(?P<d>[0-3]?\d)\s*[日일]"
)
_RFC2822 = re.compile(
    r"^(?:mon|tue|wed|thu|fri|sat|sun)[a-z]*,?\s+\d{1,2}\s+[a-z]{3}", re.IGNORECASE
)
_EPOCH = re.compile(r"^\d{10}(?:\d{3})?$")

_RELATIVE = re.compile(
    r"(?:(?P<pre>vor|hace|il y a)\s+(?P<n1>\d+|\w+)\s+(?P<u1>\w+)"
    r"|(?P<n2>\d+|an?|one)\s*(?P<u2>[a-z]+)\s+ago)",
    re.IGNORECASE,
)


def _tz_from(text: str | None) -> timezone | None:
    if not text:
        return None
    t = text.strip()
    tl = t.lower()
    if tl in ("z",):
        return UTC
    if tl.startswith(("utc", "gmt")) and len(tl) > 3:
        t = t[3:]
    elif tl in vocab.TZ_ABBR:
        return timezone(timedelta(hours=vocab.TZ_ABBR[tl]))
    m = re.fullmatch(r"([+-])(\d{1,2}):?(\d\d)?", t)
    if not m:
        return None
    hours, minutes = int(m.group(2)), int(m.group(3) or 0)
    if hours > 14 or minutes > 59:
        return None
    delta = timedelta(hours=hours, minutes=minutes)
    return timezone(-delta if m.group(1) == "-" else delta)


def _build(
    y: int, m: int, d: int, H: int = 0, M: int = 0, S: int = 0, tz: timezone | None = None
) -> datetime | None:
    try:
        return datetime(y, m, d, H, M, S, tzinfo=tz or UNSTATED)
    except ValueError:
        return None


def _time_after(text: str, start: int) -> tuple[int, int, int, timezone | None]:
    """Clock time (and zone) written shortly after a date, e.g. '3 May 2024, 14:05 CEST'."""
    m = _TIME.search(text, start, start + 40)
    if not m:
        return 0, 0, 0, None
    H, M = int(m.group("H")), int(m.group("M"))
    ampm = (m.group("ampm") or "").lower().replace(".", "").replace(" ", "")
    if ampm == "pm" and H < 12:
        H += 12
    elif ampm == "am" and H == 12:
        H = 0
    if H > 23:
        return 0, 0, 0, None
    return H, M, int(m.group("S") or 0), _tz_from(m.group("tz"))


def parse_date(
    value: Any, *, fetched_at: datetime | None = None, dayfirst: bool = True
) -> datetime | None:
    """Parse one date string (ISO 8601, RFC 2822, written dates in several languages,
    relative dates such as "2 hours ago" counted back from ``fetched_at``).

    Returns tz-aware UTC, or None if nothing plausible was found. A value
    without a zone is taken as UTC.
    """
    found = parse_local(value, fetched_at=fetched_at, dayfirst=dayfirst)
    return found.astimezone(UTC) if found is not None else None


def parse_local(
    value: Any, *, fetched_at: datetime | None = None, dayfirst: bool = True
) -> datetime | None:
    """Like :func:`parse_date`, but in the offset the value was written in.

    Its ``.date()`` is the calendar day as printed: "2023-11-08T21:24-05:00" is
    the 8th where it was written, though the 9th in UTC. A value that states no
    offset comes back in the zone ``UNSTATED`` (offset 0).
    """
    if value is None:
        return None
    if isinstance(value, datetime):
        return _plausible(value if value.tzinfo else value.replace(tzinfo=UNSTATED), fetched_at)
    text = str(value).strip()
    if not text or len(text) > 300:
        return None
    return _plausible(_parse_text(text, fetched_at, dayfirst), fetched_at)


def _plausible(value: datetime | None, fetched_at: datetime | None) -> datetime | None:
    if value is None or value < MIN_DATE:
        return None
    now = fetched_at or datetime.now(UTC)
    if now.tzinfo is None:
        now = now.replace(tzinfo=UTC)
    if value > now + FUTURE_SLACK:
        return None
    return value


def _parse_epoch(text: str, lowered: str) -> datetime | None:
    if not _EPOCH.match(text):
        return None
    return datetime.fromtimestamp(int(text[:10]), UTC).replace(tzinfo=UNSTATED)


def _parse_iso(text: str, lowered: str) -> datetime | None:
    m = _ISO.search(text)
    if not m or not (m.group("H") is not None or "-" in m.group(0) or len(text) <= 10):
        return None
    tz = _tz_from(m.group("tz")) if m.group("tz") else None
    clock = (int(m["H"] or 0), int(m["M"] or 0), int(m["S"] or 0))
    return _build(int(m["y"]), int(m["m"]), int(m["d"]), *clock, tz)


def _parse_rfc2822(text: str, lowered: str) -> datetime | None:
    if not _RFC2822.match(text):
        return None
    try:
        parsed = email.utils.parsedate_to_datetime(text)
    except (TypeError, ValueError, IndexError):
        return None
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=UNSTATED)


def _parse_cjk(text: str, lowered: str) -> datetime | None:
    m = _CJK.search(text)
    if not m:
        return None
    return _build(int(m["y"]), int(m["m"]), int(m["d"]), *_time_after(text, m.end()))


def _parse_month_name(text: str, lowered: str) -> datetime | None:
    for pattern in (_DMY_TEXT, _MDY_TEXT):
        for m in pattern.finditer(lowered):
            month = _MONTHS.get(m["mon"].rstrip("."))
            if month:
                H, M, S, tz = _time_after(lowered, m.end())
                if not (H or M):  # "14:05, 3 May 2024": time written first
                    H, M, S, tz2 = _time_before(lowered, m.start())
                    tz = tz or tz2
                return _build(int(m["y"]), month, int(m["d"]), H, M, S, tz)
    return None


def _parse_ymd_slash(text: str, lowered: str) -> datetime | None:
    m = _YMD_SLASH.search(text)
    if not m:
        return None
    return _build(int(m["y"]), int(m["m"]), int(m["d"]), *_time_after(text, m.end()))


def _parse_numeric(text: str, lowered: str, dayfirst: bool = True) -> datetime | None:
    """The first numeric triple that is a date: a score or a version number is none."""
    for m in _NUMERIC.finditer(text):
        a, b = int(m["a"]), int(m["b"])
        # Slashes are US month-first unless that cannot be; dots and dashes are day-first
        # unless that cannot be ("12/29/2014", "12.29.2014": the 29th is no month).
        day, month = (a, b) if (m["sep"] != "/" or a > 12) and b <= 12 else (b, a)
        if not dayfirst and m["sep"] == "/" and a <= 12 and b <= 12:
            day, month = b, a
        found = _build(int(m["y"]), month, day, *_time_after(text, m.end()))
        if found is not None:
            return found
    return None


def _parse_numeric_yy(text: str, lowered: str) -> datetime | None:
    """The first two-digit-year triple that is a date ("31.35.40 — 25.04.24": the second)."""
    for m in _NUMERIC_YY.finditer(text):
        a, b = int(m["a"]), int(m["b"])
        day, month = (b, a) if b > 12 else (a, b)  # day-first unless the month cannot be
        found = _build(2000 + int(m["y"]), month, day, *_time_after(text, m.end()))
        if found is not None:
            return found
    return None


_TEXT_PARSERS = (
    _parse_epoch,
    _parse_iso,
    _parse_rfc2822,
    _parse_cjk,
    _parse_month_name,
    _parse_ymd_slash,
)


def _parse_text(text: str, fetched_at: datetime | None, dayfirst: bool) -> datetime | None:
    """The first format that reads the text; absolute dates before relative ones."""
    lowered = text.lower()
    for parser in _TEXT_PARSERS:
        found = parser(text, lowered)
        if found is not None:
            return found
    found = _parse_numeric(text, lowered, dayfirst) or _parse_numeric_yy(text, lowered)
    return found if found is not None else _relative(lowered, fetched_at)


def _time_before(text: str, end: int) -> tuple[int, int, int, timezone | None]:
    found = list(_TIME.finditer(text, max(0, end - 30), end))
    if not found:
        return 0, 0, 0, None
    m = found[-1]
    return _time_after(text, m.start())


def _relative(text: str, fetched_at: datetime | None) -> datetime | None:
    if fetched_at is None:
        fetched_at = datetime.now(UTC)
    now = fetched_at if fetched_at.tzinfo else fetched_at.replace(tzinfo=UTC)
    m = _RELATIVE.search(text)
    if m:
        number = m["n1"] or m["n2"]
        unit = (m["u1"] or m["u2"]).lower()
        n = int(number) if number.isdigit() else vocab.NUMBER_WORDS.get(number.lower())
        seconds = vocab.REL_UNITS.get(unit) or vocab.REL_UNITS.get(unit.rstrip("s"))
        if n is not None and seconds:
            return _unstated(now - timedelta(seconds=n * seconds))
    if vocab.YESTERDAY.search(text):
        return _unstated(now - timedelta(days=1))
    if vocab.TODAY.search(text):
        return _unstated(now)
    return None


def _unstated(moment: datetime) -> datetime:
    """A moment not written by the page with its offset (our clock, a feed): UTC, no offset."""
    return (moment.astimezone(UTC) if moment.tzinfo else moment).replace(tzinfo=UNSTATED)


# URL date: /2019/11/18/ or /2019-11-18/ or /20191118/ (day optional only with a year/month pair).
_URL_DATE = re.compile(
    r"/((?:19|20)\d\d)[/_-]?([01]\d)[/_-]?([0-3]\d)(?:[/_-]|\.html?|$)|/((?:19|20)\d\d)/([01]\d)/"
)


# /2016/nov/29/: the month as a name (English abbreviations or names, any language we know).
_URL_DATE_NAMED = re.compile(r"/((?:19|20)\d\d)/([a-zäéû]{3,9})/([0-3]?\d)/", re.IGNORECASE)


def date_from_url(url: str, fetched_at: datetime | None = None) -> datetime | None:
    """The date a URL path spells: /2019/11/18/, /2019-11-18/, /20191118/, /2016/nov/29/.

    Year and month alone are too coarse to call a publication date.
    """
    m = _URL_DATE.search(url)
    value = None
    if m and m.group(1):
        value = _build(int(m.group(1)), int(m.group(2)), int(m.group(3)))
    elif m is None and (named := _URL_DATE_NAMED.search(url)):
        month = _MONTHS.get(named.group(2).lower())
        value = _build(int(named.group(1)), month, int(named.group(3))) if month else None
    return _plausible(value, fetched_at)


# --- finding a page's dates ----------------------------------------------------------
#
# Each rule reads one kind of evidence about *this* article: its JSON-LD and meta
# tags, <time> elements and date text inside the article's scope (scope.py; never
# in the site's header bar, ticker, sidebars or footer), the feed entry, the URL.
# The pipeline runs them as a chain; the first that finds a date wins.


def _ld_date(view: PageView, keys: tuple[str, ...]) -> datetime | None:
    objects = [view.ld] if view.ld else []
    for key in keys:
        for obj in objects + view.page.articles():
            value = obj.get(key)
            if isinstance(value, list):
                value = value[0] if value else None
            found = (
                parse_local(value, fetched_at=view.fetched_at) if isinstance(value, str) else None
            )
            if found:
                return found
    return None


def _meta_date(view: PageView, keys: tuple[str, ...]) -> datetime | None:
    """The first parseable date among the meta tags ``keys``, in order of preference."""
    for key in keys:
        for value in view.page.meta.get(key, ()):
            found = parse_local(value, fetched_at=view.fetched_at)
            if found:
                return found
    return None


def _region(view: PageView) -> etree._Element:
    return view.scope if view.scope is not None else view.root


def _article_evidence(
    view: PageView, el: etree._Element, columns: dict[etree._Element, bool]
) -> bool:
    """Outside the chrome, readers' comments and links to other pages (teaser cards).

    ``columns``: one dict per pass over the page's elements (``scope.in_comment``).
    """
    title = view.headline_element
    return (
        not in_foreign_link(view, el)
        and not is_chrome(el, stop=view.scope, title=title)
        and not in_comment(el, title, columns)
    )


def _nearest(
    view: PageView, found: list[tuple[etree._Element, datetime, bool]], update: bool
) -> datetime | None:
    """The date of the wanted kind nearest the headline (scope.nearest_to_headline)."""
    dates = {el: d for el, d, is_update in found if is_update == update}
    listed = _listed(view, dates)
    best = nearest_to_headline(view, [el for el in dates if el not in listed])
    return dates[best] if best is not None else None


def _listed(view: PageView, dated: dict[etree._Element, datetime]) -> set[etree._Element]:
    """The dated elements that are items of a list of other things (events, stories).

    Walking up from one, the first block that holds another dated element holds it
    in a sibling of the same kind (tag and class: the next ``<ul class=description>``
    of an events widget, the next card) with another day, and does not hold the
    headline (the block of the article's own meta line does). An item holds little
    text: a branch with the article's paragraphs in it is the article's own.
    """
    title = view.headline_element
    if title is None:
        return set()  # no headline to tell the article's own block from a list
    # One climb from each dated element: how many dated elements each block is or
    # holds, and per block the days below each kind of child, so that each test
    # below is a lookup rather than a walk over the other dated elements.
    held: dict[etree._Element, int] = {}
    days_by_kind: dict[etree._Element, dict[tuple[Any, str | None], set[date]]] = {}
    for el, day in dated.items():
        held[el] = held.get(el, 0) + 1
        child = el
        for block in el.iterancestors():
            held[block] = held.get(block, 0) + 1
            kinds = days_by_kind.setdefault(block, {})
            kinds.setdefault((child.tag, child.get("class")), set()).add(day.date())
            child = block
    out = set()
    prose: dict[etree._Element, bool] = {}
    for el, day in dated.items():
        branch, block = el, el.getparent()
        while block is not None and held[block] < 2:  # holds no dated element but ``el``
            branch, block = block, block.getparent()
        if block is None or _within(title, block):
            continue
        kind = (branch.tag, branch.get("class"))
        days = days_by_kind[block].get(kind, set())
        if any(other != day.date() for other in days) and not _own_block(branch, kind, prose):
            out.add(el)
    return out


def _own_block(
    branch: etree._Element, kind: tuple[Any, str | None], prose: dict[etree._Element, bool]
) -> bool:
    """The article's own block beside generic siblings of the same kind (Bootstrap's next
    ``div.row``, a classless ``<div>``): the one of its kind that holds more text than a
    list item. Where several do (a list of long teasers, of full posts), it is an item.

    ``prose``: whether each element holds that much, kept across the calls of one check.
    """

    def holds_prose(el: etree._Element) -> bool:
        if el not in prose:
            prose[el] = len(text_of(el)) > vocab.WALK_ENOUGH_CHARS
        return prose[el]

    parent = branch.getparent()
    return holds_prose(branch) and not any(
        sibling is not branch
        and (sibling.tag, sibling.get("class")) == kind
        and holds_prose(sibling)
        for sibling in (parent if parent is not None else ())
    )


def _is_update(el: etree._Element, text: str) -> bool:
    """Marked as an update: by its label, or by class/itemprop (its own or its parent's).

    An element whose own class says "published" too is the publication: WordPress
    themes mark a post's one date "entry-date published updated".
    """
    if vocab.UPDATED_LABEL.match(text.strip()):
        return True
    ci = (el.get("class") or "") + " " + (el.get("itemprop") or "")
    if "publish" in ci.lower():
        return False
    parent = el.getparent()
    if parent is not None:
        ci += " " + (parent.get("class") or "")
    return bool(vocab.UPD_CLASS.search(ci))


def _time_elements(view: PageView) -> list[tuple[etree._Element, datetime, bool]]:
    """(element, date, is an update) of the article's <time> elements, in document order."""
    columns: dict[etree._Element, bool] = {}  # per comment-classed block: the article's own?
    out = []
    for el in _region(view).iter("time"):
        text = text_of(el)
        found = parse_local(
            el.get("datetime") or el.get("content") or text, fetched_at=view.fetched_at
        )
        if found and _article_evidence(view, el, columns):
            out.append((el, found, _is_update(el, _label_before(el) + text)))
    return out


def _label_before(el: etree._Element) -> str:
    """The text just before an element ("Updated: <time>…"), from its parent's flow."""
    prev = el.getprevious()
    raw = (
        prev.tail
        if prev is not None
        else (el.getparent().text if el.getparent() is not None else None)
    )
    return (raw or "")[-30:].strip() + " " if raw else ""


def published_time(view: PageView) -> datetime | None:
    return _nearest(view, _time_elements(view), update=False)


def updated_time(view: PageView) -> datetime | None:
    return _nearest(view, _time_elements(view), update=True)


def _microdata(view: PageView, names: frozenset[str]) -> datetime | None:
    """schema.org microdata or RDFa on the article's elements: ``itemprop="datePublished"``."""
    columns: dict[etree._Element, bool] = {}  # per comment-classed block: the article's own?
    for el in _region(view).iter():
        prop = el.get("itemprop") or el.get("property")
        if not prop or prop.rsplit(":", 1)[-1].lower() not in names or el.tag == "meta":
            continue
        value = el.get("datetime") or el.get("content") or text_of(el)[:80]
        found = parse_local(value, fetched_at=view.fetched_at)
        if found and _article_evidence(view, el, columns):
            return found
    return None


def feed_date(hints: FeedHints | None, name: str, fetched_at: datetime) -> datetime | None:
    """The feed entry's ``published_at`` or ``updated_at``, if plausible."""
    value = getattr(hints, name, None) if hints is not None else None
    if not isinstance(value, datetime):
        return None
    # The feed's own offset is not kept by discovery: the moment only.
    return _plausible(_unstated(value), fetched_at)


def labelled_date(view: PageView) -> datetime | None:
    """A labelled date in the article: "<strong>Datum</strong> 28.04.2023", "<dt>Published</dt>"."""
    columns: dict[etree._Element, bool] = {}  # per comment-classed block: the article's own?
    for el in _region(view).iter("strong", "b", "dt", "th", "span", "label"):
        label = el.text
        if not label or len(label) > 24 or len(el) or not vocab.DATE_LABEL.match(label.strip()):
            continue
        value = (el.tail or "").strip()
        if not value and el.getnext() is not None:
            value = text_of(el.getnext())
        found = parse_local(value[:80], fetched_at=view.fetched_at) if value else None
        if found and _article_evidence(view, el, columns):
            return found
    return None


_DATED_TAGS = ("span", "div", "p", "li", "time")


def _date_attribute(el: etree._Element) -> bool:
    # One search of the joined names (no name holds a space) instead of a generator over
    # an attribute view: about half the cost, for each element of the walk.
    return "date" in " ".join(el.keys())


def _classed_dates(view: PageView) -> list[tuple[etree._Element, datetime, bool]]:
    """(element, date, is an update) of short elements with a date-ish class or data attribute."""
    columns: dict[etree._Element, bool] = {}  # per comment-classed block: the article's own?
    out = []
    for el in classed(_region(view), _DATED_TAGS, vocab.DATE_CLASS_WORDS, _date_attribute):
        ci = el.get("class") or ""
        if len(el) > 4 or el.tag == "time" and not vocab.UPD_CLASS.search(ci):
            continue
        if not (ci and vocab.PUB_CLASS.search(ci)) and not any("date" in k for k in el.attrib):
            continue
        text = text_of(el)
        if len(text) > 120:
            continue
        found = parse_local(el.get("datetime") or text, fetched_at=view.fetched_at)
        if found and _article_evidence(view, el, columns):
            out.append((el, found, _is_update(el, text)))
    return out


def classed_published(view: PageView) -> datetime | None:
    return _nearest(view, _classed_dates(view), update=False)


def classed_updated(view: PageView) -> datetime | None:
    return _nearest(view, _classed_dates(view), update=True)


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
    if value.date() in _days_in(kept):
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
    of what ``_article_copy`` keeps. Asked last, when every other rule found nothing.
    """
    title, body = view.headline_element, view.root.find("body")
    if not HTMLDATE_FALLBACK or title is None or body is None:
        return None
    # The days written first: where the copy writes none, no htmldate day could be kept,
    # and the whole page's htmldate pass (the costlier part) is spared.
    written = _days_in(_copy_from_headline_block(view, body, title))
    if not written:
        return None
    value = _find_date(view, etree.tostring(view.root, method="html", encoding="unicode"))
    return value if value is not None and value.date() in written else None


def _copy_from_headline_block(
    view: PageView, body: etree._Element, title: etree._Element
) -> etree._Element:
    """The article's copy of ``body`` (without chrome, teaser links, update stamps)
    from the start of the headline's block on."""
    return _article_copy(view, body, headline_block(title, apart_from_site=True))


def _days_in(kept: etree._Element) -> set[date]:
    """The days a copy writes, in its text or its attributes."""
    # The text pieces apart (no digit glued to the next piece's date) and joined as
    # they read (a date split over elements: "8.<a>Dezember</a> 2010"), and attributes.
    pieces = list(kept.itertext())
    attributes = [v for el in kept.iter() for v in el.attrib.values()]
    return days_written(" ".join([*pieces, *attributes]) + " " + "".join(pieces))


def days_written(text: str) -> set[date]:
    """Every day one of the date patterns reads in ``text``, wherever it is written."""
    found = set()
    for pattern in (_ISO, _DMY_TEXT, _MDY_TEXT, _NUMERIC, _YMD_SLASH, _CJK, _NUMERIC_YY):
        for m in pattern.finditer(text):
            value = parse_local(m.group(0))
            if value is not None:
                found.add(value.date())
    return found


def _htmldate(
    view: PageView, source: etree._Element | None, start: etree._Element | None = None
) -> datetime | None:
    """htmldate's original date in ``source`` without chrome, teaser links and updates
    (and without what precedes ``start``)."""
    if not HTMLDATE_FALLBACK or source is None:
        return None
    return _find_date(view, _as_page(_article_copy(view, source, start)))


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
            max_date=view.fetched_at.strftime("%Y-%m-%d"),
        )
    except Exception:  # noqa: BLE001 - a third-party heuristic must never fail a parse
        return None
    value = parse_local(found, fetched_at=view.fetched_at) if found else None
    if value is not None and value.day == 1 and not _day_written(html, value):
        return None  # a year or a year and month alone ("/uploads/2019/01/"), read as the 1st
    return value


def _update_stamp(el: etree._Element) -> bool:
    """A short element that states when the article was updated ("Updated: <time>")."""
    if el.tag not in ("time", "span", "p", "div", "li") or len(el) > 4:
        return False
    ci = (el.get("class") or "") + " " + (el.get("itemprop") or "")
    if vocab.UPD_CLASS.search(ci):
        return True
    text = _label_before(el) + (el.text or "") if el.tag == "time" else (el.text or "")
    return bool(vocab.UPDATED_LABEL.match(text.strip()))


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
    names = [n for n, num in _MONTHS.items() if num == m and len(n) > 2]
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


_NOT_TEXT = ("script", "style", "noscript", "template")


def _article_copy(
    view: PageView, source: etree._Element, start: etree._Element | None = None
) -> etree._Element:
    """A copy of ``source`` without chrome, updates and teaser links.

    ``start`` (the headline, or its block): without what the page prints before it as well.
    """
    import copy

    doomed_at = _doomed_positions(view, source, start)
    keep = copy.deepcopy(source)
    # Map the doomed elements onto the copy by their position in document order.
    for i, el in reversed(list(enumerate(keep.iter()))):
        if i in doomed_at and el.getparent() is not None:
            _remove(el, keep_tail=doomed_at[i])
    # No code or styling: a script's timestamp (an ad slot's "served at") is nobody's
    # publication date, and the page's JSON-LD was read by the chain's first rule.
    etree.strip_elements(keep, *_NOT_TEXT, with_tail=False)
    # Nor inline CSS: a card's background photo is named by the camera's day
    # ("IMG_20191207_115304.jpg"), which htmldate reads as a date.
    etree.strip_attributes(keep, "style")
    return keep


def _remove(el: etree._Element, keep_tail: bool) -> None:
    """Remove ``el``, and with ``keep_tail`` not the text that follows it, which is its
    parent's ("By <a href=/author/x>Jane Doe</a> 3 May 2024": the date is no link's)."""
    parent, previous = el.getparent(), el.getprevious()
    if keep_tail and el.tail and previous is not None:
        previous.tail = (previous.tail or "") + el.tail
    elif keep_tail and el.tail:
        parent.text = (parent.text or "") + el.tail
    parent.remove(el)


def _doomed_positions(
    view: PageView, source: etree._Element, start: etree._Element | None
) -> dict[int, bool]:
    """Positions in ``source.iter()`` of the elements ``_article_copy`` leaves out, each
    with whether the text after it (its tail, the parent's text) stays.

    Below a left-out element nothing is checked: its whole subtree goes with it.
    """
    title = view.headline_element
    listed = _listed(view, {el: d for el, d, _ in _time_elements(view) + _classed_dates(view)})
    # Before ``start`` in document order: what the walk meets before it, when it is
    # inside the source; all of it or nothing when it is outside.
    before_start = (
        start is not None
        and start is not source
        and (_within(start, source) or view.position(start) > view.position(source))
    )
    doomed_at: dict[int, bool] = {}
    position = 0
    stack = list(reversed(source))
    while stack:
        el = stack.pop()
        position += 1
        if el is start:
            before_start = False
        if (
            isinstance(el.tag, str)
            and (
                _chrome_block(el)
                or (_comment_block(el) and not holds_article_body(el))
                or (el.tag == "a" and not _links_here_el(view, el))
                or _update_stamp(el)
                or el in listed
                or before_start
            )
            and not (title is not None and _within(title, el))
        ):
            doomed_at[position] = not before_start  # its tail is read after ``start``
            position += sum(1 for _ in el.iter()) - 1
        else:
            stack.extend(reversed(el))
    return doomed_at


DateRule = tuple[str, Callable[["PageView"], "datetime | None"]]

PUBLISHED_RULES: tuple[DateRule, ...] = (
    ("json-ld", lambda v: _ld_date(v, ("datePublished",)) or _ld_date(v, ("dateCreated",))),
    ("meta", lambda v: _meta_date(v, vocab.PUBLISHED_META)),
    ("heuristic", lambda v: _microdata(v, vocab.PUBLISHED_PROPS)),
    ("heuristic", published_time),
    ("feed", lambda v: feed_date(v.hints, "published_at", v.fetched_at)),
    ("url", lambda v: date_from_url(v.url, v.fetched_at)),
    ("heuristic", labelled_date),
    ("heuristic", classed_published),
    ("htmldate", htmldate_fallback),
    ("htmldate", htmldate_beside_scope),
    ("htmldate", htmldate_written_near_title),
)
UPDATED_RULES: tuple[DateRule, ...] = (
    ("json-ld", lambda v: _ld_date(v, ("dateModified",))),
    ("meta", lambda v: _meta_date(v, vocab.UPDATED_META)),
    ("heuristic", lambda v: _microdata(v, vocab.UPDATED_PROPS)),
    ("heuristic", updated_time),
    ("feed", lambda v: feed_date(v.hints, "updated_at", v.fetched_at)),
    ("heuristic", classed_updated),
)


def first_date(view: PageView, rules: tuple[DateRule, ...]) -> tuple[datetime, str] | None:
    """The first rule's date (in the offset it was written in), with the rule's provenance."""
    for provenance, rule in rules:
        found = rule(view)
        if found is not None:
            return found, provenance
    return None


Found = tuple[datetime, str]  # (date as written, provenance)


def find_dates(
    view: PageView,
    published_rules: tuple[DateRule, ...],
    updated_rules: tuple[DateRule, ...],
) -> tuple[Found | None, Found | None]:
    """The published and updated dates, each in the page's own offset (``in_page_offset``).

    Published is the first rule's, unless the page contradicts it: where the page's
    metadata and its visible date disagree, readers see the visible one
    (``corroborated``). The page's zone is looked up once, and only when a date
    states no offset of its own.
    """
    published = first_date(view, published_rules)
    if published is not None and published[1] in _METADATA:
        published = corroborated(view, published)
    if published is not None and _in_utc(published[0]):
        published = _as_printed(view, published[0]), published[1]
    updated = first_date(view, updated_rules)
    if not any(f is not None and f[0].tzinfo is UNSTATED for f in (published, updated)):
        return published, updated
    zone = page_zone(view)
    if published is not None:
        published = _in_zone(published[0], zone), published[1]
    if updated is not None:
        updated = _in_zone(updated[0], zone), updated[1]
    return published, updated


# --- the page's own offset -------------------------------------------------------------


def offset_minutes(value: datetime) -> int | None:
    """Minutes east of UTC the value was written in; None when it stated no offset."""
    delta = value.utcoffset() if value.tzinfo is not UNSTATED else None
    return int(delta.total_seconds()) // 60 if delta is not None else None


FoundDate = tuple[datetime, str]  # (the value as written, the rule that found it)


def store_dates(article: Article, published: FoundDate | None, updated: FoundDate | None) -> None:
    """Put the dates found on ``article``, each with its rule in the provenance.

    Each is stored in UTC, with the offset the page wrote it in beside it (None:
    it gave none). An "updated" that is not after "published" is no update.
    """
    if published is not None:
        article.published_at = published[0].astimezone(UTC)
        article.published_offset = offset_minutes(published[0])
        article.provenance["published_at"] = published[1]
    if updated is not None and (published is None or updated[0] > published[0]):
        article.updated_at = updated[0].astimezone(UTC)
        article.updated_offset = offset_minutes(updated[0])
        article.provenance["updated_at"] = updated[1]


def in_page_offset(view: PageView, value: datetime) -> datetime:
    """The value in the offset the page wrote it in.

    A value that states its offset keeps it. One that states none (a date alone,
    a naive clock time) is read in the offset the article's metadata writes all
    its dates in (``page_offset``), if it writes one, else in the one zone of the
    page's language where that language is spoken in one zone only
    (``LANGUAGE_ZONES``); otherwise it stays ``UNSTATED``.
    """
    return value if value.tzinfo is not UNSTATED else _in_zone(value, page_zone(view))


def _in_zone(value: datetime, zone: timezone | None) -> datetime:
    """A value that states no offset read in ``zone``, if there is one; any other as it is."""
    return value.replace(tzinfo=zone) if value.tzinfo is UNSTATED and zone is not None else value


def _in_utc(value: datetime) -> bool:
    return value.tzinfo is not UNSTATED and value.utcoffset() == timedelta(0)


def _as_printed(view: PageView, value: datetime) -> datetime:
    """A moment the metadata states in UTC, in the offset the page writes that moment in.

    Many CMSs state every time in UTC ("2019-11-19T07:03:25+00:00") while the byline
    prints the local clock ("November 18, 2019 11:03 PM"): the moment is the same, the
    day readers see is the printed one. The offset is taken from another writing of the
    same moment among the publication's witnesses (JSON-LD, meta tags, the article's
    ``<time>`` and date-classed elements, attribute and text): one that states a
    non-zero offset, or a local clock time that differs from the UTC one by a whole
    quarter hour (at most 14 hours). No such writing, a printed clock equal to the UTC
    one, or two offsets leave the value in UTC (a site whose JSON-LD says 21:00-05:00
    for the moment its page prints as "6 May 2022 - 2:00 a. m." is read as printed).
    """
    offsets = set()
    for written in _publication_writings(view):
        found = parse_local(written, fetched_at=view.fetched_at)
        if found is None:
            continue
        if found.tzinfo is not UNSTATED:
            if found == value and found.utcoffset():
                offsets.add(found.utcoffset())
            continue
        if found.time() == datetime.min.time():
            continue  # a day alone writes no clock time to compare
        delta = found.replace(second=0, tzinfo=UTC) - value.replace(second=0, microsecond=0)
        if abs(delta) <= timedelta(hours=14) and not delta % timedelta(minutes=15):
            offsets.add(delta)  # 0 too: a clock printed as the UTC one says UTC
    offset = offsets.pop() if len(offsets) == 1 else None
    return value.astimezone(timezone(offset)) if offset else value


def _publication_writings(view: PageView) -> list[str]:
    """The publication moment as the article writes it: JSON-LD, meta, its ``<time>``
    and date-classed elements (attribute and printed text)."""
    objects = ([view.ld] if view.ld else []) + view.page.articles()
    written = [
        value
        for obj in objects
        for key in ("datePublished", "dateCreated")
        if isinstance(value := obj.get(key), str)
    ]
    written += [v for key in vocab.PUBLISHED_META for v in view.page.meta.get(key, ()) if v]
    for el, _, is_update in _time_elements(view) + _classed_dates(view):
        if not is_update:
            written += [v for v in (el.get("datetime"), text_of(el)[:80]) if v]
    return written


def page_zone(view: PageView) -> timezone | None:
    """The zone a date without an offset is read in: ``page_offset``, else the language's."""
    return page_offset(view) or LANGUAGE_ZONES.get((view.article.language or "")[:2].lower())


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
    objects = ([view.ld] if view.ld else []) + view.page.articles()
    stamps = [
        value
        for obj in objects
        for key in ("datePublished", "dateModified", "dateCreated")
        if isinstance(value := obj.get(key), str)
    ]
    for key in vocab.PUBLISHED_META + vocab.UPDATED_META:
        stamps += [v for v in view.page.meta.get(key, ()) if v]
    return stamps


# --- metadata against the page ---------------------------------------------------------

_METADATA = ("json-ld", "meta")


def corroborated(view: PageView, found: tuple[datetime, str]) -> tuple[datetime, str]:
    """The metadata's published date, or the day two other witnesses agree on instead.

    A CMS's JSON-LD or meta date is sometimes the day the page was set up, a
    print edition's day or a copy's; the page prints another. Days are compared
    as written (a local evening is not the next day). The metadata's date stands
    when any other witness (JSON-LD, meta tags, microdata, the visible date near
    the headline) confirms its day; otherwise a day that two witnesses give wins
    (htmldate on the article is asked for a second opinion only then), unless it
    is the day the metadata says the page was modified and no metadata calls it
    the publication day.
    """
    value, provenance = found
    day = value.date()
    # The article's scope is settled here, as the page is before the body step removes
    # anything, whether or not the witnesses below get as far as reading it.
    _region(view)
    others: dict[date, list[tuple[str, datetime]]] = {}
    for name, witnessed in _published_witnesses(view):
        if witnessed.date() == day and name != provenance:
            return found  # confirmed
        if witnessed.date() != day:
            others.setdefault(witnessed.date(), []).append((name, witnessed))
    if any(len(named) == 1 for named in others.values()):
        second = htmldate_fallback(view)
        if second is not None and second.date() in others:
            others[second.date()].append(("htmldate", second))
    best = _agreed_day(view, others)
    return (best[0][1], _WITNESS_PROVENANCE[best[0][0]]) if best else found


def _agreed_day(
    view: PageView, others: dict[date, list[tuple[str, datetime]]]
) -> list[tuple[str, datetime]]:
    """The witnesses of the day most of them give, if two or more give it.

    The day the page was modified needs a declared witness (JSON-LD, meta,
    microdata): a visible "updated" date is no publication date.
    """
    modified = {
        d.date()
        for d in (_ld_date(view, ("dateModified",)), _meta_date(view, vocab.UPDATED_META))
        if d is not None
    }
    best: list[tuple[str, datetime]] = []
    for day, named in others.items():
        names = {name for name, _ in named}
        if len(names) < 2 or (day in modified and not names & _DECLARED):
            continue
        if len(named) > len(best):
            best = named
    return best


_DECLARED = {"json-ld", "meta", "microdata"}
_WITNESS_PROVENANCE = {
    "json-ld": "json-ld",
    "meta": "meta",
    "microdata": "heuristic",
    "visible": "heuristic",
    "htmldate": "htmldate",
}


def _published_witnesses(view: PageView) -> Iterator[tuple[str, datetime]]:
    """(witness, date as written) of each kind of evidence that names a publication date.

    Each is read only when asked for: ``corroborated`` stops at the first that
    confirms the metadata's day (most pages: JSON-LD and meta agree), and the last
    two walk the article's elements.
    """
    readers: tuple[tuple[str, Callable[[], datetime | None]], ...] = (
        ("json-ld", lambda: _ld_date(view, ("datePublished",)) or _ld_date(view, ("dateCreated",))),
        ("meta", lambda: _meta_date(view, vocab.PUBLISHED_META)),
        ("microdata", lambda: _microdata(view, vocab.PUBLISHED_PROPS)),
        ("visible", lambda: visible_date(view)),
    )
    for name, read in readers:
        found = read()
        if found is not None:
            yield name, found


def visible_date(view: PageView) -> datetime | None:
    """The date printed near the headline, if the article's dated elements agree on one day.

    Several days among them are a list of other stories or events, no witness.
    """
    dated = [(el, d) for el, d, update in _time_elements(view) + _classed_dates(view) if not update]
    if len({d.date() for _, d in dated}) > 1:
        return labelled_date(view)
    best = nearest_to_headline(view, [el for el, _ in dated])
    return next((d for el, d in dated if el is best), None) or labelled_date(view)
