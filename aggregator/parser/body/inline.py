"""Inline elements inside a paragraph: which are words of its sentence though their
class reads as furniture (an opening dateline, a topic link), and which are not (a hover
card of links, a footnote's mark). Its own step: the walk asks it of every inline
element it would otherwise keep or skip by class alone."""

from __future__ import annotations

import re

from lxml import etree

from aggregator.parser import vocab
from aggregator.parser.body.boilerplate import hidden
from aggregator.parser.body.measure import text_len
from aggregator.parser.scope import class_id, within
from aggregator.parser.text import clean, text_of

# Inline elements that may open a paragraph's first sentence (a dateline, a bold place name).
_INLINE_OPENERS = frozenset({"span", "strong", "b", "em", "time"})

# Words of two letters or more (a dateline's place: "KOBE", "ソウル").
_LETTERS = re.compile(r"[^\W\d_]{2,}")

# Text ending a sentence: "?", "!", ":", or a full stop after a word that is no short
# capitalised abbreviation ("Tuesday.", not "Gov." or "Dr.").
_SENTENCE_END = re.compile(r"(?:[!?:]|\b(?![A-Z][a-z]{0,3}\.)\w+\.)[\"”’»)]?\s*$")


def is_link_card(el: etree._Element) -> bool:
    """An inline element holding three or more links and (almost) nothing but link text.

    Only the innermost such element is the card: a wrapper around the name printed in the
    sentence and the card it pops up (``<span><a>Kristi Noem</a><span>photo, articles
    </span></span>``) holds the sentence's words, and the walk skips the card inside it.
    Such a wrapper holds one link beside its cards, the name: one holding more is a card
    whose own links a card nested in it would leak into the sentence.
    """
    if not _links_only(el):
        return False
    cards = [span for span in el.iterdescendants("span") if _links_only(span)]
    beside = [a for a in el.iter("a") if not any(within(a, card) for card in cards)]
    return not cards or len(beside) > 1


def _links_only(el: etree._Element) -> bool:
    if not any(n >= 3 for n, _ in enumerate(el.iter("a"), start=1)):
        return False
    total, linked = text_len(el)
    return total > 0 and linked >= 0.9 * total


def opening_dateline(el: etree._Element) -> bool:
    """A dateline-classed inline element that opens a paragraph whose sentence runs on
    after it: ``<p><span class="dateline">KOBE – </span>A total of …</p>``.

    The class word names date furniture elsewhere (a "Published …" line, a timestamp), so
    only this shape is read as text: a dateline printed apart from the paragraph, in an
    element of its own, stays out as before. A dateline names a place ("KOBE –",
    "【ソウル=共同】"): a ``time``, a hidden element, one with another furniture word in
    its class ("dateline byline"), a byline, or a date or a time alone stay out.
    """
    if el.tag not in _INLINE_OPENERS or el.tag == "time" or hidden(el):
        return False
    ci = class_id(el)
    if not vocab.DATELINE_CLASS.search(ci) or vocab.BAD.search(vocab.DATELINE_CLASS.sub(" ", ci)):
        return False
    block = el.getparent()
    if block is None or block.tag != "p" or (block.text or "").strip():
        return False
    own = clean(text_of(el))
    if el.getprevious() is not None or len(own) > vocab.INLINE_WORDS_MAX:
        return False
    if vocab.BY_TEXT.match(own) or not _names_place(own):
        return False
    if not (_DATELINE_ENDS.search(own) or _DATELINE_PARTED.match(el.tail or "")):
        return False  # a name, a credit, a share label: no separator parts it from the text
    return len(clean(el.tail)) >= vocab.DATELINE_SENTENCE_MIN


# A dateline ends with the mark that parts it from the sentence ("KOBE –", "BERLIN (dpa) –",
# "MADRID, 3 may (EFE).-", "【ソウル=共同】", "Update, 14:30 Uhr:"), in it or just after it.
_DATELINE_ENDS = re.compile(r"[-–—:】)]\s*$")
_DATELINE_PARTED = re.compile(r"\s*[-–—:]")


def _names_place(dateline: str) -> bool:
    """A word of two letters or more, not in lower case, once the dates, times and their
    labels are taken out: "KOBE", "Madrid", "ソウル"; not "Updated 10:45 a.m."."""
    rest = vocab.DATE_FILLER.sub(" ", vocab.DATE_STAMP.sub(" ", dateline))
    return any(not w[0].islower() for w in _LETTERS.findall(rest))


def inside_sentence(el: etree._Element) -> bool:
    """An inline element inside a paragraph's sentence, words of it before and after:
    ``… von Premierminister <a class="js-article-topic-teaser">Boris Johnson</a>
    verschoben …``. Its class names what the link leads to (a topic page, a teaser:
    ``vocab.DESTINATION_CLASS``), not furniture set apart from the text. What no reader
    sees stays out (a screen reader's label, a hidden or a print-only element), and so
    does an element with any other furniture word in its class (an ad label, a share
    link, a caption), one after a sentence's end or opening with a related label ("Read
    more: …", "Lesen Sie auch: …" between two sentences)."""
    if el.tag not in _INLINE_OPENERS and el.tag not in ("a", "i"):
        return False
    block = el.getparent()
    if block is None or block.tag != "p" or not vocab.WORD_AFTER.match(el.tail or ""):
        return False
    previous = el.getprevious()
    before = block.text if previous is None else previous.tail
    if not (before or "").strip() or vocab.UNSEEN_CLASS.search(class_id(el)) or hidden(el):
        return False
    if _SENTENCE_END.search(before or ""):
        return False  # between two sentences: a "Read more: …" link set in the text
    if vocab.BAD.search(vocab.DESTINATION_CLASS.sub(" ", class_id(el))):
        return False  # an ad label, a share link, a caption: furniture wherever it stands
    own = clean(text_of(el))
    if vocab.BY_TEXT.match(f"{clean(before)} {own}") and (
        len(clean(el.tail)) >= vocab.DATELINE_SENTENCE_MIN
    ):
        return False  # "By <span class="byline">Jane Doe</span> The council …": a byline
    return 0 < len(own) <= vocab.INLINE_WORDS_MAX and not vocab.RELATED_START.match(own)


def note_mark(el: etree._Element) -> bool:
    """A footnote's mark in the text (``<sup><a href="#fn1">1</a></sup>``, "[2]") or a
    note's way back to it (``<a href="#fnref1">↩</a>``): a link within the page whose text
    is a short mark, not a word of the sentence."""
    link = el if el.tag == "a" else next(el.iter("a"), None)
    if link is None or not (link.get("href") or "").startswith("#"):
        return False  # most links: the page's text is not read for them
    text = text_of(el).strip()
    if not text or len(text) > vocab.NOTE_MARK_MAX:
        return False
    if el.tag == "sup":
        return text_of(link).strip() == text
    return not any(ch.isalnum() for ch in text)  # an arrow back ("↩", "↑", "^")
