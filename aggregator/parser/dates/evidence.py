"""Where a page's date may be read: the article's scope, outside chrome, readers'
comments, links to other pages and teaser cards of other stories."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

from lxml import etree

from aggregator.parser import vocab
from aggregator.parser.dates.formats import FULL_DATE
from aggregator.parser.scope import (
    holds_headline,
    in_comment,
    in_foreign_link,
    is_chrome,
    links_here,
)
from aggregator.parser.text import text_of
from aggregator.parser.urls import canonicalize_url

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
TEASER_WORDS = 4
_TEASER_HEADINGS = ("h2", "h3", "h4", "h5", "h6")


def in_teaser_card(view: PageView, el: etree._Element) -> bool:
    """``el`` sits in a teaser card of another story (``teaser_cards``)."""
    cards = view.teaser_cards
    return bool(cards) and any(node in cards for node in el.iterancestors())


def teaser_cards(view: PageView, root: etree._Element) -> frozenset[etree._Element]:
    """Short blocks under ``root`` around another story's headline: a heading that holds,
    or is held by, a link to another page ("Read more: <a><h3>…</h3></a> <time>"), with
    the story's date; each the smallest block around the heading that writes a number
    besides it (its date, its clock), of at most ``_CARD_CHARS`` characters.

    A card that stands alone (one "related" teaser after the text) is no list the
    chrome and list tests know, and its date is the other story's. A block that holds
    the article's own headline is the article's header, and no card; nor the article's
    scope. The smallest such block, not the largest: an article's meta line that holds
    a teaser beside its own date stays the article's.
    """
    title = view.headline_element
    cards = set()
    for heading in root.iter(*_TEASER_HEADINGS):
        own = text_of(heading)
        links = _heading_links(heading, own)
        card = _card_around(view, heading, own, title) if links else None
        # The links last: canonicalizing their addresses is the costly test.
        if card is not None and any(to_other_story(view, a) for a in links):
            cards.add(card)
    start = view.text_start
    return frozenset(card for card in cards if not _alone_in_top(view, card, start))


def _alone_in_top(view: PageView, card: etree._Element, start: etree._Element | None) -> bool:
    """``card`` stands in the article's top (before its text's first paragraph,
    ``start``) and holds the top's only date: the article's own meta line, author box or
    kicker beside a linked heading, no teaser (review of round 15, M5–M8). A teaser in the
    meta column stands beside the article's own date."""
    if start is not None and view.position(card) > view.position(start):
        return False
    title = view.headline_element
    for el in region(view).iter():
        if start is not None and el is start:
            break
        if el is card or card in el.iterancestors() or not isinstance(el.tag, str):
            continue
        own = [el.text or ""] + [child.tail or "" for child in el]
        dated = el.tag == "time" or any(FULL_DATE.search(t) for t in own)
        if dated and not is_chrome(el, stop=view.scope, title=title):
            return False
    return True


# A paragraph of the article's text: a sentence or more (a byline line is shorter).
PROSE_CHARS = 100


def text_start(view: PageView) -> etree._Element | None:
    """The first paragraph of the article's text after its headline (``PROSE_CHARS``)."""
    h1 = view.headline_element
    after = view.position(h1) if h1 is not None else ()
    for p in region(view).iter("p"):
        if len(text_of(p)) >= PROSE_CHARS and view.position(p) > after:
            return p
    return None


def _card_around(
    view: PageView, heading: etree._Element, own: str, title: etree._Element | None
) -> etree._Element | None:
    """The smallest block around ``heading`` (whose text is ``own``) that writes a number
    besides it, of at most ``_CARD_CHARS`` characters, holding no headline; else None."""
    for node in heading.iterancestors():
        if node is view.scope or node.tag in ("body", "html"):
            return None
        text = text_of(node)
        if holds_headline(node, title) or len(text) > _CARD_CHARS:
            return None
        if _DIGIT.search(text.replace(own, "", 1)):
            return node
    return None


_DIGIT = re.compile(r"\d")


def _heading_links(heading: etree._Element, own: str) -> list[etree._Element]:
    """The links of a teaser's headline: ``heading``, whose text is ``own``, of words
    enough, no byline set as a heading ("By Jane Smith, Political Editor"); the links
    inside it or around it."""
    if len(own.split()) < TEASER_WORDS or vocab.BY_TEXT.match(own):
        return []
    links = [a for a in heading.iter("a") if a.get("href")]
    outer = heading.getparent()
    while outer is not None and outer.tag != "a":
        outer = outer.getparent() if outer.tag in ("span", "div") else None
    if outer is not None and outer.get("href"):
        links.append(outer)
    return links


def to_other_story(view: PageView, a: etree._Element) -> bool:
    """A link to another story on the page's own site: no author's page ("<h4><a
    href=/author/jane>Jane Smith, Political Editor</a></h4>" is a byline set as a
    heading), no section the article's address lies under (a kicker, "/politics/local"),
    no page under the article's own slug, no other site (a share link).

    A teaser card's heading link (``teaser_cards``), and the link beside a labelled
    publication line (``in_page._other_moment``). ``zones._beside_link`` is wider, and
    says why.
    """
    if a.get("rel") == "author" or _author_page(a):
        return False
    if links_here(view, a):
        return False
    target = urlsplit(canonicalize_url((a.get("href") or "").strip(), view.url))
    here = urlsplit(canonicalize_url(view.url))
    if _site(target.hostname) != _site(here.hostname):
        return False
    section = target.path.rstrip("/") + "/"
    if not target.query and here.path.startswith(section):
        return False
    # A page under the article's own slug is one of its own: a live blog's entry
    # ("/live/council-approves-budget/entry-2"; review of round 15, M9).
    slug = here.path.rstrip("/").rsplit("/", 1)[-1]
    return "-" not in slug or slug not in target.path.split("/")


def _site(host: str | None) -> str:
    """A host's site: its last two labels ("www.gazette.com" and "m.gazette.com" are one
    site), three under a country's second level ("www.gazette.co.uk", "example.co.jp": the
    last two are every British or Japanese company's)."""
    labels = (host or "").split(".")
    national = len(labels) >= 3 and len(labels[-1]) == 2 and labels[-2] in _SECOND_LEVEL
    return ".".join(labels[-3:] if national else labels[-2:])


_SECOND_LEVEL = frozenset({"co", "com", "net", "org", "ac", "gov", "ne", "or", "go", "edu"})


def _author_page(a: etree._Element) -> bool:
    """``a`` links an author's page: one segment, the name, after the author's segment
    ("/author/jane-smith", "/people/jane-smith/"), and the words of a name before any
    comma ("By Jane Smith, Political Editor"). "/team/arsenal/spurs-sign-new-striker" and
    "<a href=/people/celebrity-couple-split>Celebrity couple announce split …</a>" are
    stories (review of round 17)."""
    path = urlsplit(a.get("href") or "").path
    segment = _AUTHOR_PAGE.search(path)
    if segment is None or "/" in path[segment.end() :].strip("/"):
        return False
    return len(text_of(a).split(",")[0].split()) <= _NAME_WORDS


# A link to an author's page: a byline set as a heading links there, no teaser does.
_AUTHOR_PAGE = re.compile(
    r"/(?:authors?|autor(?:en|in|i)?|auteurs?|autore|people|profiles?|staff|contributors?|"
    r"journalists?|redaktion|by|writers?|reporters?|columnists?|team|szerzo|redakce)/",
    re.IGNORECASE,
)
_NAME_WORDS = 4  # "By Jane Smith", "Jane van der Berg"
