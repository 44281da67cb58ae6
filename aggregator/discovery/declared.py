"""Feed autodiscovery: the feeds an HTML page declares with ``<link rel="alternate">``,
with comments feeds set apart, since their entries are comments, not articles."""

from __future__ import annotations

import re
from urllib.parse import parse_qs, urljoin, urlsplit

import lxml.html
from lxml import etree

from aggregator.discovery.entries import DeclaredFeeds
from aggregator.parser.urls import canonicalize_url

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
