"""Where the page prints its description: as the lead outside the body's container, or as
the opening of the body's first paragraph. ``fields`` asks these to tell the on-page
standfirst from text the body holds already."""

from __future__ import annotations

import re

from lxml import etree

from aggregator.parser import vocab
from aggregator.parser.scope import within
from aggregator.parser.text import norm_key, text_of
from aggregator.parser.tree import Page


def printed_description(page: Page, description: str) -> list[etree._Element]:
    """The elements that print the meta description as the article's lead, in page order.

    Many templates show the description as the dek under the title without a
    telling class; found verbatim outside captions, links and navigation it is
    the on-page standfirst (and not body text). An element's text is read up to
    its first block child: a lead that opens with bold or a link matches, a
    wrapper around a caption or around the whole body does not (except the
    opening line of a heading left open over the body). Quotes, entities and
    spacing may differ from the meta tag's. A list item is among them (``in_list``:
    the caller says where one counts).
    """
    if len(description) < 60:
        return []  # a title-length description is a title, not a lead
    body = page.doc.find("body")
    word = _rarest_opening_word(description)
    if body is None or not word:
        return []
    want = norm_key(description)
    banned = vocab.NOT_LEAD_PLACES - {"li"}
    holders = _holders(body, word)
    found = []
    for el in body.iter(*_LEAD_TAGS):
        if el not in holders:
            continue
        full = norm_key(_opening(el))
        if not full.startswith(want[:60]) or len(full) > len(want) * 1.3 + 20:
            continue
        if not any(node.tag in banned for node in (el, *el.iterancestors())):
            found.append(el)
    return found


_LEAD_TAGS = ("p", "div", "h2", "h3", "span", "strong", "section", "header", "li")


def _rarest_opening_word(text: str) -> str:
    """The longest of the words that open ``text`` (within the 60 characters compared)."""
    words: list[str] = []
    length = 0
    for word in re.findall(r"\w+", text):
        length += len(word)
        if words and length > 60:
            break
        words.append(word)
    return max(words, key=len, default="")


def _holders(body: etree._Element, word: str) -> set[etree._Element]:
    """The elements whose text holds ``word`` somewhere (their own text or an inline
    child's), so that only these are read further."""
    out: set[etree._Element] = set()
    for el in body.iter(*_LEAD_TAGS, *_INLINE_TAGS):
        text, tail = el.text, el.tail
        if text and word in text:
            node = el
        elif tail and word in tail:
            node = el.getparent()  # a tail belongs to the parent's flow
        else:
            continue
        while node is not None and node not in out:
            out.add(node)
            node = node.getparent()
    return out


_INLINE_TAGS = ("a", "b", "em", "i", "u", "font", "small", "time", "abbr", "mark", "q")


def _opening(el: etree._Element) -> str:
    """An element's text up to its first block child."""
    parts = [el.text or ""]
    for child in el:
        if child.tag in vocab.BLOCK_TAGS:
            break
        if isinstance(child.tag, str):
            parts.append(text_of(child))
        parts.append(child.tail or "")
    return "".join(parts)


def in_list(el: etree._Element) -> bool:
    """A list item, or inside one."""
    return el.tag == "li" or next(el.iterancestors("li"), None) is not None


def printed_outside(
    page: Page, description: str, parts: list[etree._Element], body: list[str]
) -> list[etree._Element]:
    """The elements printing the description as a lead outside the body's container
    (none when the body holds that text already)."""
    lead_key = norm_key(description)[:60]
    if any(lead_key in norm_key(p) for p in body):
        return []
    return [
        el
        for el in printed_description(page, description)
        if not any(within(el, part) for part in parts)
    ]


def opens_body(description: str, first_paragraph: str) -> bool:
    """The description is just the opening of the body's first paragraph, maybe without
    the dateline the paragraph opens with ("KOBE – A total of …" and "A total of …")."""
    lead_key = norm_key(description)[:80]
    if not lead_key:
        return False
    start = lead_key.rstrip(".")[: max(20, len(lead_key) - 5)]
    undated = vocab.LEADING_DATELINE.sub("", first_paragraph, count=1)
    return any(norm_key(p).startswith(start) for p in (first_paragraph, undated))
