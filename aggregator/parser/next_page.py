"""An article split over pages: the URL of its next page, and whether a page continues one.

A CMS splits a long article into pages of one URL each: the same path with a page
number (``?page=2``, ``/2/``, ``/page/2/``, ``/page2.html``), page 1 naming page 2 in a
``<link rel="next">`` (or an ``<a rel="next">`` of its pagination), page 2 naming page 1
in a ``rel="prev"`` and often its ``rel="canonical"``. A ``rel="next"`` is taken only when
its URL is the same article: the same host and path, a higher page number. A listing's
"Older posts" (a page of teasers), a gallery's next slide (``?slide=2``, ``#slide-2``)
and a "Next article" link (another path) are none.

Both functions read the page's bytes cheaply first and parse only a page that may say
anything: the crawl asks them of every article page it fetches.
"""

from __future__ import annotations

import re
from urllib.parse import parse_qsl, urlencode, urlunsplit

from lxml import etree

from aggregator.parser.tree import parse
from aggregator.parser.urls import canonical_key, canonicalize_url, split_url

# Query keys that number a page of one article ("?page=2", German "?seite=2"); not
# WordPress's "?p=123", a post's id.
_PAGE_KEYS = frozenset({"page", "pg", "paged", "pagina", "seite", "pagenum"})
# A last path segment that numbers a page: "page2", "page-2", "page2.html", "2".
_PAGE_SEGMENT = re.compile(r"(?:page[-_]?)?(\d{1,3})(?:\.s?html?|\.php)?", re.IGNORECASE)
_BARE_NUMBER = re.compile(r"\d{1,3}")
# A bare number numbers a page only under an article's slug, words joined by "-" or "_".
_SLUG = re.compile(r"[^\W\d_]{2,}[-_][^\W_]")
# The highest page number read as one: "/2024/" is a year's archive, not page 2024.
MAX_PAGE_NUMBER = 99
# More <article> elements than this: a page of teasers, whose rel=next is the listing's.
_MAX_ARTICLES = 2
_REL_NEXT = re.compile(rb"""rel\s*=\s*["']?[^"'>]*\bnext\b""", re.IGNORECASE)
_CHROME = ("aside", "footer")


def page_of(url: str) -> tuple[str, int]:
    """The article a URL is a page of (as ``canonical_key``, query kept) and its page number
    (1 when the URL numbers none): "/story/?page=2" and "/story/2/" are page 2 of "/story/"."""
    parts = split_url(canonicalize_url(url))
    query = parse_qsl(parts.query, keep_blank_values=True)
    for position, (key, value) in enumerate(query):
        if key.lower() in _PAGE_KEYS and value.isdigit() and 0 < int(value) <= MAX_PAGE_NUMBER:
            rest = urlencode(query[:position] + query[position + 1 :])
            base = urlunsplit((parts.scheme, parts.netloc, parts.path, rest, ""))
            return canonical_key(base, query=True), int(value)
    path, number = _numbered_path(parts.path)
    base = urlunsplit((parts.scheme, parts.netloc, path, parts.query, ""))
    return canonical_key(base, query=True), number


def _numbered_path(path: str) -> tuple[str, int]:
    """``path`` without its page number, and the number (1 when it has none)."""
    segments = path.rstrip("/").split("/")
    if len(segments) < 3:  # "/2/": a site's page 2, or its second story: no article's page
        return path, 1
    last, parent = segments[-1], segments[-2]
    match = _PAGE_SEGMENT.fullmatch(last)
    if match is None or not 0 < int(match.group(1)) <= MAX_PAGE_NUMBER:
        return path, 1
    if _BARE_NUMBER.fullmatch(last):
        if parent.lower() == "page":  # "/story/page/2/"
            segments = segments[:-1]
        elif not _SLUG.search(parent):  # "/2026/12/06/" a date, "/article/12/" an id
            return path, 1
    return "/".join(segments[:-1]) + "/", int(match.group(1))


def same_article_later(url: str, candidate: str) -> bool:
    """``candidate`` is a later page of the article ``url`` is a page of."""
    key, number = page_of(url)
    other_key, other_number = page_of(candidate)
    return bool(key) and other_key == key and other_number > number


def next_page(html: bytes | str, url: str) -> str | None:
    """The URL of the next page of the article on ``html`` (fetched from ``url``), or None.

    A ``<link rel="next">`` first, else an ``<a rel="next">`` of the article (inside its
    ``<article>`` when the page has one; never in an aside or the footer); either only
    when it is a later page of the same article (``same_article_later``). None on a page of
    teasers (more than two ``<article>`` elements), whose rel=next is the listing's.
    """
    head = html.encode("utf-8", "replace") if isinstance(html, str) else html
    if _REL_NEXT.search(head) is None:
        return None
    page = parse(html, url, xpath_ids=False)
    if page.root is None:
        return None
    articles = list(page.root.iter("article"))
    if len(articles) > _MAX_ARTICLES:
        return None
    anchors = [a.get("href") or "" for a in _next_anchors(articles[0] if articles else page.root)]
    for href in [*page.links.get("next", []), *anchors]:
        candidate = canonicalize_url(href, url)
        if candidate and same_article_later(url, candidate):
            return candidate
    return None


def _next_anchors(scope: etree._Element) -> list[etree._Element]:
    return [
        a
        for a in scope.iter("a")
        if "next" in (a.get("rel") or "").lower().split() and not _in_chrome(a)
    ]


def _in_chrome(el: etree._Element) -> bool:
    node = el.getparent()
    while node is not None:
        if node.tag in _CHROME or node.get("role") == "complementary":
            return True
        node = node.getparent()
    return False


def first_page_of(html: bytes | str, url: str) -> str | None:
    """The URL of an earlier page of the same article when the page at ``url`` is a later
    one (page 2 on): its ``rel="prev"`` or ``rel="canonical"`` names one. None for a page
    that is an article of its own, a first page among them."""
    key, number = page_of(url)
    if number < 2:  # cheap: most pages number none
        return None
    page = parse(html, url, xpath_ids=False)
    for href in [*page.links.get("prev", []), *page.links.get("canonical", [])]:
        target = canonicalize_url(href, url)
        if not target:
            continue
        target_key, target_number = page_of(target)
        if target_key == key and target_number < number:
            return target
    return None
