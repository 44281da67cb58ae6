"""Where a page's date may be read: the article's scope, outside chrome, readers'
comments, links to other pages and teaser cards of other stories."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from lxml import etree

from aggregator.parser import vocab
from aggregator.parser.scope import (
    holds_headline,
    in_comment,
    in_foreign_link,
    is_chrome,
    links_here,
)
from aggregator.parser.text import text_of

if TYPE_CHECKING:
    from aggregator.parser.view import PageView


def region(view: PageView) -> etree._Element:
    """Where the date rules walk: the article's scope, or the whole page without one."""
    return view.scope if view.scope is not None else view.root


def article_evidence(
    view: PageView, el: etree._Element, columns: dict[etree._Element, bool]
) -> bool:
    """Outside the chrome, readers' comments, links to other pages and teaser cards.

    ``columns``: one dict per pass over the page's elements (``scope.in_comment``).
    """
    title = view.headline_element
    return (
        not in_foreign_link(view, el)
        and not is_chrome(el, stop=view.scope, title=title)
        and not in_comment(el, title, columns)
        and not in_teaser_card(view, el)
    )


# A card is short: a teaser's headline, a line of its text, its date and section.
_CARD_CHARS = 300
# A teaser's headline has words enough to be one: a section kicker ("Sport",
# "Local news") in a heading with a link is none.
_TEASER_WORDS = 4
_TEASER_HEADINGS = ("h2", "h3", "h4", "h5", "h6")


def in_teaser_card(view: PageView, el: etree._Element) -> bool:
    """``el`` sits in a teaser card of another story (``teaser_cards``)."""
    cards = view.teaser_cards
    return bool(cards) and any(node in cards for node in el.iterancestors())


def teaser_cards(view: PageView) -> frozenset[etree._Element]:
    """Short blocks around another story's headline: a heading that holds, or is held by,
    a link to another page ("Read more: <a><h3>…</h3></a> <time>"), with the story's
    date; each the smallest block around the heading that writes a number besides it
    (its date, its clock), of at most ``_CARD_CHARS`` characters.

    A card that stands alone (one "related" teaser after the text) is no list the
    chrome and list tests know, and its date is the other story's. A block that holds
    the article's own headline is the article's header, and no card; nor the article's
    scope. The smallest such block, not the largest: an article's meta line that holds
    a teaser beside its own date stays the article's.
    """
    title = view.headline_element
    cards = set()
    for heading in view.root.iter(*_TEASER_HEADINGS):
        if not _teaser_headline(view, heading):
            continue
        own = text_of(heading)
        for node in heading.iterancestors():
            if node is view.scope or node.tag in ("body", "html"):
                break
            text = text_of(node)
            if holds_headline(node, title) or len(text) > _CARD_CHARS:
                break
            if _DIGIT.search(text.replace(own, "", 1)):
                cards.add(node)
                break
    return frozenset(cards)


_DIGIT = re.compile(r"\d")


def _teaser_headline(view: PageView, heading: etree._Element) -> bool:
    """A heading of words enough linked to another page (the link inside it or around it);
    no byline set as a heading ("<h4><a href=/author/jane>Jane Smith, Political
    Editor</a></h4>": its "By", or its link to an author's page, says so)."""
    text = text_of(heading)
    if len(text.split()) < _TEASER_WORDS or vocab.BY_TEXT.match(text):
        return False
    links = [a for a in heading.iter("a") if a.get("href")]
    outer = heading.getparent()
    while outer is not None and outer.tag != "a":
        outer = outer.getparent() if outer.tag in ("span", "div") else None
    if outer is not None and outer.get("href"):
        links.append(outer)
    return any(
        a.get("rel") != "author"
        and not _AUTHOR_PAGE.search(a.get("href") or "")
        and not links_here(view, a)
        for a in links
    )


# A link to an author's page: a byline set as a heading links there, no teaser does.
_AUTHOR_PAGE = re.compile(
    r"/(?:authors?|autor(?:en|in)?|auteurs?|autore|people|profiles?|staff|contributors?|"
    r"journalists?|redaktion)/",
    re.IGNORECASE,
)
