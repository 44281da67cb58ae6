"""Main text: find the article's container, then walk it once emitting paragraphs
and skipping boilerplate (share bars, ads, newsletter boxes, related lists,
author profiles, captions, comments, paywall prompts).

Container choice is readability-style scoring of text blocks, computed in one
pass over the tree; the emission is one ``iterwalk`` over the chosen container,
so the cost stays linear in the page size.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from lxml import etree
from lxml.cssselect import CSSSelector, SelectorError

from aggregator.parser import metadata as meta_step
from aggregator.parser import vocab
from aggregator.parser.byline import split_byline
from aggregator.parser.scope import (
    caption_classed,
    class_id,
    holds_headline,
    site_level,
    within,
)
from aggregator.parser.text import clean, clean_markup, norm_key, short_text, text_of
from aggregator.parser.view import Found, PageView

_TABLE_PARTS = frozenset({"tr", "td", "th", "tbody", "thead", "tfoot"})
# Inline elements that may open a paragraph's first sentence (a dateline, a bold place name).
_INLINE_OPENERS = frozenset({"span", "strong", "b", "em", "time"})
# Words of two letters or more (a dateline's place: "KOBE", "ソウル").
_LETTERS = re.compile(r"[^\W\d_]{2,}")
# Text ending a sentence: "?", "!", ":", or a full stop after a word that is no short
# capitalised abbreviation ("Tuesday.", not "Gov." or "Dr.").
_SENTENCE_END = re.compile(r"(?:[!?:]|\b(?![A-Z][a-z]{0,3}\.)\w+\.)[\"”’»)]?\s*$")
_TEXT_BLOCKS = ("p", "pre", "blockquote", "li", "h2", "h3", "h4", "td", "dd")


@dataclass
class Block:
    text: str
    kind: str  # "p", "h" (subheading), "li", "quote", "pre"
    link_chars: int
    element: etree._Element | None = None


def is_boilerplate(el: etree._Element) -> bool:
    """Boilerplate by tag, class/id vocabulary, ARIA role or inline hiding."""
    tag = el.tag
    if tag in vocab.SKIP_TAGS:
        return True
    role = el.get("role")
    if role in (
        "navigation",
        "complementary",
        "banner",
        "contentinfo",
        "menu",
        "menubar",
        "toolbar",
        "search",
        "dialog",
        "alertdialog",
        "tablist",
    ):
        return True
    if _hidden(el):
        return True
    ci = class_id(el)
    if ci and ("hentry" in ci or "type-" in ci):
        ci = vocab.TAXONOMY.sub(" ", ci)  # a post_class() list, whose terms are not roles
    if ci and tag not in _TABLE_PARTS and vocab.BAD.search(ci) and not vocab.GOOD.search(ci):
        # Table rows/cells are data ("oddrow player-2020" is no video player); an
        # embed wrapper around a quoted post ("social-media-embed") is quoted text.
        return not ("embed" in ci.lower() and next(el.iter("blockquote"), None) is not None)
    return el.get("itemprop") in vocab.META_ITEMPROPS


def _hidden(el: etree._Element) -> bool:
    """Hidden from every reader: the ``hidden`` or ``aria-hidden`` attribute, an inline
    ``display:none`` or ``visibility:hidden``."""
    if el.get("hidden") is not None or el.get("aria-hidden") == "true":
        return True
    style = el.get("style")
    return bool(style and vocab.HIDDEN_STYLE.search(style))


def remove_junk(root: etree._Element) -> None:
    """Drop never-text elements (scripts, styles, forms controls) in place, keeping tails."""
    doomed = [el for el in root.iter(*vocab.JUNK_TAGS)]
    for el in doomed:
        parent = el.getparent()
        if parent is None:
            continue
        tail = el.tail
        if tail and tail.strip():
            prev = el.getprevious()
            if prev is not None:
                prev.tail = (prev.tail or "") + tail
            else:
                parent.text = (parent.text or "") + tail
        parent.remove(el)


def _text_len(el: etree._Element) -> tuple[int, int]:
    """(characters of text, characters inside links) of an element's subtree."""
    total = _vlen(text_of(el))
    linked = sum(_vlen(text_of(a)) for a in el.iter("a"))
    return total, linked


def _vlen(text: str) -> int:
    """Visible length: characters after collapsing whitespace runs (indentation is not text)."""
    return len(" ".join(text.split()))


def _has_block_child(el: etree._Element) -> bool:
    for child in el.iter("p", "ul", "ol", "div", "table", "li", "blockquote"):
        if child is not el:
            return True
    return False


def _lift(node: etree._Element | None) -> etree._Element | None:
    """Skip single-child wrappers: <div><div><p> votes for the block that holds the divs."""
    while node is not None and node.tag not in ("body", "html") and len(node) == 1:
        if node.text and node.text.strip():
            break
        up = node.getparent()
        if up is None:
            break
        node = up
    return node


def _block_vote(el: etree._Element) -> float | None:
    """What one text block gives its ancestors: longer, comma-rich, link-poor text more."""
    tag = el.tag
    if tag in ("div", "section", "span", "font"):
        # A div that holds text directly (br-separated prose) votes like a paragraph.
        length = _vlen(el.text or "") + sum(_vlen(c.tail or "") for c in el)
        if length < vocab.VOTE_MIN_DIRECT_TEXT:
            return None
        linked = 0
    else:
        if tag in ("li", "td", "dd", "blockquote") and _has_block_child(el):
            return None  # its paragraphs vote themselves; do not count them twice
        length = _vlen(text_of(el))
        if length < vocab.VOTE_MIN_BLOCK_TEXT:
            return None
        linked = sum(_vlen(text_of(a)) for a in el.iter("a")) if tag != "pre" else 0
    density = linked / length if length else 1.0
    if density > vocab.VOTE_MAX_LINK_DENSITY:
        return None
    capped = min(length, vocab.VOTE_LENGTH_CAP) / vocab.VOTE_CHARS_PER_POINT
    return (1 + capped + text_commas(el, tag)) * (1 - density)


def vote(root: etree._Element) -> dict[etree._Element, float]:
    """Readability-style scores: each block's vote to its parent, half to the grandparent,
    an eighth further up (single-child wrappers skipped)."""
    scores: dict[etree._Element, float] = {}
    # len() of an lxml element counts its children: remembered per element, so a
    # page of 20,000 sibling paragraphs stays linear.
    lifted: dict[etree._Element | None, etree._Element | None] = {None: None}

    def lift(node: etree._Element | None) -> etree._Element | None:
        if node not in lifted:
            lifted[node] = _lift(node)
        return lifted[node]

    for el in root.iter(*_TEXT_BLOCKS, "div", "section", "span", "font"):
        score = _block_vote(el)
        node = lift(el.getparent()) if score is not None else None
        for share in vocab.VOTE_SHARES:
            if node is None or score is None:
                break
            scores[node] = scores.get(node, 0.0) + score * share
            node = lift(node.getparent())
    return scores


def ranked_candidates(scores: dict[etree._Element, float]) -> list[tuple[float, etree._Element]]:
    """Candidates by score, class names weighed (article-body words up, boilerplate down)."""
    ranked = []
    for el, score in scores.items():
        ci = class_id(el)
        if ci:
            if vocab.GOOD.search(ci):
                score *= vocab.GOOD_CLASS_WEIGHT
            elif vocab.BAD.search(ci):
                score *= vocab.BAD_CLASS_WEIGHT
        if el.get("itemprop") == "articleBody":
            score *= vocab.ARTICLE_BODY_WEIGHT
        ranked.append((score, el))
    ranked.sort(key=lambda pair: -pair[0])
    return ranked


def _eligible(el: etree._Element) -> bool:
    """Not inside comments, a site footer or an aside; not a block of teasers; not an
    author box, cookie notice or newsletter form (whose own text can outvote a short
    article), nor a block inside one."""
    return (
        not _never_container(el)
        and not _inside_never_container(el)
        and not _inside_furniture(el)
        and not _teaser_block(el)
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
        if _box_apart(node):
            return True
    return False


def _box_apart(el: etree._Element) -> bool:
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
    own = _text_len(el)[0]
    if own < vocab.BOX_APART_CHARS:
        return True
    body = el.getroottree().getroot().find("body")
    return body is not None and own < 0.5 * _text_len(body)[0]


def find_container(
    root: etree._Element,
) -> tuple[etree._Element, float, dict[etree._Element, float]]:
    """The element that holds the article's paragraphs (readability-style vote)."""
    scores = vote(root)
    if not scores:
        body = root.find("body")
        return (body if body is not None else root), 0.0, scores
    ranked = ranked_candidates(scores)
    for score, el in ranked[: vocab.CANDIDATES_LOOKED_AT]:
        if _eligible(el):
            return el, score, scores
    return ranked[0][1], ranked[0][0], scores


def _teaser_block(el: etree._Element) -> bool:
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
    while box is not el and _vlen(text_of(box)) <= 1.5 * len(label) + 10:
        parent = box.getparent()
        if parent is None:
            break
        box = parent
    if box is el:
        return True
    return _text_len(box)[0] >= vocab.TEASER_BOX_SHARE * _text_len(el)[0]


def _inside_furniture(el: etree._Element) -> bool:
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


def container_parts(root: etree._Element) -> list[etree._Element]:
    """The best container plus sibling blocks that continue the article."""
    best, best_score, scores = find_container(root)
    return parts_of(root, best, best_score, scores)


def parts_of(
    root: etree._Element,
    best: etree._Element,
    best_score: float,
    scores: dict[etree._Element, float],
) -> list[etree._Element]:
    """A container and the blocks that continue it.

    Articles are often split over several sibling wrappers (ads or embeds in
    between); a sibling scoring a fair share of the best one, or a plain
    paragraph sibling, belongs to the text too; so does the same template block
    elsewhere (same tag and class, a fair score: the text continues after a
    full-width ad or embed, outside this parent), in the same ``<article>``.
    """
    parent = best.getparent()
    if parent is None or best.tag in ("body", "html"):
        return [best]
    threshold = max(vocab.PART_MIN_SCORE, best_score * vocab.PART_SHARE)
    parts = _sibling_parts(best, parent, scores, threshold)
    cls = best.get("class")
    if cls:
        twins = [
            el
            for el, score in scores.items()
            if score >= threshold
            and el.tag == best.tag
            and el.get("class") == cls
            and el.getparent() is not parent
            and not _related_by_nesting(el, best)
            and not _in_another_story(el, best)
        ]
        if twins:
            order = {el: i for i, el in enumerate(root.iter())}
            parts = sorted(parts + twins, key=lambda el: order.get(el, 0))
    return parts


def _in_another_story(el: etree._Element, best: etree._Element) -> bool:
    """``el`` stands in another ``<article>`` than ``best`` that has a headline of its own
    (an h1, or a heading linked to its page): the next story's text (an infinite-scroll
    preview, a "next article" card). Sections of one text a layout prints as articles
    of their own have no such headline."""
    story = next(el.iterancestors("article"), None)
    if story is None or story is next(best.iterancestors("article"), None):
        return False
    return any(
        h.tag == "h1" or any(a.get("href") for a in h.iter("a"))
        for h in story.iter("h1", "h2", "h3")
    )


def _related_by_nesting(a: etree._Element, b: etree._Element) -> bool:
    for x, y in ((a, b), (b, a)):
        node = x.getparent()
        while node is not None:
            if node is y:
                return True
            node = node.getparent()
    return False


def _sibling_parts(
    best: etree._Element,
    parent: etree._Element,
    scores: dict[etree._Element, float],
    threshold: float,
) -> list[etree._Element]:
    parts = []
    for sib in parent:
        if not isinstance(sib.tag, str):
            continue
        if sib is best:
            parts.append(sib)
            continue
        score = scores.get(sib, 0.0)
        if score >= threshold and not is_boilerplate(sib) and _eligible(sib):
            parts.append(sib)  # never a comment thread or a cookie box beside the text
        elif _same_template(sib, best) and _prose_like(sib):
            parts.append(sib)  # the text goes on in the next block of the same kind
        elif sib.tag == "p" and not is_boilerplate(sib):
            length = _vlen(text_of(sib))
            linked = sum(_vlen(text_of(a)) for a in sib.iter("a"))
            if length > 80 and linked < 0.25 * length:
                parts.append(sib)
    return parts


def _same_template(a: etree._Element, b: etree._Element) -> bool:
    """Two blocks of one template: same tag, same (non-empty) class."""
    cls = a.get("class")
    return bool(cls and cls.strip()) and a.tag == b.tag and cls == b.get("class")


def _prose_like(el: etree._Element) -> bool:
    """Text that is not mostly links, and not boilerplate or a teaser list."""
    total, linked = _text_len(el)
    return (
        total >= vocab.VOTE_MIN_BLOCK_TEXT
        and linked < vocab.PART_MAX_LINK_SHARE * total
        and not is_boilerplate(el)
        and not _teaser_block(el)
    )


def text_commas(el: etree._Element, tag: str) -> float:
    if tag in ("div", "section", "span", "font"):
        return 0.0
    text = el.text or ""
    return min(text.count(",") + text.count("،") + text.count("、") + text.count("，"), 5) * 0.5


@dataclass
class _Walk:
    blocks: list[Block]
    parts: list[str]
    link_chars: int = 0
    kind: str = "p"
    element: etree._Element | None = None


def _flush(state: _Walk) -> None:
    if state.parts:
        text = clean("".join(state.parts))
        if text:
            state.blocks.append(Block(text, state.kind, state.link_chars, state.element))
    state.parts = []
    state.link_chars = 0
    state.kind = "p"
    state.element = None


_KIND = {
    "h2": "h",
    "h3": "h",
    "h4": "h",
    "h5": "h",
    "h6": "h",
    "li": "li",
    "blockquote": "quote",
    "pre": "pre",
    "h1": "h1",
    "dt": "h",
    "td": "td",
    "th": "td",
}


def _is_link_card(el: etree._Element) -> bool:
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


def _opening_dateline(el: etree._Element) -> bool:
    """A dateline-classed inline element that opens a paragraph whose sentence runs on
    after it: ``<p><span class="dateline">KOBE – </span>A total of …</p>``.

    The class word names date furniture elsewhere (a "Published …" line, a timestamp), so
    only this shape is read as text: a dateline printed apart from the paragraph, in an
    element of its own, stays out as before. A dateline names a place ("KOBE –",
    "【ソウル=共同】"): a ``time``, a hidden element, one with another furniture word in
    its class ("dateline byline"), a byline, or a date or a time alone stay out.
    """
    if el.tag not in _INLINE_OPENERS or el.tag == "time" or _hidden(el):
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


def _inside_sentence(el: etree._Element) -> bool:
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
    if not (before or "").strip() or vocab.UNSEEN_CLASS.search(class_id(el)) or _hidden(el):
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


def _links_only(el: etree._Element) -> bool:
    if not any(n >= 3 for n, _ in enumerate(el.iter("a"), start=1)):
        return False
    total, linked = _text_len(el)
    return total > 0 and linked >= 0.9 * total


def emit_range(
    region: etree._Element,
    begin: etree._Element,
    end: etree._Element,
    skip: set[etree._Element],
) -> list[Block]:
    """The text blocks of ``region`` after ``begin`` and before ``end`` (one walk that stops
    at ``end``; both are left out)."""
    return _Walker(region, skip | {begin}, begin=begin, stop=end).run()


def emit_blocks(
    container: etree._Element | list[etree._Element],
    extra_skip: set[etree._Element] | None = None,
    keep: frozenset[etree._Element] = frozenset(),
) -> list[Block]:
    """Walk the container(s) once and return their text blocks, boilerplate skipped
    (but for the elements in ``keep``, which the page declares part of its text)."""
    if isinstance(container, list):
        blocks: list[Block] = []
        for part in container:
            if not (extra_skip and part in extra_skip):
                blocks += _not_printed_before(emit_blocks(part, extra_skip, keep), blocks)
        return blocks
    return _Walker(container, extra_skip or set(), keep=keep).run()


def _not_printed_before(blocks: list[Block], before: list[Block]) -> list[Block]:
    """A part's blocks less the paragraphs an earlier part already printed.

    A twin or sibling that repeats the text word for word is a second copy of the
    article (a print or mobile version, an expanded teaser), and the text is read
    once. Short lines may repeat within a text (table cells, "___", a tweet's date
    line), so only paragraphs of some length count as a copy.
    """
    printed = {b.text for b in before if len(b.text) >= vocab.REPEAT_MIN_CHARS}
    return [b for b in blocks if b.text not in printed] if printed else blocks


class _Walker:
    """One ``iterwalk`` over a container: text joined into blocks, furniture subtrees skipped."""

    def __init__(
        self,
        container: etree._Element,
        extra_skip: set[etree._Element],
        begin: etree._Element | None = None,
        stop: etree._Element | None = None,
        keep: frozenset[etree._Element] = frozenset(),
    ) -> None:
        self.container = container
        self.extra_skip = extra_skip
        self.keep = keep  # text by the page's own declaration, whatever its class
        self.begin = begin  # blocks before this element's end are dropped
        self.stop = stop  # the walk ends where this element starts
        self.state = _Walk(blocks=[], parts=[])
        self.skipped: set[etree._Element] = set()
        self.in_link = 0
        self._total_len: int | None = None
        self.lead_figure: etree._Element | None = None

    def run(self) -> list[Block]:
        walker = etree.iterwalk(self.container, events=("start", "end"))
        for event, el in walker:
            if not isinstance(el.tag, str):
                continue
            if event == "end":
                self._end(el)
            elif el is self.stop:
                break
            elif el is not self.container and self._skip(el):
                self.skipped.add(el)
                walker.skip_subtree()
                if el is self.begin:
                    _flush(self.state)
                    self.state.blocks.clear()
            else:
                self._start(el)
        _flush(self.state)
        return self.state.blocks

    def _skip(self, el: etree._Element) -> bool:
        tag = el.tag
        if el in self.extra_skip:
            return True
        if el in self.keep:
            return False
        if self._lead_caption(el):
            return False
        if _opening_dateline(el):
            return False  # "KOBE – A total of …": the first words of the sentence
        if is_boilerplate(el) and not _inside_sentence(el):
            # A wrapper that holds most of the text is not boilerplate, whatever its class,
            # unless it is a box apart (a consent wall longer than a short article).
            return _box_apart(el) or not (
                tag in _WRAPPERS and _text_len(el)[0] > 0.5 * self.total_len
            )
        if tag in ("div", "section", "article", "ul") and _teaser_block(el):
            return True  # "Você pode gostar…" followed by teasers
        if tag == "span" and _is_link_card(el):
            return True  # a hover card inside a sentence (name → photo + article links)
        if tag in ("sup", "a") and _note_mark(el):
            return True  # "effect.<sup>1</sup>" would read "effect.1"
        if tag in ("ul", "ol", "table", "dl"):
            # Lists of links inside the text are "read more" boxes, not prose.
            total, linked = _text_len(el)
            return bool(total and linked > 0.5 * total)
        return False

    def _lead_caption(self, el: etree._Element) -> bool:
        """A captioned figure (or its caption) before any text: the article's lead picture.

        Its caption opens the article as printed ("Photo: …", "The harbour at dawn");
        captions further down stay out, with the other furniture of the text.
        """
        if self.lead_figure is not None:
            return within(el, self.lead_figure)
        if self.state.blocks or any(p.strip() for p in self.state.parts):
            return False
        if el.tag == "figcaption" or (
            el.tag == "figure" and next(el.iter("figcaption"), None) is not None
        ):
            self.lead_figure = el
            return True
        if el.tag in ("figure", "p", "div", "span") and _caption_like(el):
            self.lead_figure = el  # a figure without figcaption, a "caption"-classed line
            return True
        return False

    @property
    def total_len(self) -> int:
        if self._total_len is None:
            self._total_len = max(1, _text_len(self.container)[0])
        return self._total_len

    def _start(self, el: etree._Element) -> None:
        state, tag = self.state, el.tag
        if tag == "br":
            state.parts.append("\n")
            return
        if tag in vocab.BLOCK_TAGS:
            _flush(state)
            state.kind = _KIND.get(tag, "p")
            state.element = el
        elif tag == "a":
            self.in_link += 1
        if el.text:
            self._add(el.text)

    def _end(self, el: etree._Element) -> None:
        tag = el.tag
        if el not in self.skipped:
            if tag in vocab.BLOCK_TAGS:
                _flush(self.state)
            elif tag == "a":
                self.in_link -= 1
        if el.tail and el is not self.container:
            self._add(el.tail)  # the tail belongs to the parent's flow

    def _add(self, text: str) -> None:
        self.state.parts.append(text)
        if self.in_link:
            self.state.link_chars += len(text.strip())


def _note_mark(el: etree._Element) -> bool:
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


def _caption_like(el: etree._Element) -> bool:
    """A short picture caption or credit: a figure's text, or a caption/credit-classed line."""
    if el.tag != "figure" and not caption_classed(el):
        return False
    text = short_text(el, vocab.LEAD_CAPTION_MAX)
    return bool(text)


_WRAPPERS = frozenset({"div", "section", "article", "main", "span", "form"})


def _link_line(block: Block) -> bool:
    """Mostly link text (a menu or teaser line), unless it is one address spelled out."""
    n = len(block.text)
    if block.link_chars <= (0.8 if n > 100 else 0.5) * n:
        return False
    return not vocab.PRINTED_ADDRESS.fullmatch(block.text)  # "write to us at:" + x@y.org


def filter_blocks(blocks: list[Block], headline: str = "") -> list[str]:
    """Drop furniture lines; keep paragraphs, subheadings and real list items."""
    head_key = norm_key(headline) if headline else ""
    out: list[str] = []
    kinds: list[str] = []
    for block in blocks:
        text = block.text
        if not text:
            continue
        n = len(text)
        if block.kind == "h1":
            continue  # the headline is its own field
        if head_key and block.kind in ("h", "p") and n < len(headline) + 80:
            key = norm_key(text)
            if key == head_key or (
                block.element is not None
                and block.element.tag == "h2"
                and len(head_key) >= 15
                and key.endswith(head_key)
            ):
                continue  # the title again, or kicker + title in the article header
        if (
            _link_line(block)
            or _furniture_line(text, block.kind == "h")
            or _related_label_line(block)
            or _call_to_action_box(block)
        ):
            continue
        out.append(text)
        kinds.append(block.kind)
    # Calls to action that close the text: newsletter, app, donation and social prompts;
    # a subheading with nothing under it heads a list of links the walk dropped; a wire
    # story's closing note of who else reported and edited it.
    while out and (_call_to_action(out[-1]) or kinds[len(out) - 1] == "h" or _credit_note(out[-1])):
        out.pop()
    return out


def _furniture_line(text: str, heading: bool) -> bool:
    """A line of the page's furniture: a label, a reading time, a byline, a date stamp,
    a copyright notice, an author's contact line."""
    n = len(text)
    return bool(
        vocab.JUNK_SHORT.match(text)
        or (n < 40 and vocab.READING_TIME.match(text))
        or (n < 120 and (vocab.JUNK_LINE.match(text) or _label_line(text)))
        or (n < 120 and vocab.CTA_LINE.match(text) and not vocab.REPORTED.search(text))
        or (n < vocab.COPYRIGHT_NOTICE_MAX and vocab.COPYRIGHT_NOTICE.match(text))
        or (n < 100 and (_byline_line(text) or _date_line(text, heading)))
        or (n < 300 and vocab.CONTACT_LINE.search(text))
    )


def _date_line(text: str, heading: bool) -> bool:
    """A date or time stamp: a date or a clock time, and little else beside it.

    What stands beside the date (its label, a weekday and the like taken out) may be a
    short name or a place, never words in lower case: "Updated at 1:23 p.m.", "Bettina
    Kugler 19.10.2019, 05:00 Uhr" go; "In 2012, 40 people died.", "Turnout was 64.25
    percent, up from 2019." and "Open daily 10:00-18:00" stay, and so does an embedded
    post's signature ("— Jane Doe (@jdoe) May 3, 2024": a handle). Beside a year
    without its day, one word in lower case may stand ("Posted in 2019" is as often
    furniture as "end 2013" is text: the validation part's aggregates weigh them so;
    "He died in 1987." has two). A year or a month and year alone is a stamp in a paragraph, but a
    heading that is one heads a timeline ("2019", "March 2020"); a heading of a year and
    a name ("Tokyo 2020") is a stamp.
    """
    pieces = _DOT_SEPARATOR.split(text)
    if len(pieces) > 1 and any(vocab.READING_TIME.match(p.strip()) for p in pieces):
        text = " | ".join(pieces)  # "Oct 19, 2016 · 10 min read" (Medium)
    if not vocab.DATE_LINE.match(text):
        return False  # the line's shape: a short label or name, the date, a short tail
    rest = vocab.DATE_STAMP.sub(" ", text)
    lower_case = 0  # words in lower case allowed beside the date
    if rest == text:
        rest = vocab.DATE_LOOSE.sub(" ", text)
        if rest == text or (heading and not rest.strip()):
            return False
        lower_case = 1
    words = _LETTERED.findall(vocab.DATE_FILLER.sub(" ", rest))
    return (
        len(words) <= vocab.DATE_LINE_MAX_WORDS
        # a line without spaces (Japanese, Chinese) is one "word" however long
        and sum(map(len, words)) <= vocab.DATE_LINE_MAX_LETTERS
        and sum(w[0].islower() for w in words) <= lower_case
        and not any(w[0] == "@" for w in words)
    )


def _byline_line(text: str) -> bool:
    """A by-word followed by names: "By Jane Doe", "Von Jana Freitag, dpa", "Autor: red".

    By, von, por and par open sentences too ("By 2030, …", "By the numbers", "Von der
    Leyen kündigte …", "Por su parte, …"): the line is a byline when ``split_byline``
    reads a name or a credit right after the by-word (an article at most before it), or
    when the label stands with nothing after it ("Text: /").
    """
    m = vocab.BYLINE_LINE.match(text)
    if m is None:
        return False
    rest = m.group("rest")
    if not _WORD.search(rest):
        return True
    authors, credits = split_byline(text)
    if not authors and not credits:
        return False
    first = re.search(rf"\b{re.escape((authors + credits)[0].split()[0])}", rest, re.IGNORECASE)
    if first is None:
        return False
    before = rest[: first.start()]
    return len(before.split()) <= 1 and not re.search(r"[\d,.;:]", before)


def _label_line(text: str) -> bool:
    """A picture credit or a tag list: "Photo : AFP", "Tags: budget, city council".

    The label's words open sentences too ("Credit: banks tightened lending standards …",
    "Photo : le ministre lors de l'entretien.", "Tags: the researchers fitted 40 birds
    …"): a credit names a person or an agency (a few words in lower case beside them at
    most), a tag list is words or short phrases between commas or bars.
    """
    m = vocab.PICTURE_CREDIT.match(text)
    if m:
        rest = m.group("rest")
        words = _LETTERED.findall(rest)
        if len(words) == 1 and " " not in rest.strip():
            return len(rest.strip()) <= vocab.CREDIT_UNSPACED_MAX_CHARS
        parts = [part.strip(" .").lower() for part in re.split(r"[/|,;]", rest)]
        if any(part in vocab.AGENCIES or vocab.PICTURE_AGENCY.fullmatch(part) for part in parts):
            return True
        lower = [w for w in words if w[0].islower() and w.rstrip(".") not in vocab.AGENCIES]
        return len(lower) <= vocab.CREDIT_LOWER_WORDS_MAX and not vocab.REPORTED.search(rest)
    m = vocab.TAG_LIST.match(text)
    if m:
        tags = re.split(r"[,|·;/•]", m.group("rest"))
        return all(len(tag.split()) <= vocab.TAG_MAX_WORDS for tag in tags)
    return False


def _related_label_line(block: Block) -> bool:
    """A related-reading label before a teaser's title: "Mehr zum Thema Corona".

    The label marked off by a colon or a bar is JUNK_LINE's; without one, the line must
    read as a teaser: no sentence's end, and mostly a link's text or a title's words (no
    clause after a comma, one word in lower case at most: "More from the Courier:").
    "Siehe auch die Antwort des Ministeriums: „Wir prüfen den Vorgang.“", "Zie ook de
    grafiek hieronder:", "Zobacz także, jak zmieniało się miasto (galeria)" are the
    text's sentences.
    """
    text = block.text
    m = vocab.RELATED_LINE.match(text)
    if m is None or vocab.SENTENCE_END.search(text):
        return False
    if block.link_chars * 2 >= len(text):
        return True
    rest = text[m.end() :]
    lower = sum(word[0].islower() for word in _LETTERED.findall(rest))
    return not re.search(r"[,，、]", rest) and lower <= vocab.RELATED_REST_LOWER_MAX


def _credit_note(text: str) -> bool:
    """A wire story's closing credit note: "(Reporting by …; Editing by …)", "mit dpa".

    Beside the note's own words it holds only names, places and agencies: "Reporting by
    the BBC revealed the scandal." is a report's last sentence. A word joined by a
    hyphen is read part by part ("Mit dpa-Material").
    """
    if len(text) >= vocab.CLOSING_NOTE_MAX or not vocab.CREDIT_NOTE.match(text):
        return False
    return all(
        part in vocab.CREDIT_NOTE_WORDS or part in vocab.AGENCIES or not part[:1].islower()
        for word in _LETTERED.findall(text)
        for part in word.split("-")
    )


def _call_to_action(text: str) -> bool:
    """A short line closing the text that asks the reader to subscribe, follow, download
    or donate.

    The topic alone does not make one ("The video was widely shared on social media"
    closes a report): the line must speak to the reader ("you", "our" or an imperative),
    outside quoted speech, and report no one's words ("Secondo il ministro, la nostra app
    …", "Volgens de minister moet de app voor ons allemaal gratis blijven").
    """
    if len(text) >= vocab.CLOSING_NOTE_MAX:
        return False
    if vocab.CTA_PHRASE.search(text):
        return True
    return bool(
        vocab.CTA_TOPIC.search(text)
        and vocab.READER_ADDRESS.search(vocab.QUOTED.sub(" ", text))
        and not vocab.REPORTED.search(text)
    )


def _call_to_action_box(block: Block) -> bool:
    """A sign-up or follow box between two paragraphs: "Join our WhatsApp channel …".

    Inside the text the same imperatives open reported advice and scam messages ("Follow
    the money, the senator said", "Síguenos en Telegram, pedía el mensaje de los
    estafadores") and nouns ("Download speeds", "Folge 12 des Podcasts"): the paragraph
    must open with the imperative, speak for the outlet ("our", "us"), link the channel,
    the newsletter or the store it names, quote no one and report no one's words.
    """
    text = block.text
    return bool(
        len(text) < vocab.CLOSING_NOTE_MAX
        and block.link_chars
        and vocab.CTA_OPENING.match(text)
        and vocab.CTA_TOPIC.search(text)
        and vocab.READER_WORDS.search(text)
        and not vocab.QUOTED.search(text)
        and not vocab.REPORTED.search(text)
    )


# --- the body chain's rules ------------------------------------------------------------

_WORD = re.compile(r"\w+")
# A middle dot or a bullet between a line's pieces.
_DOT_SEPARATOR = re.compile(r"\s[·•]\s")
# A word with a letter first (numbers and signs beside a date are no words of a sentence),
# or a handle.
_LETTERED = re.compile(r"@?[^\W\d_][\w'’.-]*")


def container_body(view: PageView) -> Found | None:
    """The container walk; JSON-LD ``articleBody`` instead when the walk missed much of it.

    Candidates are tried best first: one whose walk keeps little of its text (the
    walk skipped it as a cookie box, a teaser list, a hidden popup) yields to the
    next, and the candidate that gave the most text wins.
    """
    paragraphs, view.body_parts = _walk_candidates(view)
    lead = lead_paragraphs(view, view.body_parts)
    if lead:
        # The header's dek printed again as the lead picture's caption: read once.
        printed = {p for p in lead if len(p) >= vocab.REPEAT_MIN_CHARS}
        paragraphs = lead + [p for p in paragraphs if p not in printed]
    if len(paragraphs) > 1 and _capital_label(paragraphs, view):
        del paragraphs[0]  # "BREAKING NEWS" over the text: a label, not its first line
    from_ld = _ld_body_if_richer(view.ld, paragraphs, _summary(view))
    if from_ld:
        return from_ld, "json-ld"
    return paragraphs, "heuristic"


_CAPITAL_LABEL_KEYS = frozenset(map(norm_key, vocab.CAPITAL_LABELS))


def _capital_label(paragraphs: list[str], view: PageView) -> bool:
    """The body found on the page opens with a label in capitals, not its first line:
    one of ``vocab.CAPITAL_LABELS`` ("BREAKING NEWS", "STORY HIGHLIGHTS", "EILMELDUNG"),
    or the byline or the page's description set in capitals over the text (fundus'
    Ilanga prints its author so) when no other short line in capitals follows (an
    interview's speakers, the text's subheadings). Any other line in capitals opening
    the text is its own: a subheading, a chant, a dateline ("WASHINGTON"), a drop cap.
    """
    first = paragraphs[0]
    if not first.isupper() or not all(map(str.isalpha, first.split())):
        return False  # "UPDATE:", "NO.", "G7 SUMMIT": a sentence's opening, a name
    key = norm_key(first)
    if key in _CAPITAL_LABEL_KEYS:
        return True
    names = [*view.article.authors, meta_step.page_description(view.page)]
    return key in map(norm_key, names) and not any(
        p.isupper() and len(p.split()) <= vocab.CAPITAL_LINE_MAX_WORDS for p in paragraphs[1:]
    )


def lead_paragraphs(view: PageView, parts: list[etree._Element]) -> list[str]:
    """Prose printed between the headline and the container: the article's opening.

    A standfirst, a summary box or the first paragraphs often sit in the article's
    header, outside the block whose paragraphs won the vote. Paragraphs there that
    read as prose (long enough, few links, not a picture's caption) open the body.
    """
    h1 = view.headline_element
    if not parts:
        return []
    first = parts[0]
    skip = set(view.related_blocks) | set(parts)
    if view.lead_element is not None:
        skip.add(view.lead_element)  # the standfirst is its own field
    if h1 is None:
        # no headline printed in an <h1>: the text's <article> opens the region
        region = next(first.iterancestors("article"), None)
        if region is None:
            return []
        blocks = _Walker(region, skip, stop=first).run()
    else:
        if within(first, h1) or within(h1, first) or view.position(first) < view.position(h1):
            return []
        region = common_ancestor(h1, first)
        blocks = emit_range(region, h1, first, skip)
    lead = [
        block
        for block in blocks
        if block.kind in ("p", "quote")
        and len(block.text) >= vocab.LEAD_MIN_CHARS
        and block.link_chars <= vocab.LEAD_MAX_LINK_SHARE * len(block.text)
        and not _in_caption(block.element, region)
    ]
    return filter_blocks(lead, view.article.headline)


def common_ancestor(a: etree._Element, b: etree._Element) -> etree._Element:
    """The innermost element holding both (the root, for two elements of one tree)."""
    mine = set(a.iterancestors())
    mine.add(a)
    node = b
    while node not in mine:
        parent = node.getparent()
        if parent is None:
            return node
        node = parent
    return node


def _in_caption(el: etree._Element | None, stop: etree._Element) -> bool:
    """Inside a figure or a caption/credit-classed block (below ``stop``)."""
    node = el
    while node is not None and node is not stop:
        if node.tag in ("figure", "figcaption") or caption_classed(node):
            return True
        node = node.getparent()
    return False


def declared_parts(view: PageView) -> frozenset[etree._Element]:
    """The elements the page's JSON-LD article names as parts of its text (``hasPart``
    with a ``cssSelector``): the paywalled part of Google's flexible-sampling markup, whose
    own example classes it ``paywall``, a word that otherwise marks a subscription box."""
    parts = view.ld.get("hasPart") if view.ld else None
    found: set[etree._Element] = set()
    for part in parts if isinstance(parts, list) else [parts]:
        selectors = part.get("cssSelector") if isinstance(part, dict) else None
        for selector in selectors if isinstance(selectors, list) else [selectors]:
            if not isinstance(selector, str) or not _simple_selector(selector):
                continue
            try:
                found.update(CSSSelector(selector)(view.root))
            except (SelectorError, etree.XPathError):
                continue  # the page's markup, not ours: a bad selector names nothing
    # Furniture by its tag (an aside, a nav, a figure) is no text whatever a sweeping
    # selector ("*", "div") names.
    return frozenset(
        el for el in found if isinstance(el, etree._Element) and el.tag not in vocab.SKIP_TAGS
    )


# One selector of Google's paywall markup: a class or an id, after a tag or not
# (".paywall", "#premium", "div.locked"), or a tag alone. Anything else the page writes
# is not evaluated: nesting (":is(:is(…))") overflows cssselect's recursion, and
# sibling combinators ("div ~ div ~ div") over thousands of blocks take minutes.
_SIMPLE_SELECTOR = re.compile(r"\s*(?:(?:[a-zA-Z][\w-]*|\*)(?:[.#][\w-]+)*|(?:[.#][\w-]+)+)\s*")
_SELECTOR_MAX_CHARS = 500


def _simple_selector(selector: str) -> bool:
    """A short list of simple selectors, comma-separated (``.paywall, #locked``)."""
    return len(selector) <= _SELECTOR_MAX_CHARS and all(
        _SIMPLE_SELECTOR.fullmatch(part) for part in selector.split(",")
    )


def _walk_candidates(view: PageView) -> tuple[list[str], list[etree._Element]]:
    root = view.root
    skip = set(view.related_blocks)
    if view.lead_element is not None:
        skip.add(view.lead_element)  # the standfirst is its own field
    scores = vote(root)
    keep = declared_parts(view)
    best: tuple[list[str], list[etree._Element]] = ([], [])
    best_kept = 0
    walked = 0
    for score, el in _candidates(root, scores):
        parts = parts_of(root, el, score, scores)
        paragraphs = filter_blocks(emit_blocks(parts, skip, keep), view.article.headline)
        kept = sum(len(p) for p in paragraphs)
        if kept > best_kept:
            best, best_kept = (paragraphs, parts), kept
        if kept >= vocab.WALK_ENOUGH_CHARS or kept >= vocab.WALK_ENOUGH_SHARE * _vlen(text_of(el)):
            break
        walked += kept > 0  # a candidate that keeps nothing was all boilerplate: not a try
        if walked >= vocab.CANDIDATES_WALKED:
            break
    return best


def _candidates(
    root: etree._Element, scores: dict[etree._Element, float]
) -> Iterator[tuple[float, etree._Element]]:
    """Eligible candidates best first (the best of all when none is eligible, else the body)."""
    ranked = ranked_candidates(scores)
    found = False
    for score, el in ranked[: vocab.CANDIDATES_LOOKED_AT]:
        if _eligible(el):
            found = True
            yield score, el
    if not found:
        if ranked:
            yield ranked[0]
        else:
            body = root.find("body")
            yield 0.0, body if body is not None else root


def _ld_body_if_richer(
    ld: dict[str, Any], paragraphs: list[str], summary: str = ""
) -> list[str] | None:
    """JSON-LD's text when the DOM walk covers under 80 % of its words or is much shorter.

    Teaser markup and JS-rendered bodies leave the DOM short; the JSON-LD text is whole.
    """
    ld_body = ld.get("articleBody") if ld else None
    if not isinstance(ld_body, str) or len(ld_body) <= 200:
        return None
    ld_body = unrepeat(ld_body)
    if paragraphs and summary and norm_key(ld_body)[:100] == norm_key(summary)[:100]:
        return None  # the page's summary put in articleBody: the walk's text is the article
    ld_words = _WORD.findall(clean_markup(ld_body).casefold())
    if not ld_words:
        return None
    dom_words = _WORD.findall(" ".join(paragraphs).casefold())
    dom_set = set(dom_words)
    covered = sum(1 for w in ld_words if w in dom_set) / len(ld_words)
    if covered >= 0.8 and len(dom_words) >= 0.6 * len(ld_words):
        return None
    return ld_paragraphs(ld_body)


def _summary(view: PageView) -> str:
    """The page's own summary: JSON-LD ``description``, else the meta description."""
    ld_text = view.ld.get("description") if view.ld else None
    text = clean_markup(ld_text) if isinstance(ld_text, str) else ""
    return text or view.page.meta_first("og:description", "description", "twitter:description")


def ld_paragraphs(text: str) -> list[str]:
    """JSON-LD ``articleBody`` as paragraphs: its line breaks, its markup dropped."""
    raw = text.splitlines()
    if _MD_SIGN.search(text):
        raw = [_unmark(line) for line in raw if not _MD_LINE.match(line)]
    lines = "\n".join(clean_markup(line) for line in raw)
    return [p for p in (clean(x) for x in re.split(r"\n\s*\n|\r\n|\n", lines)) if p]


# A CMS that writes articleBody in its own markdown (Condé Nast's: The New Yorker, AD, Vogue
# …): lines that are no text (fences "+++dropcap" and "+++", embeds "[#image: /photos/…]
# |||caption|||" and "[#article: …]", attribute lists "{: legacyType=…}", rules "***"),
# and marks inside the text (links "[text](url){: target=…}", "**bold**", "*title*",
# "## heading", escapes "Foster \+ Partners").
_MD_SIGN = re.compile(r"^\+\+\+|\[#\w+:|\{:|\]\((?:https?:)?/", re.MULTILINE)  # its own marks
_MD_LINE = re.compile(r"\s*(?:\+\+\+[\w-]*|\[#\w+:[^\]]*\].*|\{:[^}]*\}|\*{3,}|-{3,})\s*$")
_MD_LINK = re.compile(r"\[([^\]]*)\]\((?:https?:)?/[^)\s]*\)")
_MD_ATTRS = re.compile(r"\{:[^}]*\}")
_MD_HEADING = re.compile(r"^\s*#{1,6}\s+")
_MD_EMPHASIS = re.compile(r"\*{1,2}(?=\S)([^*]+?)(?<=\S)\*{1,2}")
_MD_ESCAPE = re.compile(r"\\([\\`*_{}\[\]()#+\-.!|])")


def _unmark(line: str) -> str:
    """One line of markdown as the text it prints."""
    line = _MD_ATTRS.sub("", _MD_LINK.sub(r"\1", line))
    line = _MD_EMPHASIS.sub(r"\1", _MD_HEADING.sub("", line))
    return _MD_ESCAPE.sub(r"\1", line)


def unrepeat(text: str) -> str:
    """A CMS that concatenates the text twice: keep one copy."""
    head = text.lstrip()[:120]
    if len(head) < 60:
        return text
    start = len(text) - len(text.lstrip())
    again = text.find(head, start + len(head))
    if again > 0 and len(text) - again >= 0.8 * (again - start):
        first, second = text[start:again].strip(), text[again:].strip()
        if second.startswith(first[: min(len(first), 2000)][:400]) and abs(
            len(second) - len(first)
        ) < 0.1 * len(first):
            return text[:again]
    return text


# --- last resorts: the page holds text the walk did not find ----------------------------

_DENSE_CHILDREN = frozenset({"p", "pre", "blockquote", "li", "h2", "h3", "h4", "dd", "ul", "ol"})


def densest_block(view: PageView) -> Found | None:
    """The block whose own paragraphs hold the most text that is not links.

    Blocks inside boilerplate (a hidden popup, a cookie box, a sidebar) are left
    out; the block's own paragraphs are read without the walk's line filters.
    """
    best, best_len = None, 0
    for el in view.root.iter("div", "section", "article", "main", "td", "body"):
        if _inside_furniture(el) or _in_boilerplate(el):
            continue
        own = sum(_text_len(c)[0] - _text_len(c)[1] for c in el if c.tag in _DENSE_CHILDREN)
        own += _vlen(el.text or "") + sum(_vlen(c.tail or "") for c in el)
        if own > best_len:
            best, best_len = el, own
    if best is None or best_len < vocab.DENSE_MIN_TEXT:
        return None
    paragraphs = []
    for child in best:
        if child.tag in _DENSE_CHILDREN or child.tag in ("div", "span", "a", "strong", "em", "b"):
            total, linked = _text_len(child)
            if total and linked < 0.5 * total:
                paragraphs.append(clean(text_of(child)))
    if best.text and best.text.strip():
        paragraphs.insert(0, clean(best.text))
    paragraphs = [p for p in paragraphs if p]
    return (paragraphs, "densest-block") if paragraphs else None


def _in_boilerplate(el: etree._Element) -> bool:
    node: etree._Element | None = el
    while node is not None and node.tag not in ("body", "html"):
        if is_boilerplate(node):
            return True
        node = node.getparent()
    return False


def ld_article_body(view: PageView) -> Found | None:
    """JSON-LD ``articleBody``, however short."""
    text = view.ld.get("articleBody") if view.ld else None
    if not isinstance(text, str) or not text.strip():
        return None
    paragraphs = ld_paragraphs(unrepeat(text))
    return (paragraphs, "json-ld") if paragraphs else None


def meta_description(view: PageView) -> Found | None:
    """The page's own summary, when nothing else holds text: flagged as a last resort."""
    text = _summary(view)
    return ([text], "meta-description (last resort)") if text else None
