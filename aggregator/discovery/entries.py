"""What reading one feed or sitemap yields (links, child sitemaps, declared feeds, counts by
reason), and how an entry's URL and dates are read: the vocabulary every reader shares,
so a skip reason or a date rule is decided in one place."""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

from aggregator.parser.urls import canonicalize_url
from aggregator.schema import FeedHints


@dataclass(frozen=True)
class DiscoveredLink:
    """An article URL and what the feed or sitemap said about it."""

    url: str
    hints: FeedHints = FeedHints()


def merged_hints(first: FeedHints, then: FeedHints) -> FeedHints:
    """One URL's hints from two documents: each field ``first`` gives, else ``then``'s."""
    return FeedHints(
        title=first.title or then.title,
        published_at=first.published_at or then.published_at,
        updated_at=first.updated_at or then.updated_at,
        authors=first.authors or then.authors,
        language=first.language or then.language,
    )


@dataclass(frozen=True)
class DeclaredFeeds:
    """The feeds an HTML page declares, and the comments feeds among them passed over."""

    feeds: list[str] = field(default_factory=list)
    comments: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class DocumentEntries:
    """What one feed or sitemap yielded, and what it held that was not followed.

    ``skipped`` counts entries by reason (``SKIP_REASONS``); ``refused`` says
    why the whole document was refused (entity expansion, or not a feed at
    all), if it was.
    """

    links: list[DiscoveredLink]
    sitemaps: list[str] = field(default_factory=list)
    skipped: Counter[str] = field(default_factory=Counter)
    refused: str | None = None
    # Feeds an HTML page declares (<link rel="alternate">) where a feed was expected.
    feeds: DeclaredFeeds = field(default_factory=DeclaredFeeds)
    # A feed where a sitemap was expected, read as a feed (as search engines do).
    read_as_feed: bool = False
    # A sitemap index's dated children: the time its <lastmod> says each last changed.
    sitemap_dates: dict[str, datetime] = field(default_factory=dict)


# Why an entry of a feed or sitemap was not followed (or, for date_ignored, was
# followed without its date); the spider adds its own reasons to these.
SKIP_REASONS = {
    "no_url": "the entry names no URL",
    "not_http": "the URL is not http(s)",
    "bad_url": "the URL cannot be parsed (a bad port, an unclosed IPv6 bracket)",
    "unresolved_entity": "the URL holds an entity reference that cannot be resolved "
    "(external or undeclared): never requested in part",
    "bad_encoding": "the URL holds a byte the document's encoding does not read (U+FFFD): "
    "never requested",
    "too_old": "older than max_age, by publication date else lastmod",
    "bad_date": "its date cannot be read, and max_age needs it",
    "date_ignored": "its date cannot be read: followed without it (no max_age applies)",
    "over_max_feed_entries": "past max_feed_entries entries of one document",
    "bad_entry": "any other fault in one entry (its neighbours are still read)",
}
# Dates later than this ahead of now are not believed (a lastmod in 2099 would
# make an entry look changed on every run).
_FUTURE_SLACK = timedelta(days=1)
_W3C_YEAR_MONTH = re.compile(r"(\d{4})(?:-(\d{2}))?")


def read_date(text: str | None, now: datetime) -> tuple[datetime | None, bool]:
    """(date, readable): absent is readable, None, and so is a year or a year and month
    alone (readable, but no day to give as a date).

    ISO 8601 with its offset is read by ``datetime``; any other date by the parser's reader
    (``aggregator.parser.dates.parse``: RFC 822 with a zone abbreviation, "CEST", "JST",
    written dates), one date reader for pages and feeds. A date that states no zone keeps
    the parser's ``UNSTATED`` mark, so the page's ``page_timezone`` is read into it; one
    naming a zone nobody knows ("10:00 XYZ") is unreadable, not taken as UTC; a 12-hour
    clock's AM/PM names no zone; RFC 5322's "-0000" is UTC (the parser's reader says so).
    """
    if not text:
        return None, True
    value = text.strip()
    if (year_month := _W3C_YEAR_MONTH.fullmatch(value)) is not None:
        year, month = year_month.groups()
        try:
            start = datetime(int(year), int(month or 1), 1, tzinfo=UTC)
        except ValueError:
            return None, False
        return None, start <= now + _FUTURE_SLACK
    parsed = _read(value)
    if parsed is None or parsed > now + _FUTURE_SLACK:
        return None, False
    return parsed, True


# A clock followed by a word: the zone an RFC 822 date names ("10:00:00 CEST", "9:41 PM
# EST"); the half of a 12-hour clock ("09:41 PM", "9:41 p.m.") is no zone.
_AM_PM = r"[AaPp]\.?[Mm]\.?"
_NAMED_ZONE = re.compile(rf"\d:\d\d(?::\d\d)?\s*(?:{_AM_PM}\s*)?(?!{_AM_PM}\s*$)[A-Za-z]+\s*$")


def _read(value: str) -> datetime | None:
    """The moment ``value`` writes, in UTC, or in ``UNSTATED`` where it states no zone."""
    # Imported here: the date reader loads the parser's vocabularies, which a process that
    # only imports discovery (the CLI's config checks, the alert webhooks) does without.
    from aggregator.parser.dates.formats import UNSTATED
    from aggregator.parser.dates.parse import read_local

    try:
        parsed = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        parsed = None
    if parsed is None or parsed.tzinfo is None:
        parsed = read_local(value)
    if parsed is None:
        return None
    if parsed.tzinfo is UNSTATED:
        # An unknown zone name is read as no zone by the page reader; a feed's is unreadable.
        return None if _NAMED_ZONE.search(value) else parsed
    try:
        return parsed.astimezone(UTC)
    except OverflowError:  # year 1 in another zone ("0001-01-01T00:00:00+00:01")
        return None


def announces_change(
    updated_at: datetime | None, fetched_at: datetime | None, now: datetime
) -> bool:
    """A stored page's feed or sitemap date says it changed since it was last fetched.

    A date still ahead of ``now`` (``read_date`` lets a day of clock skew
    through) cannot be ordered against our fetch: it counts once it has
    passed, else a lastmod a few hours ahead would have every crawl ask for
    the page again until then.
    """
    if updated_at is None:
        return False
    if fetched_at is None:
        return True
    return fetched_at < updated_at <= now


def period_end(text: str | None) -> datetime | None:
    """The end of a W3C Datetime year or year and month ("2026-12" → 2027-01-01), the
    sitemap protocol's coarse dates (fromisoformat reads neither); None for any other
    text or a month that does not exist."""
    if (year_month := _W3C_YEAR_MONTH.fullmatch((text or "").strip())) is None:
        return None
    year, month = int(year_month[1]), int(year_month[2] or 12)
    if not (1 <= month <= 12 and 1 <= year < 9999):
        return None
    return datetime(year + month // 12, month % 12 + 1, 1, tzinfo=UTC)


def entry_url(text: str | None, base_url: str, skipped: Counter[str]) -> str | None:
    """The canonical http(s) URL of an entry, or None with the reason counted."""
    if text is None:
        skipped["unresolved_entity"] += 1
        return None
    if not text:
        skipped["no_url"] += 1
        return None
    if "\ufffd" in text:  # a guess at the byte would request a page that is not there
        skipped["bad_encoding"] += 1
        return None
    url = canonicalize_url(text, base_url)
    if not url:
        skipped["bad_url"] += 1
        return None
    if not url.startswith(("http://", "https://")):
        skipped["not_http"] += 1
        return None
    return url
