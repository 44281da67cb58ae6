"""Finding article URLs: feeds, sitemaps, robots.txt and link rules, as pure functions.

The spider fetches; these functions say what the fetched feed, sitemap or
listing page points at. Every URL leaves here canonicalised, without tracking
parameters, so the same article is never requested twice under two names.
"""

from __future__ import annotations

import dataclasses
import gzip
import io
import json
import re
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from email.utils import parsedate_to_datetime
from html import entities as html_entities
from typing import Any
from urllib.parse import parse_qs, urljoin, urlsplit

import lxml.html
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


# Why an entry of a feed or sitemap was not followed (or, for date_ignored, was
# followed without its date); the spider adds its own reasons to these.
SKIP_REASONS = {
    "no_url": "the entry names no URL",
    "not_http": "the URL is not http(s)",
    "bad_url": "the URL cannot be parsed (a bad port, an unclosed IPv6 bracket)",
    "unresolved_entity": "the URL holds an entity reference that cannot be resolved "
    "(external or undeclared): never requested in part",
    "too_old": "older than max_age, by publication date else lastmod",
    "bad_date": "its date cannot be read, and max_age needs it",
    "date_ignored": "its date cannot be read: followed without it (no max_age applies)",
    "over_max_feed_entries": "past max_feed_entries entries of one document",
    "bad_entry": "any other fault in one entry (its neighbours are still read)",
}

# libxml2 stops at these (billion laughs and friends); whatever it read up to
# there may be cut mid-URL, so such a document is refused whole.
_HOSTILE_XML_ERRORS = {"ERR_RESOURCE_LIMIT", "ERR_ENTITY_LOOP", "ERR_ENTITY_AMPLIFICATION"}
DEFAULT_PORTS = frozenset({80, 443})


@dataclass(frozen=True)
class Scope:
    """The hosts and ports a source's crawl may request (docs/crawling.md, "Scope").

    ``ports`` maps each domain to the ports allowed on it; a subdomain of a
    domain is that domain. A URL is in scope when its host is (under) a domain
    and its port, written or the scheme's default, is one of that domain's.
    """

    ports: dict[str, frozenset[int]]

    @classmethod
    def of(cls, domains: Iterable[str], seeds: Iterable[str]) -> Scope:
        """``domains`` (``host`` or ``host:port``) and the hosts of the ``seeds``, with ports.

        A seed's host not under one of ``domains`` is a domain of its own. A
        domain gets the ports named with it and those of the seed URLs on it;
        a seed without a port (or with the default one) stands for both 80 and
        443, so http and https of one site are one scope. A domain with no port
        from either gets 80 and 443.
        """
        seeds = list(seeds)
        ports: dict[str, set[int]] = {}
        for entry in domains:
            host, port = split_host_port(entry)
            ports.setdefault(host, set()).update({port} if port else set())
        for url in seeds:
            host, _ = host_port(url)
            if host and not host_in_domains(host, ports):
                ports[host] = set()
        for url in seeds:
            host, port = host_port(url)
            for domain in ports:
                if host_in_domains(host, [domain]):
                    ports[domain] |= DEFAULT_PORTS if port in DEFAULT_PORTS else {port}
        return cls({d: frozenset(p or DEFAULT_PORTS) for d, p in ports.items()})

    @property
    def domains(self) -> list[str]:
        return sorted(self.ports)

    def allows(self, url: str) -> bool:
        """Is ``url`` on one of the domains (or a subdomain), on one of its ports?"""
        host, port = host_port(url)
        return any(host_in_domains(host, [d]) and port in p for d, p in self.ports.items())


def split_host_port(entry: str) -> tuple[str, int | None]:
    """'example.com:8080' → ('example.com', 8080); 'example.com' → ('example.com', None)."""
    entry = entry.strip().lower()
    if entry.startswith("["):  # an IPv6 literal
        host, _, rest = entry[1:].partition("]")
        port = rest.removeprefix(":")
    else:
        host, _, port = entry.partition(":") if entry.count(":") == 1 else (entry, "", "")
    return host, int(port) if port.isdigit() else None


def host_port(url: str) -> tuple[str, int]:
    """(host, port) of a URL, lower-case, the port written or the scheme's default."""
    parts = urlsplit(url)
    try:
        port = parts.port
    except ValueError:
        port = None
    return (parts.hostname or "").lower(), port or (443 if parts.scheme == "https" else 80)


@dataclass(frozen=True)
class DiscoveryPlan:
    """Where one source's articles are found: canonical URLs and the scope they may lead to."""

    feeds: list[str]
    sitemaps: list[str]
    start_pages: list[str]
    scope: Scope

    @property
    def allowed_domains(self) -> list[str]:
        return self.scope.domains


def host_in_domains(host: str, domains: Iterable[str]) -> bool:
    """Is ``host`` one of ``domains`` or a subdomain of one?"""
    return any(host == d or host.endswith("." + d) for d in domains)


def plan_for(source: Source) -> DiscoveryPlan:
    """The URLs a crawl of ``source`` starts from, and its scope.

    The scope's domains are the hosts of its discovery URLs and those its
    ``allowed_domains`` names; its ports those the discovery URLs use on them
    (and any an ``allowed_domains`` entry names).
    """
    return DiscoveryPlan(
        feeds=[canonicalize_url(u) for u in source.feeds],
        sitemaps=[canonicalize_url(u) for u in source.sitemaps],
        start_pages=[canonicalize_url(u) for u in source.start_pages],
        scope=Scope.of(source.allowed_domains, source.feeds + source.sitemaps + source.start_pages),
    )


# --- reading feeds and sitemaps ------------------------------------------------------

_XML_PARSER_OPTIONS: dict[str, Any] = dict(
    resolve_entities=False, no_network=True, huge_tree=False, recover=True, remove_pis=True
)
# Reference handling before libxml2 sees a document (see _prepare_xml).
_REFERENCE = re.compile(rb"&(?:#([0-9]{1,7});|#[xX]([0-9a-fA-F]{1,6});|([A-Za-z_][\w.-]{0,63});)?")
_CDATA_OR_DOCTYPE = re.compile(
    rb"(<!\[CDATA\[.*?\]\]>|<!DOCTYPE(?:[^\[>]|\[.*?\])*>)", re.DOTALL | re.IGNORECASE
)
_DOCTYPE = re.compile(rb"<!DOCTYPE(?:[^\[>]|\[.*?\])*>", re.DOTALL | re.IGNORECASE)
_DECLARED = re.compile(rb"<!ENTITY\s+([A-Za-z_][\w.-]*)")
_EXTERNAL_DTD = re.compile(rb"<!DOCTYPE\s+\S+\s+(?:SYSTEM|PUBLIC)\b", re.IGNORECASE)
_RAW_CONTROLS = re.compile(rb"[\x00-\x08\x0b\x0c\x0e-\x1f]")
_PREDEFINED = {b"amp", b"lt", b"gt", b"quot", b"apos"}
# Stands for a reference that cannot be resolved (an entity of an external DTD):
# a field holding it is unreadable. A private-use character, valid XML.
_UNRESOLVED = "\ue000"
# Dates later than this ahead of now are not believed (a lastmod in 2099 would
# make an entry look changed on every run).
_FUTURE_SLACK = timedelta(days=1)
_XML_NS = "{http://www.w3.org/XML/1998/namespace}"
_W3C_YEAR_MONTH = re.compile(r"(\d{4})(?:-(\d{2}))?")
_RDF = "{http://www.w3.org/1999/02/22-rdf-syntax-ns#}"


def _xml_char_ok(code: int) -> bool:
    return code in (0x9, 0xA, 0xD) or 0x20 <= code <= 0xD7FF or 0xE000 <= code <= 0x10FFFF


def _prepare_xml(body: bytes) -> bytes:
    """The document with every reference made one libxml2 reads without an error.

    After its first well-formedness error libxml2's recovery drops later
    references, ``&amp;`` included, so one ``&eacute;`` in a title would cut
    the ``&`` out of every later URL. So, outside CDATA and the DOCTYPE: a
    bare ``&`` ("?a=1&b=2") becomes ``&amp;``; an HTML entity name
    (``&eacute;``) its numeric reference; a character reference XML does not
    allow (``&#1;``) and a raw control character go; a name declared in the
    document stays for libxml2 (and :class:`_Entities`); an undeclared name
    is literal text as written, unless the document has an external DTD,
    which might declare it: then it cannot be resolved. UTF-16 documents
    (rare for feeds) are left as they are.
    """
    if body[:2] in (b"\xff\xfe", b"\xfe\xff") or body[:2] in (b"<\x00", b"\x00<"):
        return body
    body = _RAW_CONTROLS.sub(b"", body)
    if b"&" not in body:
        return body
    declared = set(_DECLARED.findall(body))
    external = _EXTERNAL_DTD.search(body) is not None

    def rewrite(match: re.Match[bytes]) -> bytes:
        decimal, hexadecimal, name = match.groups()
        if decimal or hexadecimal:
            code = int(decimal or hexadecimal, 10 if decimal else 16)
            return match.group(0) if _xml_char_ok(code) else b""
        if name is None:
            return b"&amp;"
        if name in _PREDEFINED or name in declared:
            return match.group(0)
        value = html_entities.html5.get(f"{name.decode()};")
        if value is not None:
            return "".join(f"&#{ord(c)};" for c in value).encode()
        return f"&#{ord(_UNRESOLVED)};".encode() if external else b"&amp;" + name + b";"

    parts = _CDATA_OR_DOCTYPE.split(body)
    return b"".join(p if i % 2 else _REFERENCE.sub(rewrite, p) for i, p in enumerate(parts))


def _local(tag: object) -> str:
    return tag.rsplit("}", 1)[-1] if isinstance(tag, str) else ""


class _Entities:
    """Resolves the entity references libxml2 leaves in place (``resolve_entities=False``).

    Only names the document declares are left (:func:`_prepare_xml`). One
    resolves to its internal declaration when that is plain text (never to
    another reference or markup: no expansion); an external one does not.
    """

    def __init__(self) -> None:
        self._declared: dict[str, str | None] | None = None

    def value(self, entity: etree._Entity) -> str | None:
        if self._declared is None:
            dtd = entity.getroottree().docinfo.internalDTD
            self._declared = {
                e.name: e.content
                for e in (dtd.iterentities() if dtd is not None else ())
                if e.name and e.system_url is None
            }
        declared = self._declared.get(entity.name)
        if declared is not None and "&" not in declared and "<" not in declared:
            return declared
        return None

    def text(self, element: etree._Element) -> str | None:
        """An element's own text with its entity references resolved; None if one does not."""
        parts = [element.text or ""]
        for child in element:
            if isinstance(child, etree._Entity):
                value = self.value(child)
                if value is None:
                    return None
                parts.append(value)
            parts.append(child.tail or "")
        text = "".join(parts).strip()
        return None if _UNRESOLVED in text else text


def _read_date(text: str | None, now: datetime) -> tuple[datetime | None, bool]:
    """(date, readable): W3C/ISO 8601 or RFC 822; absent is readable, None, and so is
    a year or a year and month alone (readable, but no day to give as a date)."""
    if not text:
        return None, True
    value = text.strip()
    try:
        if (year_month := _W3C_YEAR_MONTH.fullmatch(value)) is not None:
            year, month = year_month.groups()
            start = datetime(int(year), int(month or 1), 1, tzinfo=UTC)
            return None, start <= now + _FUTURE_SLACK
        try:
            parsed = datetime.fromisoformat(value.replace("Z", "+00:00"))
        except ValueError:
            parsed = parsedate_to_datetime(value)
        if parsed.tzinfo is None:
            parsed = parsed.replace(tzinfo=UTC)
        parsed = parsed.astimezone(UTC)
    except (ValueError, TypeError, IndexError, OverflowError):
        # Year 1 in another zone overflows ("0001-01-01T00:00:00+00:01").
        return None, False
    if parsed > now + _FUTURE_SLACK:
        return None, False
    return parsed, True


def _period_end(text: str | None) -> datetime | None:
    """The end of a W3C Datetime year or year and month ("2026-12" → 2027-01-01), the
    sitemap protocol's coarse dates (fromisoformat reads neither); None for any other
    text or a month that does not exist."""
    if (year_month := _W3C_YEAR_MONTH.fullmatch((text or "").strip())) is None:
        return None
    year, month = int(year_month[1]), int(year_month[2] or 12)
    if not (1 <= month <= 12 and 1 <= year < 9999):
        return None
    return datetime(year + month // 12, month % 12 + 1, 1, tzinfo=UTC)


def _entries(
    body: bytes, tags: tuple[str, ...], max_entries: int | None, skipped: Counter[str]
) -> tuple[Iterator[etree._Element], Callable[[], str | None]]:
    """The entry elements of a document as they are parsed, at most ``max_entries``.

    Each element is cleared once the caller is done with it (the next one is
    asked for), so a document of any length is read in bounded memory;
    entries past the limit are only counted. The second value, called after
    the iteration, names a libxml2 error that refuses the whole document.
    """
    context = etree.iterparse(
        io.BytesIO(_prepare_xml(body)),
        events=("end",),
        tag=tuple(f"{{*}}{t}" for t in tags),
        **_XML_PARSER_OPTIONS,
    )

    def iterate() -> Iterator[etree._Element]:
        seen = 0
        try:
            for _, element in context:
                seen += 1
                if max_entries is None or seen <= max_entries:
                    yield element
                else:
                    skipped["over_max_feed_entries"] += 1
                element.clear(keep_tail=True)
                # Entries already read go; the channel's own elements (<language>) stay.
                while (done := element.getprevious()) is not None and _local(done.tag) in tags:
                    done.getparent().remove(done)
        except etree.XMLSyntaxError:
            return  # what came before the fatal error is kept; the error is counted below

    def refusal() -> str | None:
        hostile = [e for e in context.error_log if e.type_name in _HOSTILE_XML_ERRORS]
        return hostile[0].message if hostile else None

    return iterate(), refusal


def _entry_url(text: str | None, base_url: str, skipped: Counter[str]) -> str | None:
    """The canonical http(s) URL of an entry, or None with the reason counted."""
    if text is None:
        skipped["unresolved_entity"] += 1
        return None
    if not text:
        skipped["no_url"] += 1
        return None
    url = canonicalize_url(text, base_url)
    if not url:
        skipped["bad_url"] += 1
        return None
    if not url.startswith(("http://", "https://")):
        skipped["not_http"] += 1
        return None
    return url


# --- feeds -------------------------------------------------------------------

# Entry children by local name (RSS 2.0, RSS 1.0 with Dublin Core, Atom).
_PUBLISHED = ("published", "pubDate", "issued")
_UPDATED = ("updated", "modified")
_DC_DATE = "date"  # dc:date, RSS 1.0's only date: both published and updated


def _feed_link(entry: etree._Element, entities: _Entities, base_url: str) -> tuple[str | None, str]:
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
        name = _local(child.tag)
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
    entry: etree._Element, entities: _Entities, now: datetime, skipped: Counter[str]
) -> FeedHints:
    title: str | None = None
    published: datetime | None = None
    updated: datetime | None = None
    authors: list[str] = []
    for child in entry:
        name = _local(child.tag)
        if name == "title" and title is None:
            title = entities.text(child) or None
        elif name in (*_PUBLISHED, *_UPDATED, _DC_DATE):
            value, readable = _read_date(entities.text(child), now)
            if not readable:
                skipped["date_ignored"] += 1
            if name in _PUBLISHED or name == _DC_DATE:
                published = published or value
            if name in _UPDATED or name == _DC_DATE:
                updated = updated or value
        elif name == "author" and len(child):  # Atom: <author><name>…</name></author>
            names = [entities.text(c) for c in child if _local(c.tag) == "name"]
            authors += [n for n in names if n]
        elif name in ("author", "creator") and (text := entities.text(child)):
            authors.append(text)  # RSS 2.0 "mail (Name)", dc:creator
    return FeedHints(
        title=title, published_at=published, updated_at=updated, authors=tuple(authors)
    )


def parse_feed(
    body: bytes, base_url: str, *, max_entries: int | None = None, now: datetime | None = None
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
    """
    now = now or datetime.now(UTC)
    if body.lstrip(b"\xef\xbb\xbf \t\r\n").startswith(b"{"):
        return parse_json_feed(body, base_url, max_entries=max_entries, now=now)
    root = _root_name(body)
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
    if root not in _FEED_ROOTS and not body.startswith(_UTF16_STARTS):
        found = f"its first element is <{root}>" if root else "it holds no XML element"
        return DocumentEntries([], refused=f"not a feed: {found}")
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
    entities = _Entities()
    entries, refusal = _entries(body, ("item", "entry"), max_entries, skipped)
    found: list[DiscoveredLink] = []
    root: etree._Element | None = None
    for entry in entries:
        root = root if root is not None else entry.getroottree().getroot()
        try:
            text, base = _feed_link(entry, entities, base_url)
            url = _entry_url(text, base, skipped)
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


def _feed_language(root: etree._Element | None, entities: _Entities) -> str | None:
    """The channel's <language> (or dc:language), else the feed's xml:lang; primary subtag."""
    if root is None:
        return None
    for element in root.iter("{*}language"):
        if element.getparent() is not None and _local(element.getparent().tag) == "channel":
            text = entities.text(element)
            return (text or "").split("-")[0].lower() or None
    return (root.get(f"{_XML_NS}lang") or "").split("-")[0].lower() or None


_FEED_ROOTS = frozenset({"rss", "feed", "rdf"})
_UTF16_STARTS = (b"\xff\xfe", b"\xfe\xff", b"<\x00", b"\x00<")
# Skipped before a document's first element: comments, a DOCTYPE, the XML
# declaration and other processing instructions; group 1 is the first tag's name.
_MARKUP = re.compile(
    rb"<!--.*?-->|<!DOCTYPE(?:[^\[>]|\[.*?\])*>|<[?!][^>]*>|<([A-Za-z_][\w.:-]*)",
    re.DOTALL | re.IGNORECASE,
)
_SNIFF_BYTES = 65536


def _root_name(body: bytes) -> str | None:
    """The local name, lower-cased, of the document's first element (None: none in
    its first 64 KiB, or a UTF-16 document), read past the prolog."""
    for match in _MARKUP.finditer(body[:_SNIFF_BYTES]):
        if match.group(1) is not None:
            return match.group(1).decode("ascii").rsplit(":", 1)[-1].lower()
    return None


# <link rel="alternate" type=…> values that announce a feed (not application/json,
# which WordPress uses for its REST API).
FEED_LINK_TYPES = frozenset(
    {"application/rss+xml", "application/atom+xml", "application/rdf+xml", "application/feed+json"}
)


# A comments feed by whole words, at the title's end or before whose post it is, in the
# languages the parser reads: WordPress titles "Site » Comments Feed" and "Site » Post
# Comments Feed", others "Comments", "Comments on: Post", "Flux des commentaires",
# "Kommentare zu: …". "No Comment Daily", "Site » Commentary" are feeds of articles.
_COMMENTS_TITLE = re.compile(
    r"\b(?:comments|commentaires|kommentare|comentarios|commenti|reacties)(?:\s+feed)?\s*$"
    r"|\b(?:comments\s+on|commentaires\s+sur|kommentare\s+zu|comentarios\s+(?:en|sobre)"
    r"|commenti\s+a|reacties\s+op)\b",
    re.IGNORECASE,
)


def _comments_feed(title: str, url: str) -> bool:
    """A declared feed of comments: its title says so (``_COMMENTS_TITLE``), or a path
    segment of its URL is "comments" ("/comments/feed/", "/comments.xml") or its
    query is WordPress's "?feed=comments-rss2"; "/commentary/feed/" and a "/comment/"
    section are not."""
    parts = urlsplit(url)
    segments = [segment.split(".")[0].lower() for segment in parts.path.split("/")]
    query = parse_qs(parts.query).get("feed", [])
    return (
        _COMMENTS_TITLE.search(title) is not None
        or "comments" in segments
        or any(value.lower().startswith("comments-") for value in query)
    )


def feeds_declared(html: bytes, base_url: str) -> DeclaredFeeds:
    """The feeds an HTML page declares (feed autodiscovery), in page order, canonical.

    ``<link rel="alternate" type="application/rss+xml" href=…>`` and its Atom,
    RSS 1.0 and JSON Feed kinds, resolved against the page's ``<base href>``
    and URL; only http(s) URLs. A comments feed (``_comments_feed``) is set
    apart in ``comments``: its entries are comments.
    """
    try:
        document = lxml.html.document_fromstring(html)
    except (etree.ParserError, ValueError):
        return DeclaredFeeds()
    base = base_url
    for element in document.iter("base"):
        if element.get("href"):
            base = urljoin(base_url, element.get("href", "").strip())
            break
    declared = DeclaredFeeds()
    for link in document.iter("link"):
        rel = (link.get("rel") or "").lower().split()
        kind = (link.get("type") or "").lower().split(";")[0].strip()
        href = (link.get("href") or "").strip()
        if "alternate" in rel and kind in FEED_LINK_TYPES and href:
            url = canonicalize_url(href, base)
            if not url.startswith(("http://", "https://")) or url in declared.feeds:
                continue
            if _comments_feed(link.get("title") or "", url):
                declared.comments.append(url)
            else:
                declared.feeds.append(url)
    return declared


def parse_json_feed(
    body: bytes, base_url: str, *, max_entries: int | None = None, now: datetime | None = None
) -> DocumentEntries:
    """Article links of a JSON Feed (jsonfeed.org 1.0 and 1.1), with hints.

    Each item's ``url`` is its article (``external_url`` points at someone
    else's page, and ``id`` need not be a URL); ``date_published``,
    ``date_modified``, ``title``, ``authors`` (1.1) or ``author`` (1.0) and
    ``language`` are hints, as a feed's are.
    """
    now = now or datetime.now(UTC)
    try:
        document = json.loads(body.decode("utf-8-sig"))
    except (UnicodeDecodeError, ValueError) as exc:
        return DocumentEntries([], refused=f"not a feed: unreadable JSON ({exc})")
    except RecursionError:  # json.loads recurses once per level of nesting
        return DocumentEntries([], refused="not a feed: unreadable JSON (nested too deep)")
    items = document.get("items") if isinstance(document, dict) else None
    if not isinstance(items, list):
        return DocumentEntries([], refused="not a feed: JSON without a JSON Feed 'items' list")
    skipped: Counter[str] = Counter()
    if max_entries is not None and len(items) > max_entries:
        skipped["over_max_feed_entries"] += len(items) - max_entries
        items = items[:max_entries]
    feed_language = document.get("language")
    found: list[DiscoveredLink] = []
    for item in items:
        try:
            raw = item.get("url")  # a number is no URL ("123" resolved to /123)
            url = _entry_url(raw.strip() if isinstance(raw, str) else "", base_url, skipped)
            if url is not None:
                found.append(DiscoveredLink(url, _json_hints(item, feed_language, now, skipped)))
        except Exception:  # noqa: BLE001 - one odd item is counted; the others are read
            skipped["bad_entry"] += 1
    return DocumentEntries(found, skipped=skipped)


def _json_hints(
    item: dict[str, Any], feed_language: object, now: datetime, skipped: Counter[str]
) -> FeedHints:
    dates = []
    for key in ("date_published", "date_modified"):
        value, readable = _read_date(str(item[key]) if item.get(key) else None, now)
        if not readable:
            skipped["date_ignored"] += 1
        dates.append(value)
    people = item.get("authors")
    if not isinstance(people, list) or not people:  # 1.0's author; any other value is none
        people = [item["author"]] if item.get("author") else []
    authors = tuple(str(p["name"]).strip() for p in people if isinstance(p, dict) and p.get("name"))
    language = item.get("language") or feed_language
    return FeedHints(
        title=str(item["title"]).strip() or None if item.get("title") else None,
        published_at=dates[0],
        updated_at=dates[1],
        authors=authors,
        language=str(language).split("-")[0].lower() or None if language else None,
    )


# --- sitemaps ------------------------------------------------------------------


def maybe_gunzip(body: bytes, max_size: int) -> bytes:
    """Gunzip a ``.xml.gz`` sitemap, refusing to inflate past ``max_size`` bytes."""
    if not body.startswith(b"\x1f\x8b"):
        return body
    with gzip.GzipFile(fileobj=io.BytesIO(body)) as stream:
        data = stream.read(max_size + 1)
    if len(data) > max_size:
        raise ValueError(f"gzipped sitemap inflates past {max_size} bytes")
    return data


_SITEMAP_FIELDS = ("loc", "lastmod", "publication_date", "title", "language")


def parse_sitemap(
    body: bytes,
    base_url: str,
    *,
    max_age: timedelta | None = None,
    now: datetime | None = None,
    max_entries: int | None = None,
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
    """
    now = now or datetime.now(UTC)
    if (other := _other_than_xml_sitemap(body, base_url, max_entries, now)) is not None:
        return other
    cutoff = now - max_age if max_age else None
    skipped: Counter[str] = Counter()
    entities = _Entities()
    entries, refusal = _entries(body, ("url", "sitemap"), max_entries, skipped)
    sitemaps: list[str] = []
    links: list[DiscoveredLink] = []
    for entry in entries:
        try:
            fields: dict[str, str | None] = {}
            for child in entry.iter():
                name = _local(child.tag)
                if name in _SITEMAP_FIELDS and name not in fields:
                    fields[name] = entities.text(child)
            url = _entry_url(fields.get("loc", ""), base_url, skipped)
            if url is None:
                continue
            lastmod, lastmod_ok = _read_date(fields.get("lastmod"), now)
            published, published_ok = _read_date(fields.get("publication_date"), now)
            if not (lastmod_ok and published_ok):
                if cutoff:
                    skipped["bad_date"] += 1
                    continue
                skipped["date_ignored"] += 1
            # A coarse date is its period's end for max_age: "this month" is not old.
            newest = (
                published
                or lastmod
                or _period_end(fields.get("publication_date"))
                or _period_end(fields.get("lastmod"))
            )
            if cutoff and newest and newest < cutoff:
                skipped["too_old"] += 1
                continue
            if _local(entry.tag) == "sitemap":
                sitemaps.append(url)
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
    return DocumentEntries(links, sitemaps, skipped)


def _other_than_xml_sitemap(
    body: bytes, base_url: str, max_entries: int | None, now: datetime
) -> DocumentEntries | None:
    """A text sitemap's or a feed's entries, or the refusal of a document that is no
    sitemap; None for an XML sitemap (or a UTF-16 document, read as one)."""
    root = _root_name(body)
    if root is None and not body.startswith(_UTF16_STARTS):
        return _text_sitemap(body, base_url, max_entries)
    if root in _FEED_ROOTS:
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
        elif (url := _entry_url(line, base_url, skipped)) is not None:
            links.append(DiscoveredLink(url))
    if not links and not skipped["over_max_feed_entries"]:
        return DocumentEntries([], refused="not a sitemap: it holds no XML element and no URL")
    return DocumentEntries(links, skipped=skipped)


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
