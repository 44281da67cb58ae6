"""Which blocks may hold the article's text: never a comment thread, a site footer, an
aside, a teaser list or an author, cookie or newsletter box, nor a block inside one; the
eligible candidates best first. Its own step: the walk and the parts ask the same
questions of the blocks they meet."""

from __future__ import annotations

from collections.abc import Iterator

from lxml import etree

from aggregator.parser import vocab
from aggregator.parser.body.measure import text_len, vlen
from aggregator.parser.body.vote import ranked_candidates
from aggregator.parser.scope import class_id, holds_headline, site_level
from aggregator.parser.text import text_of


def eligible(el: etree._Element) -> bool:
    """Not inside comments, a site footer or an aside; not a block of teasers; not an
    author box, cookie notice or newsletter form (whose own text can outvote a short
    article), nor a block inside one."""
    return (
        not _never_container(el)
        and not _inside_never_container(el)
        and not inside_furniture(el)
        and not teaser_block(el)
    )


def _never_container(el: etree._Element) -> bool:
    ci = class_id(el)
    return bool(ci and vocab.NEVER_CONTAINER.search(ci) and not vocab.GOOD.search(ci))


def _inside_never_container(el: etree._Element) -> bool:
    """Inside an author box, a cookie or consent wall, a newsletter form or a comment
    thread: a consent manager's dialog names its outer box only
    (``div.consent-wall > div.cmp-inner > p``), and its paragraphs vote for the inner one."""
    for node in el.iterancestors():
        if node.tag in ("body", "html"):
            return False  # their classes describe the page, not a block of it
        if box_apart(node):
            return True
    return False


def box_apart(el: etree._Element) -> bool:
    """An author box, a cookie or consent wall, a newsletter form or a comment thread:
    never the text, however much of the page's text it holds. Not a wrapper whose class
    names a state of the page ("comments-open", "has-newsletter-popup"), nor one that
    holds the headline or most of the page's text: its text is the page's."""
    ci = class_id(el)
    if not ci or vocab.GOOD.search(ci) or holds_headline(el):
        return False
    if not any(
        vocab.NEVER_CONTAINER.search(word) and not vocab.PAGE_STATE.search(word)
        for word in ci.split()
    ):
        return False
    own = text_len(el)[0]
    if own < vocab.BOX_APART_CHARS:
        return True
    body = el.getroottree().getroot().find("body")
    return body is not None and own < 0.5 * text_len(body)[0]


def teaser_block(el: etree._Element) -> bool:
    """The block opens with a "You may also like" label over a list of teasers.

    An article may also open with a small labelled box ("Related", "Mehr zum
    Thema" + three links) and go on with its own text: when the label's box is
    a small part of the block, the box is the teaser list, not the block.
    """
    label = next((piece.strip() for piece in el.itertext() if piece.strip()), "")
    if not label or len(label) >= 60 or not vocab.TEASER_LEAD.match(label):
        return False
    holder = next((n for n in el.iter() if (n.text or "").strip() == label), el)
    box = holder
    while box is not el and vlen(text_of(box)) <= 1.5 * len(label) + 10:
        parent = box.getparent()
        if parent is None:
            break
        box = parent
    if box is el:
        return True
    return text_len(box)[0] >= vocab.TEASER_BOX_SHARE * text_len(el)[0]


def inside_furniture(el: etree._Element) -> bool:
    node: etree._Element | None = el
    while node is not None and node.tag not in ("body", "html"):
        # body/html classes describe the page ("comments-open"), not a block of it
        if node.tag in ("aside", "nav") or (node.tag == "footer" and site_level(node)):
            return True
        ci = class_id(node)
        if ci and vocab.FURNITURE.search(ci) and not vocab.GOOD.search(ci):
            return True
        node = node.getparent()
    return False


def candidates(
    root: etree._Element, scores: dict[etree._Element, float]
) -> Iterator[tuple[float, etree._Element]]:
    """Eligible candidates best first (the best of all when none is eligible, else the body)."""
    ranked = ranked_candidates(scores)
    found = False
    for score, el in ranked[: vocab.CANDIDATES_LOOKED_AT]:
        if eligible(el):
            found = True
            yield score, el
    if not found:
        if ranked:
            yield ranked[0]
        else:
            body = root.find("body")
            yield 0.0, body if body is not None else root
