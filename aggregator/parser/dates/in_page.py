"""Dates the article prints: ``<time>`` elements, labelled dates ("Datum 28.04.2023"),
short elements with a date-ish class or data attribute; the one nearest the headline."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from lxml import etree

from aggregator.parser import vocab
from aggregator.parser.dates.day_order import read_date
from aggregator.parser.dates.evidence import article_evidence, region
from aggregator.parser.dates.listed import list_items
from aggregator.parser.scope import nearest_to_headline
from aggregator.parser.text import text_of
from aggregator.parser.tree import classed

if TYPE_CHECKING:
    from aggregator.parser.view import PageView


def _nearest(
    view: PageView, found: list[tuple[etree._Element, datetime, bool]], update: bool
) -> datetime | None:
    """The date of the wanted kind nearest the headline (scope.nearest_to_headline)."""
    dates = {el: d for el, d, is_update in found if is_update == update}
    listed = list_items(view, dates)
    best = nearest_to_headline(view, [el for el in dates if el not in listed])
    return dates[best] if best is not None else None


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


def time_elements(view: PageView) -> list[tuple[etree._Element, datetime, bool]]:
    """(element, date, is an update) of the article's <time> elements, in document order.

    Walked once per page: the rules read ``PageView.time_elements``.
    """
    columns: dict[etree._Element, bool] = {}  # per comment-classed block: the article's own?
    out = []
    for el in region(view).iter("time"):
        text = text_of(el)
        found = read_date(view, el.get("datetime") or el.get("content") or text)
        if found and article_evidence(view, el, columns):
            out.append((el, found, _is_update(el, label_before(el) + text)))
    return out


def label_before(el: etree._Element) -> str:
    """The text just before an element ("Updated: <time>…"), from its parent's flow."""
    prev = el.getprevious()
    raw = (
        prev.tail
        if prev is not None
        else (el.getparent().text if el.getparent() is not None else None)
    )
    return (raw or "")[-30:].strip() + " " if raw else ""


def published_time(view: PageView) -> datetime | None:
    """The ``<time>`` nearest the headline that is no update and no list item."""
    return _nearest(view, view.time_elements, update=False)


def updated_time(view: PageView) -> datetime | None:
    """The ``<time>`` marked as an update nearest the headline, no list item."""
    return _nearest(view, view.time_elements, update=True)


def labelled_date(view: PageView) -> datetime | None:
    """A labelled date in the article: "<strong>Datum</strong> 28.04.2023", "<dt>Published</dt>"."""
    columns: dict[etree._Element, bool] = {}  # per comment-classed block: the article's own?
    for el in region(view).iter("strong", "b", "dt", "th", "span", "label"):
        label = el.text
        if not label or len(label) > 24 or len(el) or not vocab.DATE_LABEL.match(label.strip()):
            continue
        value = (el.tail or "").strip()
        if not value and el.getnext() is not None:
            value = text_of(el.getnext())
        found = read_date(view, value[:80]) if value else None
        if found and article_evidence(view, el, columns):
            return found
    return None


_DATED_TAGS = ("span", "div", "p", "li", "time")


def _date_attribute(el: etree._Element) -> bool:
    # One search of the joined names (no name holds a space) instead of a generator over
    # an attribute view: about half the cost, for each element of the walk.
    return "date" in " ".join(el.keys())


def classed_dates(view: PageView) -> list[tuple[etree._Element, datetime, bool]]:
    """(element, date, is an update) of short elements with a date-ish class or data attribute.

    Walked once per page: the rules read ``PageView.classed_dates``.
    """
    columns: dict[etree._Element, bool] = {}  # per comment-classed block: the article's own?
    out = []
    for el in classed(region(view), _DATED_TAGS, vocab.DATE_CLASS_WORDS, _date_attribute):
        ci = el.get("class") or ""
        if len(el) > 4 or el.tag == "time" and not vocab.UPD_CLASS.search(ci):
            continue
        if not (ci and vocab.PUB_CLASS.search(ci)) and not any("date" in k for k in el.attrib):
            continue
        text = text_of(el)
        if len(text) > 120:
            continue
        found = read_date(view, el.get("datetime") or text)
        if found and article_evidence(view, el, columns):
            out.append((el, found, _is_update(el, text)))
    return out


def classed_published(view: PageView) -> datetime | None:
    """The date-classed element nearest the headline that is no update and no list item."""
    return _nearest(view, view.classed_dates, update=False)


def classed_updated(view: PageView) -> datetime | None:
    """The date-classed element marked as an update nearest the headline, no list item."""
    return _nearest(view, view.classed_dates, update=True)
