"""Which of the page's headings print the title: an h1 that is the site's logo, an SEO or
breadcrumb label or a teaser's link is set apart, and where every h1 is a label the article
header's h2 is read. The DOM's side alone, which the headline chain weighs against the
metadata."""

from __future__ import annotations

import re
from itertools import islice

from lxml import etree

from aggregator.parser import vocab
from aggregator.parser.text import clean, norm_key, pieces_apart, text_of
from aggregator.parser.tree import Page
from aggregator.parser.urls import home_path


def _is_seo_heading(h: etree._Element) -> bool:
    """An h1 that only labels the page for crawlers: inside a breadcrumb trail or nav list.

    Templates that print the visible title as an ``h2`` often keep the ``h1`` in
    the breadcrumb bar (``nav > ol > li > h1``, class ``breadcrumb__headline``).
    """
    node, depth = h, 0
    while node is not None and depth < 8:
        if node is not h and node.tag in ("nav", "li"):
            return True
        ci = (node.get("class") or "") + " " + (node.get("id") or "")
        if vocab.SEO_HEADING.search(ci) or any("breadcrumb" in k for k in node.attrib):
            return True
        node, depth = node.getparent(), depth + 1
    return False


_LOGO = re.compile(r"logo|site-?(?:title|name|branding)|branding|masthead", re.IGNORECASE)


def _site_logo(h: etree._Element) -> bool:
    """An h1 that is the site's logo: classed as one (or its wrapper), or wholly a link to
    the home page (``<h1 class="site-title"><a href="/">Springfield Courier</a></h1>``)."""
    around = [*h.iter(), *islice(h.iterancestors(), 2)]  # "<div id='logo'><h1>"
    if any(_LOGO.search(f"{el.get('class') or ''} {el.get('id') or ''}") for el in around):
        return True
    links = [a for a in h.iter("a") if a.get("href") is not None]
    text = clean(text_of(h))
    return bool(text) and any(
        home_path(a.get("href") or "") and clean(text_of(a)) == text for a in links
    )


def _in_link(h: etree._Element) -> bool:
    node = h.getparent()
    while node is not None:
        if node.tag == "a" and node.get("href"):
            return True  # a teaser card's title, not this page's
        node = node.getparent()
    return False


def _h1_candidates(page: Page) -> list[etree._Element]:
    return [h for h in page.doc.iter("h1") if not _in_link(h)][:8]


def visible_title_heading(page: Page, keyed: list[tuple[str, str, str]]) -> tuple[str, str] | None:
    """The metadata title printed as an article-header ``h2`` (kicker spans allowed).

    Only asked when every h1 is a breadcrumb/SEO label: the visible title is then
    the header's h2, as a whole (kicker + title) or one of its spans (the title
    without the kicker). Metadata titles are tried in order of trust (og:title,
    JSON-LD, twitter, <title>) and the metadata spelling is returned.
    """
    heads = []
    for h in page.doc.iter("h2"):
        if _in_link(h) or _is_seo_heading(h):
            continue
        keys = set()
        for el in h.iter():
            if isinstance(el.tag, str):
                k = norm_key(text_of(el))
                if len(k) >= 10:
                    keys.add(k)
        if keys:
            heads.append(keys)
        if len(heads) >= 12:
            break
    for mk, value, src in keyed:
        if len(mk) < 10:
            continue
        for keys in heads:
            if mk in keys:
                return value, src
    return None


def h1_texts(page: Page) -> tuple[list[str], list[str], str]:
    """(h1 texts, h1 texts that only label the page for crawlers, the text of the first
    h1 that is the site's logo or "")."""
    h1s: list[str] = []
    seo: list[str] = []
    logo = ""
    for h in _h1_candidates(page):
        if _site_logo(h):
            logo = logo or clean(text_of(h))
            continue
        text = clean("".join(pieces_apart(h)))  # "Council votes to expand<br>bike lanes"
        if 3 <= len(text) <= 400:
            (seo if _is_seo_heading(h) else h1s).append(text)
    return h1s, seo, logo
