"""RSS 2.0, RSS 1.0 and Atom feeds: each entry's article URL and its title, date, author
and language hints, and what a document given as a feed is when it is none."""

from __future__ import annotations

import dataclasses
import re
from collections import Counter
from datetime import UTC, datetime
from urllib.parse import urljoin

from lxml import etree

from aggregator.discovery.declared import feeds_declared
from aggregator.discovery.entries import DiscoveredLink, DocumentEntries, entry_url, read_date
from aggregator.discovery.jsonfeed import parse_json_feed
from aggregator.discovery.xmlread import (
    FEED_ROOTS,
    UTF16_STARTS,
    Entities,
    local_name,
    read_entries,
    root_name,
    xml_as_utf8,
)
from aggregator.schema import FeedHints

# Entry children by local name (RSS 2.0, RSS 1.0 with Dublin Core, Atom).
_PUBLISHED = ("published", "pubDate", "issued")
_UPDATED = ("updated", "modified")
_DC_DATE = "date"  # dc:date, RSS 1.0's only date: both published and updated
# A DOCTYPE, cut out when it trips libxml2's limits (parse_feed).
_DOCTYPE = re.compile(rb"<!DOCTYPE(?:[^\[>]|\[.*?\])*>", re.DOTALL | re.IGNORECASE)
_XML_NS = "{http://www.w3.org/XML/1998/namespace}"
_RDF = "{http://www.w3.org/1999/02/22-rdf-syntax-ns#}"


def _feed_link(entry: etree._Element, entities: Entities, base_url: str) -> tuple[str | None, str]:
    """The entry's article URL as written ("" when it names none; None: an entity
    unresolved), and the base it is relative to.

    RSS <link>, else Atom's alternate <link href> (a link without rel is one),
    else a <guid> that is a permalink, else RSS 1.0's rdf:about. The base is
    the document's URL, or the ``xml:base`` in force on the element that gave
    the URL (Atom feeds of blogs write relative hrefs under an ``xml:base``).
    """
    link: str | None = ""
    guid: str | None = ""
    link_at: etree._Element = entry
    guid_at: etree._Element = entry
    for child in entry:
        name = local_name(child.tag)
        if name == "link" and link == "":
            href = child.get("href")
            if href is None:
                link, link_at = entities.text(child), child
            elif child.get("rel", "alternate") == "alternate":
                link, link_at = href.strip(), child
        elif name == "guid" and guid == "" and child.get("isPermaLink", "true") != "false":
            guid, guid_at = entities.text(child), child
    if link != "":
        return link, _xml_base(link_at, base_url)
    if guid != "":
        return guid, _xml_base(guid_at, base_url)
    return entry.get(f"{_RDF}about", "").strip(), _xml_base(entry, base_url)


def _xml_base(element: etree._Element, base_url: str) -> str:
    """The base URL in force on ``element``: its ``xml:base`` chain (lxml resolves
    it; relative to nothing, since the parser is given no URL) over ``base_url``."""
    declared = element.base
    return urljoin(base_url, declared) if declared else base_url


def _feed_hints(
    entry: etree._Element, entities: Entities, now: datetime, skipped: Counter[str]
) -> FeedHints:
    title: str | None = None
    published: datetime | None = None
    updated: datetime | None = None
    authors: list[str] = []
    for child in entry:
        name = local_name(child.tag)
        if name == "title" and title is None:
            title = entities.text(child) or None
        elif name in (*_PUBLISHED, *_UPDATED, _DC_DATE):
            value, readable = read_date(entities.text(child), now)
            if not readable:
                skipped["date_ignored"] += 1
            if name in _PUBLISHED or name == _DC_DATE:
                published = published or value
            if name in _UPDATED or name == _DC_DATE:
                updated = updated or value
        elif name == "author" and len(child):  # Atom: <author><name>…</name></author>
            names = [entities.text(c) for c in child if local_name(c.tag) == "name"]
            authors += [n for n in names if n]
        elif name in ("author", "creator") and (text := _author_name(entities.text(child))):
            authors.append(text)  # RSS 2.0 "mail (Name)", dc:creator
    return FeedHints(
        title=title, published_at=published, updated_at=updated, authors=tuple(authors)
    )


# RSS 2.0's <author> is an e-mail address, the name in parentheses after it by custom.
_MAIL_AND_NAME = re.compile(r"\S+@\S+\s*\((?P<name>[^()]+)\)")
_MAIL = re.compile(r"\S+@\S+")


def _author_name(text: str | None) -> str | None:
    """The name an author element gives: "jane@example.com (Jane Doe)" → "Jane Doe"; none
    for an address alone (no byline to store), the text itself otherwise."""
    value = (text or "").strip()
    if (mail_and_name := _MAIL_AND_NAME.fullmatch(value)) is not None:
        return mail_and_name["name"].strip() or None
    return None if _MAIL.fullmatch(value) else value or None


def parse_feed(
    body: bytes,
    base_url: str,
    *,
    max_entries: int | None = None,
    now: datetime | None = None,
    charset: str | None = None,
) -> DocumentEntries:
    """Article links of an RSS 2.0, RSS 1.0, Atom or JSON feed, with title/date/author hints.

    A document that is no feed is refused with the reason (an HTML page, a
    sitemap, other XML, text), except an HTML page that declares a feed
    (``<link rel="alternate" type="application/rss+xml">``): the feeds it
    declares are returned in ``feeds``, the spider reads the first (not the page itself).

    Read with lxml as sitemaps are (no entity expansion, nothing fetched),
    one entry at a time and at most ``max_entries`` of them. An entry that
    cannot be followed is counted by reason, never dropped silently, and one
    bad entry never takes its neighbours down. A feed whose DOCTYPE trips
    libxml2's limits (billion laughs) is read again without it: its entity
    references are then text, never expanded (as feedparser read such feeds).
    ``charset`` is the HTTP header's, used when the document declares none
    (:func:`~aggregator.discovery.xmlread.xml_encoding`).
    """
    now = now or datetime.now(UTC)
    if body.lstrip(b"\xef\xbb\xbf \t\r\n").startswith(b"{"):
        return parse_json_feed(body, base_url, max_entries=max_entries, now=now)
    root = root_name(body)
    if root == "html":
        # A home or section page given as a feed: what it declares is the feed.
        declared = feeds_declared(body, base_url)
        refused = None
        if not declared.feeds and declared.comments:
            only = ", ".join(declared.comments)
            refused = f"an HTML page that declares only comments feeds: {only}, not a feed"
        elif not declared.feeds:
            refused = "an HTML page that declares no feed, not a feed"
        return DocumentEntries([], refused=refused, feeds=declared)
    if root in ("urlset", "sitemapindex"):
        return DocumentEntries([], refused="a sitemap, not a feed: list it under sitemaps")
    if root not in FEED_ROOTS and not body.startswith(UTF16_STARTS):
        found = f"its first element is <{root}>" if root else "it holds no XML element"
        return DocumentEntries([], refused=f"not a feed: {found}")
    body = xml_as_utf8(body, charset)
    entries = _read_feed(body, base_url, max_entries, now)
    if entries.refused and (doctype := _DOCTYPE.search(body)) is not None:
        entries = _read_feed(
            body[: doctype.start()] + body[doctype.end() :], base_url, max_entries, now
        )
    return entries


def _read_feed(
    body: bytes, base_url: str, max_entries: int | None, now: datetime
) -> DocumentEntries:
    skipped: Counter[str] = Counter()
    entities = Entities()
    entries, refusal = read_entries(body, ("item", "entry"), max_entries, skipped)
    found: list[DiscoveredLink] = []
    root: etree._Element | None = None
    for entry in entries:
        root = root if root is not None else entry.getroottree().getroot()
        try:
            text, base = _feed_link(entry, entities, base_url)
            url = entry_url(text, base, skipped)
            if url is not None:
                found.append(DiscoveredLink(url, _feed_hints(entry, entities, now, skipped)))
        except Exception:  # noqa: BLE001 - one odd entry is counted; the others are read
            skipped["bad_entry"] += 1
    refused = refusal()
    if refused:
        return DocumentEntries([], skipped=skipped, refused=refused)
    language = _feed_language(root, entities)
    if language:
        found = [
            DiscoveredLink(link.url, dataclasses.replace(link.hints, language=language))
            for link in found
        ]
    return DocumentEntries(found, skipped=skipped)


def _feed_language(root: etree._Element | None, entities: Entities) -> str | None:
    """The channel's <language> (or dc:language), else the feed's xml:lang; primary subtag."""
    if root is None:
        return None
    for element in root.iter("{*}language"):
        if element.getparent() is not None and local_name(element.getparent().tag) == "channel":
            text = entities.text(element)
            return (text or "").split("-")[0].lower() or None
    return (root.get(f"{_XML_NS}lang") or "").split("-")[0].lower() or None
