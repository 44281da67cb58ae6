"""A page that prints its update and no publication date: the update is the day its
readers are shown, and the day it is known by (stop 47, docs/parser.md "Updates")."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from typing import TYPE_CHECKING

from aggregator.parser import vocab
from aggregator.parser.dates.declared import ld_date, meta_date
from aggregator.parser.dates.evidence import region
from aggregator.parser.dates.formats import DAY_MONTH, MONTH_DAY, UNSTATED, FoundDate
from aggregator.parser.dates.in_page import (
    byline_published,
    byline_updated,
    classed_published,
    classed_updated,
    labelled_date,
    labelled_published,
    labelled_updated,
    published_time,
    updated_time,
)
from aggregator.parser.dates.parse import days_in_order, read_local, relative_stamp
from aggregator.parser.dates.zones import in_utc, page_zone

if TYPE_CHECKING:
    from collections.abc import Callable, Iterator

    from aggregator.parser.view import PageView

# ``provenance["published_at"]`` of a publication date that is the page's printed update.
PRINTED_UPDATE = "printed-update"

_PRINTED_UPDATES: tuple[Callable[[PageView], datetime | None], ...] = (
    updated_time,
    classed_updated,
    byline_updated,
    labelled_updated,
)
# The published chain's printed rules: those that read the page's dated elements, listed
# once per page (``PageView.time_elements``, ``classed_dates``, ``byline_dates``), are
# asked first, before any rule walks the article again.
_LISTED_PUBLICATIONS: tuple[Callable[[PageView], datetime | None], ...] = (
    published_time,
    classed_published,
    byline_published,
)
_LABELLED_PUBLICATIONS: tuple[Callable[[PageView], datetime | None], ...] = (
    labelled_date,
    labelled_published,
)


def update_shown_alone(view: PageView, published: FoundDate | None) -> FoundDate | None:
    """The update the article prints, as its publication (provenance ``PRINTED_UPDATE``),
    where it prints no publication date of its own; else ``published``.

    "Updated 2010 GMT March 14, 2021" under the headline, with the first publication of
    March 8 only in the metadata, or "Last updated 04 Jun 2020, originally created 17 Jun
    2019" (a creation is no publication label): the page is dated to its readers by its
    update, as every annotated set dates it (docs/benchmarks.md, "Stop 47: a page that
    prints only its update, adopted"). The metadata's modified moment, where it falls on
    the printed update's day, gives the update its clock ("Updated March 14, 2021" under
    a ``lastmod`` of 2021-03-14T20:10:50Z). The updated chain's date is then stored only
    where it is later still (``store_dates``).
    """
    operators = published is not None and published[1] == "override"  # a source's selector
    if operators or _prints(view, _LISTED_PUBLICATIONS):
        return published
    update = _printed_update(view)
    if update is None or _keeps_published(view, published, update):
        return published
    declared = ld_date(view, ("dateModified",)) or meta_date(view, vocab.UPDATED_META)
    if declared is not None and declared.date() == update.date():
        return declared, PRINTED_UPDATE
    return update, PRINTED_UPDATE


def _printed_update(view: PageView) -> datetime | None:
    """The update the article prints (the updated chain's ``<time>``, classed, byline and
    labelled rules), where it is not after the day of the fetch: "Next update: 6 December
    2026 09:00 GMT" is a schedule."""
    update = next((d for rule in _PRINTED_UPDATES if (d := rule(view)) is not None), None)
    if update is None or update.date() > view.fetched_here.date():
        return None
    return update


def _keeps_published(view: PageView, published: FoundDate | None, update: datetime) -> bool:
    """``published`` stands beside the printed ``update``: the update is on no later day;
    a labelled line prints a publication date; or the article's top writes
    ``published``'s day, not after the update's, in a line no rule reads as a publication
    ("By Jane Doe, December 2, 2026" over "Updated: December 4, 2026"). (The operator's
    selector and a publication in the page's dated elements are asked first.)"""
    if published is not None and not _later_day(update, published[0]):
        return True
    if _prints(view, _LABELLED_PUBLICATIONS):
        return True
    return published is not None and _written_first(view, published[0], update)


def _prints(view: PageView, rules: tuple[Callable[[PageView], datetime | None], ...]) -> bool:
    """One of the publication ``rules`` reads a date the page prints."""
    return any(rule(view) is not None for rule in rules)


def _later_day(update: datetime, published: datetime) -> bool:
    """``update`` is on a later day than ``published``, each read as written and, where
    both state an offset, in UTC too: an update minutes after a publication of the evening
    before in the page's offset is no later day."""
    if update.date() <= published.date():
        return False
    if update.tzinfo is UNSTATED or published.tzinfo is UNSTATED:
        return True
    return update.astimezone(UTC).date() > published.astimezone(UTC).date()


def _written_first(view: PageView, published: datetime, update: datetime) -> bool:
    """A piece of the article's top text (``_top_pieces``) writes ``published``'s day
    (``_published_days``), and not after the update's: "By Jane Doe, December 2, 2026" on
    its own, "on December 27, 2014 at 4:28 PM, updated <span>December 29, 2014</span>";
    not "Last updated 04 Jun 2020, originally created 17 Jun 2019". A day written
    without its year ("20 Nov", "Nov. 20", "Friday 20 November") or counted back from the
    fetch ("16 days ago") that is ``published``'s counts too (``_shown_otherwise``)."""
    published_days = _published_days(view, published)
    for piece in _top_pieces(view):
        days = days_in_order(piece, dayfirst=view.day_first)
        first = next((i for i, day in enumerate(days) if day in published_days), None)
        if first is None:
            if _shown_otherwise(view, piece, published_days):
                return True
            continue
        if update.date() not in days or first < days.index(update.date()):
            return True
    return False


def _published_days(view: PageView, published: datetime) -> set[date]:
    """The days ``published`` may be printed on: its own, and, still stated in UTC (no
    witness wrote the moment in another offset: ``chain.find_dates`` reads it as
    printed first), its day in the page's zone (``page_zone``) or, where no zone is
    known, the day before and after: a US evening publication, "By Jane Doe, November
    20, 2026 11:30 PM PST" in a byline no rule reads, is 07:30Z on the 21st."""
    if not in_utc(published):
        return {published.date()}
    zone = page_zone(view)
    if zone is not None:
        return {published.date(), published.astimezone(zone).date()}
    return {published.date() + timedelta(days=step) for step in (-1, 0, 1)}


def _shown_otherwise(view: PageView, piece: str, published_days: set[date]) -> bool:
    """``piece`` prints one of ``published_days`` without its year ("20 Nov", "Nov. 20") or
    as a time counted back from the fetch ("16 days ago", "2 weeks ago")."""
    for pattern in (DAY_MONTH, MONTH_DAY):
        for m in pattern.finditer(piece):
            month = vocab.MONTHS.get(m["mon"].lower().rstrip("."))
            if month is not None and any(
                (day.month, day.day) == (month, int(m["d"])) for day in published_days
            ):
                return True
    counted = relative_stamp(piece)
    if counted is None:
        return False
    back = read_local(counted.group(0), fetched_at=view.fetched_here)
    return back is not None and back.date() in published_days


def _top_pieces(view: PageView) -> Iterator[str]:
    """The text pieces (an element's ``datetime`` attribute, its text, a tail) of the
    article's scope before its text's first paragraph (``PageView.text_start``), in
    document order; a day in the text, a caption's "Datensatz vom 09.03.2016", is no
    publication line."""
    start = view.text_start
    around = set(start.iterancestors()) if start is not None else set()
    for el in region(view).iter():
        if el is start:
            return
        if isinstance(el.tag, str) and el.tag not in ("script", "style"):
            # A ``datetime`` attribute is printed as its element's day ("<time
            # datetime=...>Nov 20</time>", ``<amp-timeago>``).
            yield from (text for text in (el.get("datetime"), el.text) if text)
        if el.tail and el not in around:  # the tail of a block around the start is after it
            yield el.tail
