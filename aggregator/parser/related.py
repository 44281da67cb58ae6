"""Related links: the links a page itself presents as related reading.

Only blocks labelled as related ("Related Articles", "Read more", class
``related``/``read-more``/``more-on``) count; site navigation, trending and
most-read widgets do not. Of their links, only those to another article: not this
page, a home page or a share endpoint.
"""

from __future__ import annotations

import re
from urllib.parse import parse_qsl, urlsplit

from lxml import etree

from aggregator.parser import vocab
from aggregator.parser.text import clean, short_text, text_of
from aggregator.parser.tree import classed
from aggregator.parser.urls import canonical_key, canonicalize_url, home_path, page_key
from aggregator.schema import RelatedLink

_HEADING_TAGS = ("h2", "h3", "h4", "h5", "h6", "strong", "b", "p", "span", "div", "header")


def links_in(block: etree._Element, page_url: str, own: str, base: str = "") -> list[RelatedLink]:
    """The links of ``block`` that lead to another article: not to this page (``page_url``
    or its canonical ``own``, in any spelling), a home page, or a share endpoint. A
    relative link is read against ``base`` (the page's ``<base href>``), else ``page_url``."""
    out = []
    this_page = {page_key(page_url, query=True), page_key(own, query=True)} - {""}
    for a in block.iter("a"):
        href = a.get("href")
        if not href or href.startswith(("#", "javascript:", "mailto:", "tel:")):
            continue
        text = clean(text_of(a)) or clean(a.get("title"))
        if len(text) < 8:
            continue
        url = canonicalize_url(href, base or page_url)
        if not url.startswith("http") or url == own or canonical_key(url, query=True) in this_page:
            continue
        if _home_link(url) or vocab.SHARE_ENDPOINT.match(url.split("://", 1)[1]):
            continue
        out.append(RelatedLink(url=url, text=text))
    return out


def _home_link(url: str) -> bool:
    """A link to a site's home page ("Back to the homepage", a partner's logo), also with a
    query that names no page ("/?device=mobile", "/?lang=fr"). A query value with a number
    or a slug of two words or more names one: a shortlink "/?p=123", a site that serves
    its articles by query ("/?story=mayor-resigns-over-scandal")."""
    return home_path(url) and not any(
        re.search(r"\d|[^\W_][-_+][^\W_]", value) for _key, value in parse_qsl(urlsplit(url).query)
    )


def find_related(
    root: etree._Element, page_url: str, own_url: str = "", base: str = ""
) -> tuple[list[RelatedLink], set[etree._Element]]:
    """(links, blocks): related links in page order, and the blocks they came from
    (``base``: as ``links_in``)."""
    chosen = _outermost(_classed_blocks(root) + _headed_blocks(root))
    links: list[RelatedLink] = []
    seen: set[str] = set()
    for b in chosen:
        for link in links_in(b, page_url, own_url, base):
            if link.url not in seen:
                seen.add(link.url)
                links.append(link)
    return links[:50], set(chosen)


def _classed_blocks(root: etree._Element) -> list[etree._Element]:
    """Blocks whose class names them related reading, and that are mostly links."""
    blocks = []
    tags = ("div", "section", "aside", "ul", "ol", "nav")
    for el in classed(root, tags, vocab.RELATED_CLASS_WORDS):
        ci = (el.get("class") or "") + " " + (el.get("id") or "")
        if (
            ci.strip()
            and vocab.RELATED_CLASS.search(ci)
            and not vocab.NOT_RELATED_CLASS.search(ci)
            and _mostly_links(el)
        ):
            blocks.append(el)
    return blocks


def _headed_blocks(root: etree._Element) -> list[etree._Element]:
    """The links under a heading that labels them: "Related Articles", "Lesen Sie auch"."""
    blocks = []
    for el in root.iter(*_HEADING_TAGS):
        if len(el) > 3:
            continue
        # Cheap first-word probe before reading any text.
        first = el.text if el.text and el.text.strip() else (el[0].text if len(el) else None)
        if not first or not vocab.RELATED_START.match(first):
            continue
        text = short_text(el, 60)
        if not text or not vocab.RELATED_HEADING.match(text):
            continue
        # The links are in the heading's following sibling or its parent block.
        parent = el.getparent()
        sib = el.getnext()
        if (
            sib is not None
            and sib.tag in ("ul", "ol", "div", "section")
            and sib.find(".//a") is not None
        ):
            blocks.append(sib)
        elif (
            parent is not None
            and parent.tag not in ("body", "article", "main")
            and _mostly_links(parent)  # a related box, not the article
        ):
            blocks.append(parent)
    return blocks


def _outermost(blocks: list[etree._Element]) -> list[etree._Element]:
    """Outermost blocks only, so links are not counted twice."""
    chosen: list[etree._Element] = []
    for b in blocks:
        if any(b is c or _is_ancestor(c, b) for c in chosen):
            continue
        chosen = [c for c in chosen if not _is_ancestor(b, c)]
        chosen.append(b)
    return chosen


def _mostly_links(el: etree._Element) -> bool:
    """A related box is mostly link text; an article body (whatever its class) is not."""
    text = short_text(el, 4000)
    if not text:
        return False
    linked = sum(len(clean(text_of(a))) for a in el.iter("a"))
    return linked > 0.4 * len(text)


def _is_ancestor(anc: etree._Element, el: etree._Element) -> bool:
    p = el.getparent()
    while p is not None:
        if p is anc:
            return True
        p = p.getparent()
    return False
