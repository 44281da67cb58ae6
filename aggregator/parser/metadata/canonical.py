"""The canonical URL, the article's identity in storage: the page's canonical link or
og:url, unless a template left it unfilled or pointed it at the home page or at a section
above the article."""

from __future__ import annotations

import re
from urllib.parse import unquote

from aggregator.parser.metadata.jsonld import Found
from aggregator.parser.tree import Page
from aggregator.parser.urls import (
    canonicalize_url,
    home_path,
    is_web_url,
    path_segments,
    site_host,
)


def canonical_url(page: Page) -> Found:
    base = page_base(page)
    for href in [*page.links.get("canonical", []), page.meta_first("og:url")]:
        if href and not _placeholder(href, page.url):
            url = canonicalize_url(href, base)
            if (
                url.startswith("http")
                and not _home_for_article(url, page.url)
                and not _section_for_article(url, page.url)
            ):
                return url, "meta"
    return canonicalize_url(page.url) or page.url, "url"


def page_base(page: Page) -> str:
    """The URL the page's relative links are read against, as a browser reads them: its
    ``<base href>`` when that is an absolute http(s) URL, else the page's own URL."""
    if page.root is None:
        return page.url
    base = page.root.find("head/base[@href]")
    href = (base.get("href") or "").strip() if base is not None else ""
    if is_web_url(href) and canonicalize_url(href):
        return href
    return page.url


# A template's tag left unfilled ("{{ canonical_url }}", "{% url %}", "${url}", "<%= url %>").
_TEMPLATE_TAG = re.compile(r"\{\{|\{%|\$\{|<%")
# A script's missing value printed in its place (an object printed as text too).
_MISSING_VALUE = frozenset({"undefined", "null", "[object object]"})


def _placeholder(href: str, page_url: str) -> bool:
    """A canonical a template failed to fill: a template tag (also URL-encoded,
    "%7B%7B%20canonical_url%20%7D%7D"), or a script's missing value printed as
    "undefined"/"null"/"[object Object]": all of the URL or its path, or a segment of the
    path the page's own URL does not hold (``/news/m/1c62…/undefined`` on
    ``/news/m/1c62…/slug``). Taken as a URL, it would name no page, or one page for every
    article it is missing on. An album or band named "Null" is in the page's URL too, and
    stays."""
    href = unquote(href.strip())
    if _TEMPLATE_TAG.search(href):
        return True
    if href.casefold() in _MISSING_VALUE:
        return True
    segments = [s.casefold() for s in path_segments(href)]
    missing = [s for s in segments if s in _MISSING_VALUE]
    if not missing:
        return False
    if len(segments) == len(missing):
        return True
    own = {s.casefold() for s in path_segments(page_url)}
    return page_url.startswith("http") and any(s not in own for s in missing)


def _section_for_article(url: str, page_url: str) -> bool:
    """A canonical that is a section above the page on its site: the canonical's own
    path names no page (``_segment_names_page``: "/news/", "/politik/inland/", "/news/2024/05/"),
    and the page's path goes on below it with a segment naming the
    article (a slug of three words or more, or a long number), "/news/" on
    "/news/38853_Sperrfristende_…". Like a home canonical, a template's default that
    would make every article of the section one row in storage. A page below its
    article's canonical (a slide, a comment page, a chapter, a live post, an answer:
    ".../best-beaches-in-europe/photo/3345678", "/news/8812345/council-passes-budget"
    on "/news/8812345") keeps it."""
    if site_host(page_url) != site_host(url):
        return False
    above = path_segments(url)
    below = path_segments(page_url)
    if len(below) <= len(above) or below[: len(above)] != above:
        return False
    if any(_segment_names_page(segment) for segment in above):
        return False  # the canonical names a page of its own: the article's
    return any(_names_article(segment) for segment in below[len(above) :])


def _segment_names_page(segment: str) -> bool:
    """A canonical's path segment that names a page, not a section: a slug of three words
    or more ("election-results-2024"), or a number that is no part of a date ("4412",
    not "2024", "05": "/news/2024/05/03/" is a day's archive)."""
    return len(re.findall(r"[^\W_]+", segment)) >= 3 or (
        bool(re.search(r"\d", segment)) and not re.fullmatch(r"(?:19|20)\d\d|\d{1,2}", segment)
    )


def _names_article(segment: str) -> bool:
    """A URL path segment that names one article: a slug of three words or more, or an
    id of five digits or more (not a page number, not "amp")."""
    return len(re.findall(r"[^\W\d_]{2,}", segment)) >= 3 or bool(re.search(r"\d{5,}", segment))


def _home_for_article(url: str, page_url: str) -> bool:
    """A canonical that is the site's home page, on a page that is not: a template's
    default ("og:url" = "https://example.com/"). The canonical URL is the article's
    identity in storage, so every article of the site would be stored as one."""
    if not page_url.startswith("http"):
        return False  # the page's own address is unknown: the canonical is all there is
    return home_path(url) and not home_path(page_url)
