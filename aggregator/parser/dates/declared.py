"""Dates declared for the article: JSON-LD, meta tags, microdata/RDFa, the feed entry."""

from __future__ import annotations

import json
from datetime import datetime
from typing import TYPE_CHECKING, Any

from lxml import etree

from aggregator.parser.dates.day_order import counted_from, read_date
from aggregator.parser.dates.evidence import article_evidence, region
from aggregator.parser.dates.formats import ISO, MOMENT_ONLY, UNSTATED
from aggregator.parser.dates.parse import json_stamp, parse_local, plausible
from aggregator.parser.metadata import page_articles
from aggregator.parser.text import text_of

if TYPE_CHECKING:
    from aggregator.parser.view import PageView
    from aggregator.schema import FeedHints


def ld_objects(view: PageView) -> list[dict[str, Any]]:
    """The JSON-LD objects that may date the article, in the order they are asked: the
    one that most likely describes it (``PageView.ld``), then every article object but
    those that name another page where one names this one (``metadata.page_articles``)."""
    return ([view.ld] if view.ld else []) + page_articles(view.page)


def ld_date(view: PageView, keys: tuple[str, ...]) -> datetime | None:
    """The first parseable date among the JSON-LD objects' ``keys``, in order of preference."""
    objects = ld_objects(view)
    for key in keys:
        for obj in objects:
            value = obj.get(key)
            if isinstance(value, list):
                value = value[0] if value else None
            # A CMS's stamp, read as before whatever the page's language (``meta_date``).
            stamp = json_stamp(value)
            found = parse_local(stamp, fetched_at=counted_from(view, stamp)) if stamp else None
            if found:
                return found
    return None


def meta_date(view: PageView, keys: tuple[str, ...]) -> datetime | None:
    """The first parseable date among the meta tags ``keys``, in order of preference.

    Read month first where slashed whatever the page's language (``day_order`` is for
    what the page prints): a CMS writes its stamps in its software's order, and a
    day-first page of the validation part has a meta tag that is month first.
    """
    for key in keys:
        for value in view.page.meta.get(key, ()):
            found = parse_local(value, fetched_at=counted_from(view, value))
            if found:
                return found
    return None


def meta_json_date(view: PageView, fields: tuple[tuple[str, str], ...]) -> datetime | None:
    """The first date among meta tags whose content is a JSON object, read from the
    object's named field (``parsely-page``'s ``pub_date``) where it is a whole ISO 8601
    moment, as Parse.ly's own format asks: a CMS's other spelling ("2014-10-31 at
    07:15:00AM EST") is read worse than what the page prints, which the later rules read."""
    for key, name in fields:
        for value in view.page.meta.get(key, ()):
            try:
                obj = json.loads(value)
            except ValueError:
                continue  # the page's markup, not ours: a broken object dates nothing
            stamp = obj.get(name) if isinstance(obj, dict) else None
            iso = isinstance(stamp, str) and _iso_moment(stamp)
            found = parse_local(stamp, fetched_at=view.fetched_at) if iso else None
            if found:
                return found
    return None


def microdata(view: PageView, names: frozenset[str]) -> datetime | None:
    """schema.org microdata or RDFa on the article's elements: ``itemprop="datePublished"``."""
    columns: dict[etree._Element, bool] = {}  # per comment-classed block: the article's own?
    for el in region(view).iter():
        prop = el.get("itemprop") or el.get("property")
        if not prop or prop.rsplit(":", 1)[-1].lower() not in names or el.tag == "meta":
            continue
        value = el.get("datetime") or el.get("content") or text_of(el)[:80]
        # An <abbr>'s title is the machine's moment, its text the reader's: Blogger's and
        # hAtom's <abbr itemprop=datePublished title="2026-11-26T16:42:00-05:00">4:42
        # PM</abbr>. Only a title that is a whole ISO moment with its clock: a zone's
        # name, "03/12/2026" (day first, read month first), a day alone, a day in words or
        # "2 days ago" (a tooltip's) reads worse than the text beside it, which is read.
        title = el.get("title") if el.tag == "abbr" else None
        found = (read_date(view, title) if _iso_moment(title) else None) or read_date(view, value)
        if found and article_evidence(view, el, columns):
            return found
    return None


def _iso_moment(text: str | None) -> bool:
    """``text`` is a whole ISO 8601 moment with its clock ("2026-11-26T16:42:00-05:00")."""
    iso = ISO.fullmatch(text.strip()) if text else None
    return iso is not None and iso["H"] is not None


def feed_date(hints: FeedHints | None, name: str, fetched_at: datetime) -> datetime | None:
    """The feed entry's ``published_at`` or ``updated_at``, if plausible."""
    value = getattr(hints, name, None) if hints is not None else None
    if not isinstance(value, datetime):
        return None
    # A time that states its zone (RSS and Atom dates do) is that moment: the page's zone
    # never moves it. Discovery does not keep the feed's own offset, so none is claimed.
    # A time given without a zone (discovery marks it ``UNSTATED``; ``FeedHints`` built by
    # hand may have none) is a clock the page's zone may be read into.
    if value.tzinfo is None or value.tzinfo is UNSTATED:
        return plausible(value.replace(tzinfo=UNSTATED), fetched_at)
    return plausible(value.astimezone(MOMENT_ONLY), fetched_at)
