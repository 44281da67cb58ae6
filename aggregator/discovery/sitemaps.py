"""Sitemaps: XML sitemaps, sitemap indexes and news sitemaps, text sitemaps, gzipped ones
and robots.txt ``Sitemap:`` lines; a feed listed as a sitemap is read as a feed."""

from __future__ import annotations

import dataclasses
import gzip
import io
import re
from collections import Counter
from datetime import UTC, datetime, timedelta

from lxml import etree

from aggregator.discovery.entries import (
    DiscoveredLink,
    DocumentEntries,
    entry_url,
    period_end,
    read_date,
)
from aggregator.discovery.feeds import parse_feed
from aggregator.discovery.xmlread import (
    FEED_ROOTS,
    UTF16_STARTS,
    Entities,
    local_name,
    read_entries,
    root_name,
    xml_as_utf8,
)
from aggregator.parser.urls import canonicalize_url
from aggregator.schema import FeedHints


def maybe_gunzip(body: bytes, max_size: int) -> bytes:
    """Gunzip a ``.xml.gz`` sitemap, refusing to inflate past ``max_size`` bytes."""
    if not body.startswith(b"\x1f\x8b"):
        return body
    with gzip.GzipFile(fileobj=io.BytesIO(body)) as stream:
        data = stream.read(max_size + 1)
    if len(data) > max_size:
        raise ValueError(f"gzipped sitemap inflates past {max_size} bytes")
    return data


# An entry's own fields are its children; a news sitemap's are inside <news:news>. The
# image: and video: extensions write their own loc, title and publication_date deeper:
# those are a picture's or a clip's, not the article's.
_OWN_FIELDS = ("loc", "lastmod")
_NEWS_FIELDS = ("publication_date", "title", "language")


def _entry_fields(entry: etree._Element, entities: Entities) -> dict[str, str | None]:
    """The entry's ``loc`` and ``lastmod``, and its ``news:news`` publication date, title
    and language, by local name (a sitemap may declare its namespaces wrongly)."""
    fields: dict[str, str | None] = {}
    for child in entry:
        name = local_name(child.tag)
        if name in _OWN_FIELDS and name not in fields:
            fields[name] = entities.text(child)
        elif name == "news":
            for item in child.iter():
                field = local_name(item.tag)
                if field in _NEWS_FIELDS and field not in fields:
                    fields[field] = entities.text(item)
    return fields


def parse_sitemap(
    body: bytes,
    base_url: str,
    *,
    max_age: timedelta | None = None,
    now: datetime | None = None,
    max_entries: int | None = None,
    charset: str | None = None,
) -> DocumentEntries:
    """Child sitemaps and article links of a sitemap, sitemap index or Google news sitemap,
    or of a text sitemap (one URL a line, as the sitemap protocol allows).

    A feed (RSS, Atom, RSS 1.0) is read as a feed, as search engines accept one
    for a sitemap (``read_as_feed``); a document that is none of these (an HTML
    page, other XML, text without a URL) is refused with the reason.

    Entities are never expanded and nothing is fetched by the XML parser (no
    XXE, no billion laughs); a <loc> holding a reference that does not resolve
    is left out rather than requested in part. Entries older than ``max_age``
    (by news publication date, else lastmod) are left out so an archive is not
    crawled by accident. At most ``max_entries`` entries are read. Every entry
    left out is counted by reason; one bad entry never takes its neighbours down.
    ``charset`` is the HTTP header's, used when the document declares none
    (:func:`~aggregator.discovery.xmlread.xml_encoding`).
    """
    now = now or datetime.now(UTC)
    body = xml_as_utf8(body, charset)
    if (other := _other_than_xml_sitemap(body, base_url, max_entries, now)) is not None:
        return other
    cutoff = now - max_age if max_age else None
    skipped: Counter[str] = Counter()
    entities = Entities()
    entries, refusal = read_entries(body, ("url", "sitemap"), max_entries, skipped)
    children: list[tuple[str, datetime | None]] = []
    links: list[DiscoveredLink] = []
    for entry in entries:
        try:
            fields = _entry_fields(entry, entities)
            url = entry_url(fields.get("loc", ""), base_url, skipped)
            if url is None:
                continue
            lastmod, lastmod_ok = read_date(fields.get("lastmod"), now)
            published, published_ok = read_date(fields.get("publication_date"), now)
            if not (lastmod_ok and published_ok):
                if cutoff:
                    skipped["bad_date"] += 1
                    continue
                skipped["date_ignored"] += 1
            # A coarse date is its period's end for max_age: "this month" is not old.
            newest = (
                published
                or lastmod
                or period_end(fields.get("publication_date"))
                or period_end(fields.get("lastmod"))
            )
            if cutoff and newest and newest < cutoff:
                skipped["too_old"] += 1
                continue
            if local_name(entry.tag) == "sitemap":
                children.append((url, newest))
                continue
            hints = FeedHints(
                title=fields.get("title") or None,
                published_at=published,
                updated_at=lastmod,
                language=fields.get("language") or None,
            )
            links.append(DiscoveredLink(url, hints))
        except Exception:  # noqa: BLE001 - one odd entry is counted; the others are read
            skipped["bad_entry"] += 1
    refused = refusal()
    if refused:
        return DocumentEntries([], skipped=skipped, refused=refused)
    dates = {url: when for url, when in children if when is not None}
    return DocumentEntries(links, _newest_first(children), skipped, sitemap_dates=dates)


def _newest_first(children: list[tuple[str, datetime | None]]) -> list[str]:
    """An index's child sitemaps, the newest lastmod first and the undated last, each in
    the index's order: a crawl that can read only some of them reads the recent ones."""
    dated = [(url, when) for url, when in children if when is not None]
    dated.sort(key=lambda child: child[1], reverse=True)  # stable: equal dates keep their order
    return [url for url, _ in dated] + [url for url, when in children if when is None]


def _other_than_xml_sitemap(
    body: bytes, base_url: str, max_entries: int | None, now: datetime
) -> DocumentEntries | None:
    """A text sitemap's or a feed's entries, or the refusal of a document that is no
    sitemap; None for an XML sitemap (or a UTF-16 document, read as one)."""
    root = root_name(body)
    if root is None and not body.startswith(UTF16_STARTS):
        return _text_sitemap(body, base_url, max_entries)
    if root in FEED_ROOTS:
        feed = parse_feed(body, base_url, max_entries=max_entries, now=now)
        return dataclasses.replace(feed, read_as_feed=True)
    if root not in (None, "urlset", "sitemapindex"):
        return DocumentEntries([], refused=f"not a sitemap: its first element is <{root}>")
    return None


def _text_sitemap(body: bytes, base_url: str, max_entries: int | None) -> DocumentEntries:
    """A text sitemap's URLs: one absolute http(s) URL a line, UTF-8; a line that is
    no such URL is counted (``bad_url``). Text holding no URL at all is no sitemap."""
    lines = [line.strip() for line in body.decode("utf-8-sig", errors="replace").splitlines()]
    lines = [line for line in lines if line]
    skipped: Counter[str] = Counter()
    if max_entries is not None and len(lines) > max_entries:
        skipped["over_max_feed_entries"] += len(lines) - max_entries
        lines = lines[:max_entries]
    links: list[DiscoveredLink] = []
    for line in lines:
        if not line.lower().startswith(("http://", "https://")):
            skipped["bad_url"] += 1
        elif (url := entry_url(line, base_url, skipped)) is not None:
            links.append(DiscoveredLink(url))
    if not links and not skipped["over_max_feed_entries"]:
        return DocumentEntries([], refused="not a sitemap: it holds no XML element and no URL")
    return DocumentEntries(links, skipped=skipped)


def discovery_kind(body: bytes) -> str | None:
    """The kind, "feed" or "sitemap", of a document that is one (by its first element, or a JSON
    Feed's version), None for any other (an HTML page): what a start page really is."""
    if body.lstrip(b"\xef\xbb\xbf \t\r\n").startswith(b"{"):
        return "feed" if b"jsonfeed.org/version" in body[:4096] else None
    root = root_name(body)
    if root in FEED_ROOTS:
        return "feed"
    return "sitemap" if root in ("urlset", "sitemapindex") else None


_ROBOTS_SITEMAP = re.compile(r"^\s*sitemap\s*:\s*(\S+)", re.IGNORECASE | re.MULTILINE)


def sitemaps_from_robots(text: str, base_url: str) -> list[str]:
    """The ``Sitemap:`` lines of a robots.txt, absolutised."""
    return [canonicalize_url(m.group(1), base_url) for m in _ROBOTS_SITEMAP.finditer(text)]
