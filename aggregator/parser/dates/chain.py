"""The chains of date rules and how their dates are settled and stored.

Each rule reads one kind of evidence about *this* article: its JSON-LD and meta
tags, <time> elements and date text inside the article's scope (scope.py; never
in the site's header bar, ticker, sidebars or footer), the feed entry, the URL.
The pipeline runs them as a chain; the first that finds a date wins.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from typing import TYPE_CHECKING

from aggregator.parser import vocab
from aggregator.parser.dates.app_state import PUBLISHED_KEYS, UPDATED_KEYS, app_state_date
from aggregator.parser.dates.corroborate import METADATA, corroborated
from aggregator.parser.dates.declared import (
    feed_date,
    ld_date,
    meta_date,
    meta_json_date,
    microdata,
)
from aggregator.parser.dates.fallback import (
    htmldate_beside_scope,
    htmldate_fallback,
    htmldate_written_near_title,
)
from aggregator.parser.dates.formats import UNSTATED, FoundDate
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
from aggregator.parser.dates.shown import update_shown_alone
from aggregator.parser.dates.url import date_from_url, slug_date
from aggregator.parser.dates.zones import (
    as_printed,
    in_utc,
    in_zone,
    offset_minutes,
    page_zone,
    printed_clock,
    printed_wall_zone,
)

if TYPE_CHECKING:
    from aggregator.parser.view import PageView
    from aggregator.schema import Article


DateRule = tuple[str, Callable[["PageView"], "datetime | None"]]

PUBLISHED_RULES: tuple[DateRule, ...] = (
    ("json-ld", lambda v: ld_date(v, ("datePublished",)) or ld_date(v, ("dateCreated",))),
    ("meta", lambda v: meta_date(v, vocab.PUBLISHED_META)),
    ("meta", lambda v: meta_json_date(v, vocab.PUBLISHED_META_JSON)),
    ("heuristic", lambda v: microdata(v, vocab.PUBLISHED_PROPS)),
    ("heuristic", lambda v: app_state_date(v, PUBLISHED_KEYS)),
    ("heuristic", published_time),
    ("feed", lambda v: feed_date(v.hints, "published_at", v.fetched_at)),
    ("url", lambda v: date_from_url(v.url, v.fetched_at)),
    ("heuristic", labelled_date),
    ("heuristic", classed_published),
    ("heuristic", byline_published),
    ("heuristic", labelled_published),
    ("htmldate", htmldate_fallback),
    ("htmldate", htmldate_beside_scope),
    ("htmldate", htmldate_written_near_title),
    ("url", slug_date),
)
UPDATED_RULES: tuple[DateRule, ...] = (
    ("json-ld", lambda v: ld_date(v, ("dateModified",))),
    ("meta", lambda v: meta_date(v, vocab.UPDATED_META)),
    ("heuristic", lambda v: microdata(v, vocab.UPDATED_PROPS)),
    ("heuristic", lambda v: app_state_date(v, UPDATED_KEYS)),
    ("heuristic", updated_time),
    ("feed", lambda v: feed_date(v.hints, "updated_at", v.fetched_at)),
    ("heuristic", classed_updated),
    ("heuristic", byline_updated),
    ("heuristic", labelled_updated),
)


def first_date(view: PageView, rules: tuple[DateRule, ...]) -> FoundDate | None:
    """The first rule's date (in the offset it was written in), with the rule's provenance."""
    for provenance, rule in rules:
        found = rule(view)
        if found is not None:
            return found, provenance
    return None


def find_dates(
    view: PageView,
    published_rules: tuple[DateRule, ...],
    updated_rules: tuple[DateRule, ...],
) -> tuple[FoundDate | None, FoundDate | None]:
    """The published and updated dates, each in the page's own offset (``in_page_offset``).

    Published is the first rule's, unless the page contradicts it: where the page's
    metadata and its visible date disagree, readers see the visible one
    (``corroborated``); where it prints an update and no publication date, readers see
    the update (``update_shown_alone``). The page's zone is looked up once, and only when
    a date states no offset of its own.
    """
    published = first_date(view, published_rules)
    if published is not None and published[1] in METADATA:
        published = corroborated(view, published)  # in the offset the page prints it in
    elif published is not None and in_utc(published[0]):
        published = as_printed(view, published[0]), published[1]
    if published is not None:
        published = printed_clock(view, published[0]), published[1]
    published = update_shown_alone(view, published)
    updated = first_date(view, updated_rules)
    if not any(f is not None and f[0].tzinfo is UNSTATED for f in (published, updated)):
        return published, updated
    zone = page_zone(view)
    if published is not None:
        own = printed_wall_zone(view, published[0])
        published = in_zone(published[0], own or zone), published[1]
    if updated is not None:
        updated = in_zone(updated[0], zone), updated[1]
    return published, updated


def store_dates(article: Article, published: FoundDate | None, updated: FoundDate | None) -> None:
    """Put the dates found on ``article``, each with its rule in the provenance.

    Each is stored in UTC, with the offset the page wrote it in beside it (None:
    it gave none). An "updated" that is not after "published" is no update: where
    "published" is the page's printed update (``shown.PRINTED_UPDATE``), only a later one.
    """
    if published is not None:
        article.published_at = published[0].astimezone(UTC)
        article.published_offset = offset_minutes(published[0])
        article.provenance["published_at"] = published[1]
    if updated is not None and (published is None or updated[0] > published[0]):
        article.updated_at = updated[0].astimezone(UTC)
        article.updated_offset = offset_minutes(updated[0])
        article.provenance["updated_at"] = updated[1]
