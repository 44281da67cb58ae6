"""The walk: one ``iterwalk`` over the container(s) that joins text into blocks and
skips furniture subtrees, so the cost stays linear in the page size. What the blocks'
lines are worth is the line filters' step, not this one."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from lxml import etree

from aggregator.parser import vocab
from aggregator.parser.body.boilerplate import hidden, is_boilerplate
from aggregator.parser.body.container import box_apart, teaser_block
from aggregator.parser.body.inline import (
    inside_sentence,
    is_link_card,
    note_mark,
    opening_dateline,
)
from aggregator.parser.body.measure import text_len
from aggregator.parser.scope import caption_classed, class_id, within
from aggregator.parser.text import clean, short_text


@dataclass
class Block:
    text: str
    kind: str  # "p", "h" (subheading), "li", "quote", "pre"
    link_chars: int
    element: etree._Element | None = None


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

_WRAPPERS = frozenset({"div", "section", "article", "main", "span", "form"})


def emit_range(
    region: etree._Element,
    begin: etree._Element,
    end: etree._Element,
    skip: set[etree._Element],
) -> list[Block]:
    """The text blocks of ``region`` after ``begin`` and before ``end`` (one walk that stops
    at ``end``; both are left out)."""
    return Walker(region, skip | {begin}, begin=begin, stop=end).run()


def emit_blocks(
    container: etree._Element | list[etree._Element],
    extra_skip: set[etree._Element] | None = None,
    keep: frozenset[etree._Element] = frozenset(),
) -> list[Block]:
    """Walk the container(s) once and return their text blocks, boilerplate skipped
    (but for the elements in ``keep``, which the page declares part of its text)."""
    if isinstance(container, list):
        skip = extra_skip or set()
        blocks: list[Block] = _boxes(_before(container), skip)
        for part in container:
            if part not in skip:
                blocks += _not_printed_before(emit_blocks(part, extra_skip, keep), blocks)
            blocks += _boxes(_siblings_until(part.itersiblings(), container), skip)
        return blocks
    return Walker(container, extra_skip or set(), keep=keep).run()


def boxes_before(parts: list[etree._Element]) -> list[etree._Element]:
    """The correction boxes among the siblings before the text's first part (up to another
    part), in their order: read by the walk of the parts, so the lead's walk leaves them
    out."""
    return [el for el in _before(parts) if correction_block(el) is not None]


def _before(parts: list[etree._Element]) -> list[etree._Element]:
    """The siblings before the text's first part, up to another part, in their order."""
    if not parts:
        return []
    return _siblings_until(parts[0].itersiblings(preceding=True), parts)[::-1]


def _siblings_until(
    siblings: Iterator[etree._Element], parts: list[etree._Element]
) -> list[etree._Element]:
    found = []
    for sib in siblings:
        if sib in parts:
            break
        found.append(sib)
    return found


def _boxes(elements: list[etree._Element], skip: set[etree._Element]) -> list[Block]:
    """The correction boxes among ``elements``, siblings of the text's parts: each one
    paragraph, where it stands."""
    found = []
    for el in elements:
        box = correction_block(el) if el not in skip else None
        if box is not None:
            found.append(box)
    return found


def correction_block(el: etree._Element) -> Block | None:
    """A correction or an editor's note in a box of its own (``div.correction-notice``,
    ``aside.correction``, ``div.editors-note``) as one paragraph of the text, opening with
    its label as printed ("Correction: an earlier version of this story …"); a label on a
    line of its own ("<h4>Editor's note</h4><p>…</p>") is joined to the text after it by
    a colon. None for any other element, and for a box that opens with no label of
    ``vocab.CORRECTION_LABEL`` ("Corrections policy", "Read how we correct errors") or is
    mostly links (a list of corrections to other stories), or whose note is about the
    page or the site, not the story (``vocab.CORRECTION_SITE_NOTE``: comments,
    newsletters, subscriptions, cookies)."""
    if el.tag not in _BOX_TAGS or not vocab.CORRECTION_CLASS.search(class_id(el)):
        return None
    shown = frozenset(d for d in el.iterdescendants() if isinstance(d.tag, str) and not hidden(d))
    blocks = Walker(el, set(), keep=shown).run()
    texts = [b.text for b in blocks]
    if len(texts) > 1 and vocab.CORRECTION_HEADING.fullmatch(texts[0]):
        texts[0] = texts[0].rstrip(":. ") + ":"
    text = " ".join(texts)
    links = sum(b.link_chars for b in blocks)
    if not vocab.CORRECTION_LABEL.match(text) or links > vocab.PART_MAX_LINK_SHARE * len(text):
        return None
    if vocab.CORRECTION_SITE_NOTE.search(text):
        return None  # a note about the page or the site ("Comments have been closed")
    return Block(text, "p", links, el)


# What a correction box is printed in.
_BOX_TAGS = frozenset({"div", "section", "aside", "p", "footer", "blockquote"})


def _not_printed_before(blocks: list[Block], before: list[Block]) -> list[Block]:
    """A part's blocks less the paragraphs an earlier part already printed.

    A twin or sibling that repeats the text word for word is a second copy of the
    article (a print or mobile version, an expanded teaser), and the text is read
    once. Short lines may repeat within a text (table cells, "___", a tweet's date
    line), so only paragraphs of some length count as a copy.
    """
    printed = {b.text for b in before if len(b.text) >= vocab.REPEAT_MIN_CHARS}
    return [b for b in blocks if b.text not in printed] if printed else blocks


class Walker:
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
        box = correction_block(el)
        if box is not None:
            # Walked apart, it is one paragraph where it stands, whatever its class.
            _flush(self.state)
            self.state.blocks.append(box)
            return True
        if el in self.keep:
            return False
        if self._lead_caption(el):
            return False
        if opening_dateline(el):
            return False  # "KOBE – A total of …": the first words of the sentence
        if is_boilerplate(el) and not inside_sentence(el):
            # A wrapper that holds most of the text is not boilerplate, whatever its class,
            # unless it is a box apart (a consent wall longer than a short article).
            return box_apart(el) or not (
                tag in _WRAPPERS and text_len(el)[0] > 0.5 * self.total_len
            )
        if tag in ("div", "section", "article", "ul") and teaser_block(el):
            return True  # "Você pode gostar…" followed by teasers
        if tag == "span" and is_link_card(el):
            return True  # a hover card inside a sentence (name → photo + article links)
        if tag in ("sup", "a") and note_mark(el):
            return True  # "effect.<sup>1</sup>" would read "effect.1"
        if tag in ("ul", "ol", "table", "dl"):
            # Lists of links inside the text are "read more" boxes, not prose.
            total, linked = text_len(el)
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
            self._total_len = max(1, text_len(self.container)[0])
        return self._total_len

    def _start(self, el: etree._Element) -> None:
        state, tag = self.state, el.tag
        if tag == "br":
            if _line_ended(state.parts):
                self._break_block()
            else:
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

    def _break_block(self) -> None:
        """A second ``<br>`` in a row ends the block, and the next one goes on in the
        same element: how a text without ``<p>`` elements (a CMS field, an old template)
        separates its paragraphs. One ``<br>`` breaks a line within the block (a poem's,
        an address's)."""
        kind, element = self.state.kind, self.state.element
        _flush(self.state)
        self.state.kind, self.state.element = kind, element

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


def _line_ended(parts: list[str]) -> bool:
    """The block's last line was ended by a ``<br>`` (at most spacing after it) and reads
    as a paragraph's end: a sentence's end after ``vocab.LEAD_MIN_CHARS`` or more. Short
    lines kept apart by ``<br><br>`` (a box's label and call, a definition's parts) stay
    one block, which the line filters read whole."""
    lines = iter(reversed(parts))
    for piece in lines:
        if piece == "\n":
            break
        if piece.strip():
            return False
    else:
        return False
    tail: list[str] = []
    size = 0
    for piece in lines:
        tail.append(piece)
        size += len(piece)
        if size >= 2 * vocab.LEAD_MIN_CHARS:
            break  # enough to tell: the line's end and a paragraph's length
    text = clean("".join(reversed(tail)))
    return len(text) >= vocab.LEAD_MIN_CHARS and bool(vocab.SENTENCE_END.search(text))


def _caption_like(el: etree._Element) -> bool:
    """A short picture caption or credit: a figure's text, or a caption/credit-classed line."""
    if el.tag != "figure" and not caption_classed(el):
        return False
    text = short_text(el, vocab.LEAD_CAPTION_MAX)
    return bool(text)
