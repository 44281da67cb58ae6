"""The article's scope in the page, and the page's chrome.

A page holds one article inside a site's furniture: a header bar (often with
today's date), tickers, a weather widget, "most read" lists with their own
dates, a footer with a copyright year. Evidence about *this* article (its date,
its byline) is read only inside the article's scope, never from that chrome.

The scope is the innermost ``<article>`` (or schema.org Article microdata
element) that holds the page's headline ``<h1>``. Without one, rules read the
whole page but skip the chrome and take the evidence nearest the headline:
the first after the h1 in document order, else the last before it within the
h1's own header block.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING

from lxml import etree

from aggregator.parser import vocab
from aggregator.parser.text import norm_key, text_of
from aggregator.parser.tree import classed
from aggregator.parser.urls import canonicalize_url, home_path

if TYPE_CHECKING:
    from aggregator.parser.view import PageView


def headline_element(view: PageView) -> etree._Element | None:
    """The ``<h1>`` that prints the article's headline (else the first plausible h1)."""
    fallback = None
    for h in view.root.iter("h1"):
        if in_link(h) or _in_structural_chrome(h) or not norm_key(text_of(h)):
            continue
        if prints_headline(view, h):
            return h
        if fallback is None:
            fallback = h
    return fallback


def prints_headline(view: PageView, h: etree._Element) -> bool:
    """``h`` prints the article's headline (or holds it, or a long part of it)."""
    want, key = norm_key(view.article.headline), norm_key(text_of(h))
    return bool(want and key) and (key == want or want in key or (len(key) > 15 and key in want))


def _in_structural_chrome(el: etree._Element) -> bool:
    """Inside navigation or a sidebar by tag or ARIA role (class names are not read here)."""
    node = el.getparent()
    while node is not None:
        if node.tag in vocab.CHROME_TAGS or node.get("role") in vocab.CHROME_ROLES:
            return True
        node = node.getparent()
    return False


def article_scope(view: PageView) -> etree._Element | None:
    """The innermost ``<article>`` or Article microdata element holding the headline h1."""
    h1 = view.headline_element
    node = h1.getparent() if h1 is not None else None
    while node is not None and node.tag not in ("body", "html"):
        if node.tag == "article" or _is_article_microdata(node):
            return node
        node = node.getparent()
    return None


def _is_article_microdata(el: etree._Element) -> bool:
    itemtype = el.get("itemtype") or ""
    return bool(itemtype) and vocab.ARTICLE_ITEMTYPE.search(itemtype) is not None


def in_link(el: etree._Element) -> bool:
    """Inside an ``<a href>`` at all (a teaser card's title)."""
    node = el.getparent()
    while node is not None:
        if node.tag == "a" and node.get("href"):
            return True
        node = node.getparent()
    return False


def in_foreign_link(view: PageView, el: etree._Element) -> bool:
    """Inside a link to another page: a teaser card's date. A permalink to this page is not."""
    node = el.getparent()
    while node is not None:
        if node.tag == "a" and node.get("href"):
            return not links_here(view, node)
        node = node.getparent()
    return False


def links_here(view: PageView, a: etree._Element) -> bool:
    if "bookmark" in (a.get("rel") or "").split():
        return True
    href = (a.get("href") or "").strip()
    if href.startswith("#"):
        return True
    target = canonicalize_url(href, view.url).split("#")[0].split("?")[0].rstrip("/")
    own = {
        canonicalize_url(u).split("#")[0].split("?")[0].rstrip("/")
        for u in (view.url, view.article.canonical_url)
        if u
    }
    return target in own


def nearest_to_headline(view: PageView, candidates: list[etree._Element]) -> etree._Element | None:
    """The candidate that belongs to the headline: the first after the h1 in document order,
    else the last before it inside the h1's own header block and after the site's header.

    The article's date and byline sit next to its title; the site's header bar
    comes before the title, "most read" lists and the footer after the text.
    """
    h1 = view.headline_element
    if h1 is None or not candidates:
        return candidates[0] if candidates else None
    where = view.position(h1)
    position = {c: view.position(c) for c in candidates}
    after = [c for c in candidates if position[c] >= where]
    if after:
        return min(after, key=position.__getitem__)
    block = headline_block(h1)
    # Only what follows the site's header in that block: a page wrapper (Next.js's
    # "Layout_wrap") around a top bar, the site header and the story holds the site's
    # "today" above them. A story's own top after the site header (a flat template's
    # byline and date above the h1) stays.
    site = _last_site_header_before(view, block, h1)
    inside = [
        c
        for c in candidates
        if within(c, block)
        and (site is None or (position[c] > view.position(site) and not within(c, site)))
    ]
    return max(inside, key=position.__getitem__) if inside else None


def _last_site_header_before(
    view: PageView, block: etree._Element, h1: etree._Element
) -> etree._Element | None:
    """The last site bar (``<header>`` or ``<nav>`` of no article, see ``_site_bar``) in
    ``block`` before ``h1``, the outermost of nested ones; None when the block holds none."""
    where = view.position(h1)
    last = None
    for el in block.iter("header", "nav"):
        if view.position(el) >= where:
            break  # document order: the rest comes after the h1 too
        if (last is not None and within(el, last)) or within(h1, el):
            continue
        if _of_no_article(el) and _site_bar(el):
            last = el
    return last


# A menu's links: a kicker's section link or two is a story's, three make a site's menu.
_MENU_LINKS = 3


def _site_bar(el: etree._Element) -> bool:
    """``el`` (a ``<header>`` or ``<nav>``) is a bar of the site's: it links to the home
    page (the logo) or holds a menu. A template with no ``<article>`` gives the story's
    own ``<header class=entry-meta>`` with its date above the h1, or a kicker's header
    with one section link: neither is the site's, and its date is the article's."""
    hrefs = [(a.get("href") or "").strip() for a in el.iter("a")]
    return len(hrefs) >= _MENU_LINKS or any(
        h and not h.startswith("#") and home_path(h) for h in hrefs
    )


def headline_block(h1: etree._Element, *, apart_from_site: bool = False) -> etree._Element:
    """The headline's own header block: ``HEADER_BLOCK_UP`` levels above the h1, below body.

    ``apart_from_site``: and never a block that also holds the site's header or
    navigation (a ``<header>`` or ``<nav>`` outside any ``<article>``). The date rules
    that keep htmldate's day where the block on writes it ask for that: a page wrapper
    around the top bar, the site header and the article holds the site's "today". A
    theme's meta line just before the ``<article>`` stays in the block.
    """
    block = h1
    for _ in range(vocab.HEADER_BLOCK_UP):
        parent = block.getparent()
        if parent is None or parent.tag in ("body", "html"):
            break
        if apart_from_site and _holds_site_header(parent, block):
            break
        block = parent
    return block


def _holds_site_header(parent: etree._Element, block: etree._Element) -> bool:
    """``parent`` holds, beside ``block``, a ``<header>`` or ``<nav>`` of no article."""
    return any(not within(el, block) and _of_no_article(el) for el in parent.iter("header", "nav"))


def _of_no_article(el: etree._Element) -> bool:
    """``el`` (a ``<header>`` or ``<nav>``) stands in no ``<article>``: the site's."""
    return not any(a.tag == "article" for a in el.iterancestors())


def story_top(h1: etree._Element) -> etree._Element:
    """The headline's ``<article>``, else its header block: where the story's own top
    (kicker, dek, byline) may stand before the headline."""
    article = next(h1.iterancestors("article"), None)
    return article if article is not None else headline_block(h1)


def index_path(el: etree._Element) -> tuple[tuple[int, ...], etree._Element]:
    """``el``'s index among its siblings and its ancestors', from the top down (comparing
    two is comparing document order), and the top it reached."""
    steps = []
    node, parent = el, el.getparent()
    while parent is not None:
        steps.append(parent.index(node))
        node, parent = parent, parent.getparent()
    return tuple(reversed(steps)), node


def class_id(el: etree._Element) -> str:
    """An element's class and id, space-joined ("" when it has neither)."""
    c: str | None = el.get("class")
    i: str | None = el.get("id")
    if c and i:
        return c + " " + i
    return c or i or ""


BYLINE_TAGS = ("span", "div", "p", "address", "a", "li", "section", "header", "small", "ul")


def byline_classed(
    root: etree._Element, also: Callable[[etree._Element], bool] | None = None
) -> Iterator[etree._Element]:
    """Elements under ``root`` whose class or id names a byline, an author's box or bio
    excepted (``vocab.NOT_BYLINE_CLASS``), or for which ``also`` holds, in document
    order: where the authors' names (``byline``) and a date printed with them
    (``dates.in_page``) are looked for."""
    for el in classed(root, BYLINE_TAGS, vocab.BYLINE_CLASS_WORDS, also):
        names = class_id(el)
        if (also is not None and also(el)) or (
            vocab.BYLINE_CLASS.search(names) and not vocab.NOT_BYLINE_CLASS.search(names)
        ):
            yield el


def caption_classed(el: etree._Element) -> bool:
    """A caption- or credit-classed element (by its class or id)."""
    ci = class_id(el)
    return bool(ci) and vocab.CAPTION_CLASS.search(ci) is not None


def within(el: etree._Element, ancestor: etree._Element) -> bool:
    node: etree._Element | None = el
    while node is not None:
        if node is ancestor:
            return True
        node = node.getparent()
    return False


def is_chrome(
    el: etree._Element,
    stop: etree._Element | None = None,
    title: etree._Element | None = None,
    tags_in_scope: bool = True,
) -> bool:
    """The element sits in site furniture: header bar, navigation, sidebar, footer, widgets.

    Ancestors are checked up to ``stop`` (exclusive; the scope) or the root, and
    never past an ancestor of ``title`` (the headline h1): a block that holds the
    article's title is the article's header, whatever its class says. Inside an
    article's scope only lists of other stories count by class: a "sidebar" in
    the article column holds its date and byline. ``tags_in_scope=False`` reads
    inside the scope only those story lists, not ``aside``/``nav`` tags either: an
    article's meta column is often an ``<aside>`` holding its byline.
    """
    pattern = vocab.STORY_LIST_CLASS if stop is not None else vocab.CHROME_CLASS
    node: etree._Element | None = el
    while node is not None and node is not stop:
        if node.tag in ("body", "html") or (title is not None and within(title, node)):
            break  # body/html classes name the page type ("segment--recommended")
        if stop is not None and not tags_in_scope:
            if _story_list(node):
                return True
        elif _furniture(node, pattern):
            return True
        node = node.getparent()
    return False


def _story_list(node: etree._Element) -> bool:
    ci = (node.get("class") or "") + " " + (node.get("id") or "")
    return bool(ci.strip() and vocab.STORY_LIST_CLASS.search(ci) and _link_list(node))


def in_chrome(el: etree._Element) -> bool:
    """Inside a furniture block: a site header or footer, navigation, a sidebar, a list of
    other stories (what :func:`chrome_block` says of any ancestor)."""
    node = el.getparent()
    while node is not None and node.tag not in ("body", "html"):
        if chrome_block(node):
            return True
        node = node.getparent()
    return False


# A reader's comment (WordPress's comment-meta, a comment card, Disqus's thread): its
# date is the comment's. Any class or id with the word counts, without the link count
# a furniture block needs: a comment holds few links. "responses" too, Medium's word and
# WordPress themes' ("3 Responses to …"), as a whole class or id: a setting's
# "responses-enabled" on a byline's meta line or another's "editor-responses" (the
# article's own answers) is none. Only the plural: a "response" box can be the article's
# own (an official's response, a reply piece).
COMMENT_CLASS = re.compile(
    r"(?:^|[\s_\-])comments?(?:$|[\s_\-\d])|(?:^|\s)responses(?:$|\s)", re.IGNORECASE
)


def comment_block(el: etree._Element) -> bool:
    """The element is a reader's comment, or a list or thread of them, by its class or id."""
    ci = (el.get("class") or "") + " " + (el.get("id") or "")
    return bool(ci.strip() and COMMENT_CLASS.search(ci))


def in_comment(
    el: etree._Element,
    title: etree._Element | None,
    columns: dict[etree._Element, bool],
) -> bool:
    """``el`` or an ancestor below ``<body>`` is a comment block; one that holds the
    headline ``title`` is the article's and ends the walk, and nothing in the
    ``<header>`` that holds the headline is a comment (observer.com's meta line there
    is a "social-comments" bar). A comment block that holds the article's body is the
    article's own column (the Guardian's ``tonal__main--tone-comment`` on an opinion
    piece) and ends the walk too.

    ``columns`` keeps that finding per block across the calls of one pass over a page's
    elements, so a long thread is searched once, not once per dated element in it.
    """
    if title is not None and any(within(title, h) for h in el.iterancestors("header")):
        return False
    node: etree._Element | None = el
    while node is not None and node.tag not in ("body", "html"):
        if title is not None and holds_headline(node, title):
            return False
        if comment_block(node):
            if node not in columns:
                columns[node] = holds_article_body(node)
            return not columns[node]
        node = node.getparent()
    return False


def holds_headline(el: etree._Element, title: etree._Element | None = None) -> bool:
    """``el`` holds the article's headline (the element ``title``, where the caller knows
    it, else any ``<h1>``): a block around it is the article's, whatever its class says."""
    if title is not None:
        return within(title, el)
    return next(el.iter("h1"), None) is not None


def holds_article_body(el: etree._Element) -> bool:
    """A descendant is the article's text by itemprop or class (``vocab.GOOD``)."""
    for node in el.iterdescendants(etree.Element):  # elements only, not comments
        if node.get("itemprop") == "articleBody" or vocab.GOOD.search(node.get("class") or ""):
            return True
    return False


def chrome_block(el: etree._Element) -> bool:
    """The element itself is a furniture block (by tag, role, or class and links)."""
    return _furniture(el, vocab.CHROME_CLASS)


def _furniture(node: etree._Element, pattern: re.Pattern[str]) -> bool:
    tag = node.tag
    if tag in vocab.CHROME_TAGS or node.get("role") in vocab.CHROME_ROLES:
        return True
    if tag in ("header", "footer") and site_level(node):
        return True
    ci = (node.get("class") or "") + " " + (node.get("id") or "")
    return bool(ci.strip() and pattern.search(ci) and _link_list(node))


def _link_list(el: etree._Element) -> bool:
    """Holds several links: a menu, a list of stories. A class name alone is weak evidence
    ("sidebar__item--header" on an article's own header block), links are not."""
    return any(n >= vocab.CHROME_MIN_LINKS for n, _ in enumerate(el.iter("a"), start=1))


def site_level(block: etree._Element) -> bool:
    """A ``<header>``/``<footer>`` of the site (navigation, logo bar, imprint), not the article's.

    An article's own header or footer sits in an ``<article>``/``<main>`` or holds
    the headline h1.
    """
    holds_title = next(block.iter("h1"), None) is not None
    return not (holds_title or _inside(block, ("article", "main")))


def _inside(el: etree._Element, tags: tuple[str, ...]) -> bool:
    node = el.getparent()
    while node is not None:
        if node.tag in tags:
            return True
        node = node.getparent()
    return False
