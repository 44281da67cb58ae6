"""A live blog's entries (``Article.live_entries``) and its summary box
(``Article.key_points``): docs/parser.md, "Live blogs".

Read on a page of kind ``liveblog`` only (its JSON-LD declares a LiveBlogPosting), after
the body, which keeps reading every entry's paragraphs in order as before: the entries say
which of the body's paragraphs each entry holds, with its time and headline. Evidence
every site gives the same way, never one CMS's class names: the page's JSON-LD
(``LiveBlogPosting.liveBlogUpdate``), else the blocks of one column each holding a
``<time>``; the box by its heading (``vocab.KEY_POINTS_HEADING``).
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING, Any

from aggregator.parser import vocab
from aggregator.parser.body.ld_text import ld_paragraphs
from aggregator.parser.dates import clock_on
from aggregator.parser.dates.day_order import read_date
from aggregator.parser.dates.parse import json_stamp
from aggregator.parser.dates.zones import in_page_offset, page_zone
from aggregator.parser.scope import in_chrome
from aggregator.parser.text import clean, clean_markup, norm_key, text_of
from aggregator.schema import LiveEntry, as_utc

if TYPE_CHECKING:
    from lxml import etree

    from aggregator.parser.view import PageView

_HEADINGS = ("h2", "h3", "h4", "h5", "h6")
# An entry's paragraph is looked for in its own block and the few after it: a body line
# found in none of them (the text before the entries, an embed's caption) is no entry's.
_LOOK_AHEAD = 4
_DAY = timedelta(days=1)


def live_field(view: PageView) -> None:
    """A live blog's entries and key points; nothing on a page of another kind."""
    art = view.article
    if art.kind != "liveblog":
        return
    box = _key_box(view)
    declared = _ld_entries(view)
    printed = _block_entries(view, box[0] if box else None)
    # The JSON-LD first; the page's own blocks where they show more entries (a CMS that
    # declares only its latest few).
    entries, rule = (
        (declared, "json-ld") if len(declared) >= len(printed) else (printed, "time-blocks")
    )
    if entries:
        art.live_entries = entries
        art.provenance["live_entries"] = rule
    if box:
        art.key_points = box[1]
        art.provenance["key_points"] = "heading"


# --- the page's JSON-LD ----------------------------------------------------------------


def _ld_entries(view: PageView) -> list[LiveEntry]:
    """The entries the page's LiveBlogPosting lists (``liveBlogUpdate``), in its order."""
    updates = view.ld.get("liveBlogUpdate")
    if isinstance(updates, dict):
        updates = [updates]
    if not isinstance(updates, list):
        return []
    day = _page_day(view)
    entries = []
    for update in updates[: vocab.LIVE_ENTRIES_MAX]:
        if not isinstance(update, dict):
            continue
        body, headline = update.get("articleBody"), update.get("headline")
        paragraphs = ld_paragraphs(body) if isinstance(body, str) else []
        title = clean_markup(headline) if isinstance(headline, str) else ""
        if not paragraphs and not title:
            continue
        posted = _moment(view, update.get("datePublished"), day)
        edited = _moment(view, update.get("dateModified"), day)
        entries.append(
            LiveEntry(posted, title or None, paragraphs, edited if edited != posted else None)
        )
    return entries


# --- the page's blocks -------------------------------------------------------------------


def _block_entries(view: PageView, box: etree._Element | None) -> list[LiveEntry]:
    """The entries as the page prints them: the blocks of the one element most of whose
    children hold a ``<time>`` (an ``<ol>`` of ``<li>``, a column of ``<article>`` or
    ``<div>``), each its first time's, with its heading and the body's paragraphs it holds.
    The summary box's list (``box``) is none: a "Key events" box whose items print their
    entries' times would be the column wherever it lists as many items as the page holds
    entries, or more."""
    region = view.scope if view.scope is not None else view.root
    boxed = set(box.iter("time")) if box is not None else set()
    times = [el for el in region.iter("time") if el not in boxed and not in_chrome(el)]
    blocks = _timed_blocks(times, region)
    if len(blocks) < 2:
        return []
    day = _page_day(view)
    texts = [norm_key(text_of(block)) for block, _ in blocks]
    found = _paragraphs_of(view.article.body, texts)
    entries = []
    for (block, time_el), held in zip(blocks[: vocab.LIVE_ENTRIES_MAX], found, strict=False):
        title = _entry_heading(block, time_el)
        stamp = norm_key(text_of(time_el))
        paragraphs = [p for p in held if p != title and norm_key(p) != stamp]
        if paragraphs or title:
            posted = _moment(view, time_el.get("datetime") or text_of(time_el), day)
            if posted is None and time_el.get("datetime"):
                posted = _moment(view, text_of(time_el), day)
            entries.append(LiveEntry(posted, title, paragraphs))
    return entries if len(entries) >= 2 else []


def _timed_blocks(
    times: list[etree._Element], region: etree._Element
) -> list[tuple[etree._Element, etree._Element]]:
    """(block, its first ``<time>``) of the element with the most children holding one,
    in document order: the entries' column."""
    children: dict[etree._Element, dict[etree._Element, etree._Element]] = defaultdict(dict)
    for time_el in times:
        node = time_el
        while node is not region and (parent := node.getparent()) is not None:
            children[parent].setdefault(node, time_el)
            node = parent
    if not children:
        return []
    column = max(children, key=lambda parent: len(children[parent]))
    return [(block, children[column][block]) for block in column if block in children[column]]


def _paragraphs_of(body: list[str], blocks: list[str]) -> list[list[str]]:
    """The body's paragraphs each block (its text as ``norm_key`` gives it) holds, in order:
    a paragraph is looked for in the block of the one before it and the few after."""
    held: list[list[str]] = [[] for _ in blocks]
    at = 0
    for paragraph in body:
        key = norm_key(paragraph)
        if not key:
            continue
        for index in range(at, min(at + _LOOK_AHEAD, len(blocks))):
            if key in blocks[index]:
                held[index].append(paragraph)
                at = index
                break
    return held


def _entry_heading(block: etree._Element, time_el: etree._Element) -> str | None:
    """The entry's own heading (its first ``h2``-``h6`` not holding its time)."""
    for el in block.iter(*_HEADINGS):
        if time_el in el.iter("time"):
            continue
        if title := clean(text_of(el)):
            return title
    return None


# --- times --------------------------------------------------------------------------------


def _page_day(view: PageView) -> date:
    """The day a clock printed without one is on: the blog's publication day in the page's
    zone, else the day it was fetched there."""
    published = view.article.published_at
    if published is None:
        return view.fetched_here.date()
    zone = page_zone(view)
    return (published.astimezone(zone) if zone is not None else published).date()


def _moment(view: PageView, value: Any, day: date) -> datetime | None:
    """The moment an entry's time writes (``read_date``, in the page's zone where it states
    none), in UTC; a clock without a day (``clock_on``) on the blog's day, or the next
    where that clock came before the blog opened (a blog running past midnight), and never
    after the page was fetched: a clock later than the fetch is the day before's (a blog
    whose ``datePublished`` is its latest post, not its opening one)."""
    stamp = json_stamp(value)
    if stamp is None or not stamp.strip():
        return None
    found = read_date(view, stamp)
    if found is not None:
        return as_utc(in_page_offset(view, found))
    clock = clock_on(day, stamp)
    if clock is None:
        return None
    moment = as_utc(in_page_offset(view, clock))
    published = view.article.published_at
    if published is not None and moment < published:
        moment += timedelta(days=1)
    if moment > view.fetched_at:
        days_late = -((view.fetched_at - moment) // _DAY)  # whole days, rounded up
        moment -= days_late * _DAY
    return moment


# --- the summary box ------------------------------------------------------------------------


def _key_box(view: PageView) -> tuple[etree._Element, list[str]] | None:
    """The list of the box a heading names as the blog's summary ("Key points", "What we
    know", "Das Wichtigste") and its points: the items of the first list after that
    heading in its box, at most ``vocab.KEY_POINTS_MAX`` of them; None where there is none."""
    region = view.scope if view.scope is not None else view.root
    for heading in region.iter(*_HEADINGS, "strong", "b"):
        text = clean(text_of(heading))
        if (
            len(text) > vocab.KEY_POINTS_HEADING_MAX
            or not vocab.KEY_POINTS_HEADING.fullmatch(text)
            or in_chrome(heading)
        ):
            continue
        if box := _list_after(heading, text):
            return box
    return None


def _list_after(heading: etree._Element, text: str) -> tuple[etree._Element, list[str]] | None:
    """The list following ``heading`` (whose text is ``text``) among its siblings, or its
    parent's where the parent holds the heading alone (a ``<header>``, a ``<div>``, a
    ``<p>`` around a ``<strong>``), and its items; None where none follows or it is too
    long for a box."""
    parent = heading.getparent()
    alone = parent is not None and clean(text_of(parent)) == text
    for anchor in (heading, parent if alone else None):
        if anchor is None:
            continue
        sibling = anchor.getnext()
        if sibling is not None and sibling.tag in ("ul", "ol"):
            items = [clean(text_of(li)) for li in sibling.iterchildren("li")]
            points = [item for item in items if item]
            return (sibling, points) if 0 < len(points) <= vocab.KEY_POINTS_MAX else None
    return None
