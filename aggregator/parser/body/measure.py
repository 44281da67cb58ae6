"""How much text an element holds: its visible length, the part inside links, its
words. Every later step counts with these, so they live once, below them all."""

from __future__ import annotations

import re

from lxml import etree

from aggregator.parser.text import text_of

# A word, as the byline-line test and the JSON-LD comparison count them.
WORD = re.compile(r"\w+")


def text_len(el: etree._Element) -> tuple[int, int]:
    """(characters of text, characters inside links) of an element's subtree."""
    total = vlen(text_of(el))
    linked = sum(vlen(text_of(a)) for a in el.iter("a"))
    return total, linked


def vlen(text: str) -> int:
    """Visible length: characters after collapsing whitespace runs (indentation is not text)."""
    return len(" ".join(text.split()))
