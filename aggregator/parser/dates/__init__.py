"""Dates: parse one date string robustly, and find a page's published/updated dates.

Trust order: JSON-LD, meta tags, ``<time>`` elements, feed hints, the URL, then
dates written in the byline area, last htmldate (on the article, or on a page
without a scope on its body; beside a narrow scope; on the whole page; the last
and an unscoped body's day kept only where the page writes it from the headline's
block on). Every result is timezone-aware, in the offset
the page wrote it in (``UNSTATED`` when it wrote none), and a date in the future
(beyond ``fetched_at`` + 1 day) or before 1990 is refused: those are template
artefacts (copyright years, event dates, placeholders).

The modules, each importing only those above it: ``formats`` (patterns, bounds, types),
``parse`` (one date string), ``day_order`` (which way the page writes "03/05/2024"),
``url`` (a URL's date), ``evidence`` (where a page's
date may be read), ``listed`` (dated lists), ``in_page`` (printed dates),
``declared`` (JSON-LD, meta, microdata, feed), ``article_copy`` (htmldate's copy of
the article), ``fallback`` (the htmldate rules; ``HTMLDATE_FALLBACK`` is read
there), ``zones`` (the page's own offset), ``corroborate`` (metadata against the
page), ``shown`` (a printed update as the publication), ``chain`` (the rule chains,
settling and storing their dates).
"""

from __future__ import annotations

from aggregator.parser.dates.chain import (
    PUBLISHED_RULES,
    UPDATED_RULES,
    DateRule,
    find_dates,
    store_dates,
)
from aggregator.parser.dates.corroborate import visible_date
from aggregator.parser.dates.declared import feed_date
from aggregator.parser.dates.formats import FoundDate
from aggregator.parser.dates.parse import (
    clock_on,
    counted_from_fetch,
    days_written,
    parse_date,
    parse_local,
    plausible,
    read_local,
)
from aggregator.parser.dates.shown import PRINTED_UPDATE
from aggregator.parser.dates.url import date_from_url
from aggregator.parser.dates.zones import in_page_offset

__all__ = [
    "PRINTED_UPDATE",
    "PUBLISHED_RULES",
    "UPDATED_RULES",
    "DateRule",
    "FoundDate",
    "clock_on",
    "counted_from_fetch",
    "date_from_url",
    "days_written",
    "feed_date",
    "find_dates",
    "in_page_offset",
    "parse_date",
    "parse_local",
    "plausible",
    "read_local",
    "store_dates",
    "visible_date",
]
