"""Finding article URLs: feeds, sitemaps, robots.txt and link rules, as pure functions.

The spider fetches; these functions say what the fetched feed, sitemap or
listing page points at. Every URL leaves here canonicalised, without tracking
parameters, so the same article is never requested twice under two names.
"""

from __future__ import annotations

import calendar
import gzip
import io
import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from urllib.parse import urlsplit

import feedparser
from lxml import etree

from aggregator.config import Source
from aggregator.parser.urls import canonicalize_url
from aggregator.schema import FeedHints


@dataclass(frozen=True)
class DiscoveredLink:
    """An article URL and what the feed or sitemap said about it."""

    url: str
    hints: FeedHints = FeedHints()


@dataclass(frozen=True)
class SitemapEntries:
    sitemaps: list[str]
    links: list[DiscoveredLink]
    refused: str | None = None  # why the whole document was refused (entity expansion)


# libxml2 stops at these (billion laughs and friends); whatever it read up to
# there may be cut mid-URL, so such a document is refused whole.
_HOSTILE_XML_ERRORS = {"ERR_RESOURCE_LIMIT", "ERR_ENTITY_LOOP", "ERR_ENTITY_AMPLIFICATION"}


@dataclass(frozen=True)
class DiscoveryPlan:
    """Where one source's articles are found: canonical URLs and the domains they may lead to."""

    feeds: list[str]
    sitemaps: list[str]
    start_pages: list[str]
    allowed_domains: list[str]

    def allows_host(self, url: str) -> bool:
        """Is ``url`` on one of the allowed domains (or a subdomain of one)?"""
        return host_in_domains((urlsplit(url).hostname or "").lower(), self.allowed_domains)


def host_in_domains(host: str, domains: Iterable[str]) -> bool:
    """Is ``host`` one of ``domains`` or a subdomain of one?"""
    return any(host == d or host.endswith("." + d) for d in domains)


def plan_for(source: Source) -> DiscoveryPlan:
    """The URLs a crawl of ``source`` starts from."""
    feeds, sitemaps, start_pages = source.feeds, source.sitemaps, source.start_pages
    domains = list(source.allowed_domains)
    if not domains:
        domains = sorted(
            {urlsplit(u).hostname or "" for u in feeds + sitemaps + start_pages} - {""}
        )
    return DiscoveryPlan(
        feeds=[canonicalize_url(u) for u in feeds],
        sitemaps=[canonicalize_url(u) for u in sitemaps],
        start_pages=[canonicalize_url(u) for u in start_pages],
        allowed_domains=domains,
    )


# --- feeds -------------------------------------------------------------------


def _struct_to_utc(value: object) -> datetime | None:
    if not value:
        return None
    try:
        return datetime.fromtimestamp(calendar.timegm(value), tz=UTC)  # type: ignore[arg-type]
    except (TypeError, ValueError, OverflowError):
        return None


def parse_feed(body: bytes, base_url: str) -> list[DiscoveredLink]:
    """Article links of an RSS 2.0, RSS 1.0 or Atom feed, with title/date/author hints."""
    parsed = feedparser.parse(io.BytesIO(body), resolve_relative_uris=False, sanitize_html=False)
    language = (parsed.feed.get("language") or "").split("-")[0] or None
    links: list[DiscoveredLink] = []
    for entry in parsed.entries:
        href = entry.get("link") or ""
        if not href:
            continue
        url = canonicalize_url(href, base_url)
        if not url.startswith(("http://", "https://")):
            continue
        authors = tuple(
            a.get("name", "").strip() for a in entry.get("authors", []) if a.get("name")
        ) or ((entry["author"].strip(),) if entry.get("author") else ())
        links.append(
            DiscoveredLink(
                url,
                FeedHints(
                    title=(entry.get("title") or "").strip() or None,
                    published_at=_struct_to_utc(entry.get("published_parsed")),
                    # dict.get: feedparser's own .get falls back from updated to published.
                    updated_at=_struct_to_utc(dict.get(entry, "updated_parsed")),
                    authors=authors,
                    language=language,
                ),
            )
        )
    return links


# --- sitemaps ------------------------------------------------------------------

_XML_PARSER_OPTIONS = dict(
    resolve_entities=False, no_network=True, huge_tree=False, recover=True, remove_pis=True
)


def _local(tag: object) -> str:
    return tag.rsplit("}", 1)[-1] if isinstance(tag, str) else ""


def _parse_w3c_date(text: str | None) -> datetime | None:
    if not text:
        return None
    value = text.strip().replace("Z", "+00:00")
    try:
        parsed = datetime.fromisoformat(value)
    except ValueError:
        return None
    if parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=UTC)
    return parsed.astimezone(UTC)


def maybe_gunzip(body: bytes, max_size: int) -> bytes:
    """Gunzip a ``.xml.gz`` sitemap, refusing to inflate past ``max_size`` bytes."""
    if not body.startswith(b"\x1f\x8b"):
        return body
    with gzip.GzipFile(fileobj=io.BytesIO(body)) as stream:
        data = stream.read(max_size + 1)
    if len(data) > max_size:
        raise ValueError(f"gzipped sitemap inflates past {max_size} bytes")
    return data


def parse_sitemap(
    body: bytes,
    base_url: str,
    *,
    max_age: timedelta | None = None,
    now: datetime | None = None,
) -> SitemapEntries:
    """Child sitemaps and article links of a sitemap, sitemap index or Google news sitemap.

    Entities are never resolved and nothing is fetched by the XML parser
    (no XXE, no billion laughs). Entries older than ``max_age`` (by news
    publication date, else lastmod) are dropped so an archive is not crawled by
    accident.
    """
    parser = etree.XMLParser(**_XML_PARSER_OPTIONS)
    try:
        root = etree.fromstring(body, parser)
    except etree.XMLSyntaxError:
        return SitemapEntries([], [])
    if root is None:
        return SitemapEntries([], [])
    hostile = [e for e in parser.error_log if e.type_name in _HOSTILE_XML_ERRORS]
    if hostile:
        return SitemapEntries([], [], refused=hostile[0].message)
    cutoff = (now or datetime.now(UTC)) - max_age if max_age else None
    sitemaps: list[str] = []
    links: list[DiscoveredLink] = []
    kind = _local(root.tag)
    for entry in root:
        if _local(entry.tag) not in ("url", "sitemap"):
            continue
        fields: dict[str, str] = {}
        for child in entry.iter():
            name = _local(child.tag)
            # A field holding an (unresolved) entity reference has a child node and
            # only part of its text: leave it out rather than request half a URL.
            if name and child.text and name not in fields and len(child) == 0:
                fields[name] = child.text.strip()
        loc = fields.get("loc")
        if not loc:
            continue
        url = canonicalize_url(loc, base_url)
        if not url.startswith(("http://", "https://")):
            continue
        lastmod = _parse_w3c_date(fields.get("lastmod"))
        published = _parse_w3c_date(fields.get("publication_date"))
        newest = published or lastmod
        if cutoff and newest and newest < cutoff:
            continue
        if kind == "sitemapindex":
            sitemaps.append(url)
        else:
            links.append(
                DiscoveredLink(
                    url,
                    FeedHints(
                        title=fields.get("title"),
                        published_at=published,
                        updated_at=lastmod,
                        language=fields.get("language"),
                    ),
                )
            )
    return SitemapEntries(sitemaps, links)


_ROBOTS_SITEMAP = re.compile(r"^\s*sitemap\s*:\s*(\S+)", re.IGNORECASE | re.MULTILINE)


def sitemaps_from_robots(text: str, base_url: str) -> list[str]:
    """The ``Sitemap:`` lines of a robots.txt, absolutised."""
    return [canonicalize_url(m.group(1), base_url) for m in _ROBOTS_SITEMAP.finditer(text)]


# --- listing pages ---------------------------------------------------------------


@dataclass(frozen=True)
class LinkClassifier:
    """Applies a source's link rules to URLs found on listing pages."""

    allow: tuple[re.Pattern[str], ...]
    deny: tuple[re.Pattern[str], ...]
    article: re.Pattern[str] | None

    @classmethod
    def for_source(cls, source: Source) -> LinkClassifier:
        rules = source.link_rules
        return cls(
            tuple(re.compile(p) for p in rules.allow),
            tuple(re.compile(p) for p in rules.deny),
            re.compile(rules.article_pattern) if rules.article_pattern else None,
        )

    def followable(self, url: str) -> bool:
        if any(p.search(url) for p in self.deny):
            return False
        return not self.allow or any(p.search(url) for p in self.allow)

    def is_article(self, url: str) -> bool:
        if self.article is not None:
            return bool(self.article.search(url))
        # Without a pattern, a path with a long slug or a date looks like an article.
        path = urlsplit(url).path
        return bool(re.search(r"/\d{4}/\d{2}/|[a-z0-9]+(?:-[a-z0-9]+){3,}", path))
