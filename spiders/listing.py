"""The links of a listing page, read up to a cap.

Scrapy's LinkExtractor builds a Link for every link of a page before the crawl
sees one: on a start page of 500,000 links (11 MB, under ``max_page_bytes``)
that held the reactor for about 40 s and 400 MB. This reads the same links
(``<a>`` and ``<area>`` ``href``, joined to the page's base URL, http(s) only,
none to a file of an extension Scrapy ignores, each once, with its text), and a
``<link rel="next">``'s, and stops building them at the cap: the rest are only counted.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from urllib.parse import urljoin, urlparse

from lxml import etree
from scrapy.http import TextResponse
from scrapy.linkextractors import IGNORED_EXTENSIONS
from scrapy.selector import Selector
from scrapy.utils.response import get_base_url
from scrapy.utils.url import url_has_any_extension
from w3lib.html import strip_html5_whitespace
from w3lib.url import canonicalize_url, safe_url_string

_IGNORED = {f".{extension}" for extension in IGNORED_EXTENSIONS}
_TEXT = etree.XPath("string()")  # a link's text, as LinkExtractor reads it


@dataclass(frozen=True)
class PageLink:
    url: str  # absolute, as found (the spider canonicalises it)
    text: str


@dataclass(frozen=True)
class ListingLinks:
    links: list[PageLink]
    not_read: int  # links past the cap: counted, never built


def _next_page(element: etree._Element) -> bool:
    """A ``<link rel="next">``: the next page of a section that shows no "next" link (a
    "Load more" button), which pagination follows as it follows an ``<a>``."""
    return "next" in (element.get("rel") or "").lower().split()


def listing_links(response: TextResponse, cap: int) -> ListingLinks:
    """The page's first ``cap`` distinct followable links, and how many more it has."""
    base = get_base_url(response)
    seen: set[str] = set()
    links: list[PageLink] = []
    not_read = 0
    for element in response.selector.root.iter("a", "area", "link"):
        href = element.get("href")
        if href is None or (element.tag == "link" and not _next_page(element)):
            continue
        if len(links) >= cap:
            not_read += 1
            continue
        try:
            url = safe_url_string(
                urljoin(base, strip_html5_whitespace(href)), encoding=response.encoding
            )
        except ValueError:
            continue  # a bogus href, as LinkExtractor skips it
        url = urljoin(response.url, url)
        if url.split("://", 1)[0] not in ("http", "https"):
            continue  # mailto:, javascript:, … are no pages
        if url_has_any_extension(urlparse(url), _IGNORED):
            continue
        key = canonicalize_url(url, keep_fragments=True)
        if key in seen:
            continue
        seen.add(key)
        links.append(PageLink(url, str(_TEXT(element))))
    return ListingLinks(links, not_read)


# Signs that a page is one article (not a section front): the signs the parser's page
# kinds read (aggregator/parser/page_kind.py), read here from the listing page's own
# selector, on its head only, since a front's teasers may carry their own.
_ARTICLE_TYPES = frozenset({"newsarticle", "article", "reportagenewsarticle", "blogposting"})


def article_signs(selector: Selector) -> bool:
    """Does the page say it is an article: og:type ``article``, an
    ``article:published_time``, or a JSON-LD object of an article type at its top?"""
    og_type = selector.xpath("//head/meta[@property='og:type']/@content").get() or ""
    if og_type.strip().lower().startswith("article"):
        return True
    if selector.xpath("//head/meta[@property='article:published_time']/@content").get():
        return True
    for script in selector.xpath("//head/script[@type='application/ld+json']/text()").getall():
        try:
            data = json.loads(script)
        except ValueError:
            continue
        objects = data if isinstance(data, list) else [data]
        if isinstance(data, dict) and isinstance(data.get("@graph"), list):
            objects = data["@graph"]
        if any(isinstance(o, dict) and _is_article_type(o.get("@type")) for o in objects):
            return True
    return False


def _is_article_type(value: object) -> bool:
    names = value if isinstance(value, list) else [value]
    return any(isinstance(n, str) and n.rsplit("/", 1)[-1].lower() in _ARTICLE_TYPES for n in names)


@dataclass
class ListingWatch:
    """What a crawl's listing pages showed of its link rules, said once as it ends: an
    ``article_pattern`` that matched none of their links, and pages followed as listing
    pages that say they are articles (the rules do not call their URLs articles)."""

    links_tested: int = 0
    links_matched: int = 0
    listing_pages: int = 0
    like_articles: list[str] = field(default_factory=list)

    def note_page(self, url: str, selector: Selector, *, followed: bool) -> None:
        """A listing page read; ``followed``: reached from a listing page, not a start page."""
        self.listing_pages += 1
        if followed and article_signs(selector):
            self.like_articles.append(url)

    def note_link(self, is_article: bool) -> None:
        self.links_tested += 1
        self.links_matched += is_article

    def warnings(self, pattern: str | None) -> list[str]:
        """The lines to say at the end of the crawl (none when all went as the rules say)."""
        lines = []
        if pattern is not None and self.links_tested and not self.links_matched:
            lines.append(
                f"link_rules.article_pattern '{pattern}' matched none of the "
                f"{self.links_tested} links of {self.listing_pages} listing pages: "
                "no article was found on them; check it against the site's article URLs"
            )
        if self.like_articles:
            fix = (
                "check link_rules.article_pattern" if pattern else "set link_rules.article_pattern"
            )
            lines.append(
                f"{len(self.like_articles)} pages followed as listing pages look like articles "
                f"(og:type article, a published time or article JSON-LD; e.g. "
                f"{self.like_articles[0]}): {fix}"
            )
        return lines
