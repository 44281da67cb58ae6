"""The links of a listing page, read up to a cap.

Scrapy's LinkExtractor builds a Link for every link of a page before the crawl
sees one: on a start page of 500,000 links (11 MB, under ``max_page_bytes``)
that held the reactor for about 40 s and 400 MB. This reads the same links
(``<a>`` and ``<area>`` ``href``, joined to the page's base URL, http(s) only,
none to a file of an extension Scrapy ignores, each once, with its text) and
stops building them at the cap: the rest are only counted.
"""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urljoin, urlparse

from lxml import etree
from scrapy.http import TextResponse
from scrapy.linkextractors import IGNORED_EXTENSIONS
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


def listing_links(response: TextResponse, cap: int) -> ListingLinks:
    """The page's first ``cap`` distinct followable links, and how many more it has."""
    base = get_base_url(response)
    seen: set[str] = set()
    links: list[PageLink] = []
    not_read = 0
    for element in response.selector.root.iter("a", "area"):
        href = element.get("href")
        if href is None:
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
