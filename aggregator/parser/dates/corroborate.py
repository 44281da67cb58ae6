"""Metadata against the page: the metadata's published day, or the day two other
witnesses agree on instead."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import date, datetime, timezone
from typing import TYPE_CHECKING

from aggregator.parser import vocab
from aggregator.parser.dates.declared import ld_date, meta_date, microdata
from aggregator.parser.dates.evidence import region
from aggregator.parser.dates.fallback import htmldate_fallback
from aggregator.parser.dates.formats import FoundDate
from aggregator.parser.dates.in_page import labelled_date
from aggregator.parser.dates.zones import as_printed, as_read, in_utc, printed_zone
from aggregator.parser.scope import nearest_to_headline

if TYPE_CHECKING:
    from aggregator.parser.view import PageView

METADATA = ("json-ld", "meta")


def corroborated(view: PageView, found: FoundDate) -> FoundDate:
    """The metadata's published date, or the day two other witnesses agree on instead,
    in the offset the page prints it in (``zones.as_printed``).

    A CMS's JSON-LD or meta date is sometimes the day the page was set up, a
    print edition's day or a copy's; the page prints another. Days are compared
    as the page prints them (a local evening is not the next day): a value written
    with its offset as written, one the metadata states in UTC, and every witness
    stated in UTC, in the offset the page prints the metadata's moment in
    (``zones.printed_zone``; "2024-03-05T02:30:00Z" printed "March 4, 2024 9:30 pm"
    is the 4th, and the 4th printed beside it confirms it). The metadata's date stands
    when any other witness (JSON-LD, meta tags, microdata, the visible date near
    the headline) confirms its day; otherwise a day that two witnesses give wins
    (htmldate on the article is asked for a second opinion only then), unless it
    is the day the metadata says the page was modified and no metadata calls it
    the publication day. The winner is stored on the day agreed on.

    A known limit: the one offset of the metadata's moment is applied to every
    witness stated in UTC and to the modified day, as a fixed offset, not a zone's
    rules; a witness on the other side of a daylight-saving change (a modified day
    weeks later) is read an hour off, which moves its day only within an hour of
    midnight.
    """
    value, provenance = found
    # The article's scope is settled here, as the page is before the body step removes
    # anything, whether or not the witnesses below get as far as reading it.
    region(view)
    zone = printed_zone(view, value) if in_utc(value) else None
    printed = as_read(value, zone)
    others: dict[date, list[tuple[str, datetime]]] = {}
    for name, witnessed in _published_witnesses(view):
        day = as_read(witnessed, zone).date()
        if day == printed.date() and name != provenance:
            return printed, provenance  # confirmed
        if day != printed.date():
            others.setdefault(day, []).append((name, witnessed))
    if any(len(named) == 1 for named in others.values()):
        second = htmldate_fallback(view)
        if second is not None and second.date() in others:
            others[second.date()].append(("htmldate", second))
    agreed = _agreed_day(view, others, zone)
    if agreed is None:
        return printed, provenance
    day, ((name, witnessed), *_) = agreed
    if in_utc(witnessed):
        # In the offset the page prints the winner's own moment in, unless that moves
        # it off the day the witnesses agreed on (no writing of that moment, or one in
        # another offset): then as its day was compared.
        local = as_printed(view, witnessed)
        witnessed = local if local.date() == day else as_read(witnessed, zone)
    return witnessed, _WITNESS_PROVENANCE[name]


def _agreed_day(
    view: PageView, others: dict[date, list[tuple[str, datetime]]], zone: timezone | None
) -> tuple[date, list[tuple[str, datetime]]] | None:
    """The day most witnesses give, with its witnesses, if two or more give it.

    The day the page was modified (read as the days in ``others`` are, ``as_read``)
    needs a declared witness (JSON-LD, meta, microdata): a visible "updated" date is
    no publication date.
    """
    modified = {
        as_read(d, zone).date()
        for d in (ld_date(view, ("dateModified",)), meta_date(view, vocab.UPDATED_META))
        if d is not None
    }
    best: tuple[date, list[tuple[str, datetime]]] | None = None
    for day, named in others.items():
        names = {name for name, _ in named}
        if len(names) < 2 or (day in modified and not names & _DECLARED):
            continue
        if best is None or len(named) > len(best[1]):
            best = day, named
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
        ("json-ld", lambda: ld_date(view, ("datePublished",)) or ld_date(view, ("dateCreated",))),
        ("meta", lambda: meta_date(view, vocab.PUBLISHED_META)),
        ("microdata", lambda: microdata(view, vocab.PUBLISHED_PROPS)),
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
    dated = [(el, d) for el, d, update in view.time_elements + view.classed_dates if not update]
    if len({d.date() for _, d in dated}) > 1:
        return labelled_date(view)
    best = nearest_to_headline(view, [el for el, _ in dated])
    return next((d for el, d in dated if el is best), None) or labelled_date(view)
