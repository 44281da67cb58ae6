"""The five rules that find byline candidates in a page's DOM, in trust order:
``rel="author"`` links, ``itemprop="author"`` and byline classes, a label before the
name, a short element opening with a by-word, an author box.

Each rule only proposes (element, raw text) pairs; which of them is the article's
is decided in ``candidates``.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from lxml import etree

from aggregator.parser import vocab
from aggregator.parser.byline.split import split_byline
from aggregator.parser.scope import byline_classed
from aggregator.parser.text import clean, short_text, text_of


def _spaced_text(el: Any, limit: int) -> str | None:
    """Text with a space between elements: bylines glue "Jane Doe" to "Redakteurin" otherwise."""
    parts = []
    total = 0
    for piece in _text_pieces(el):
        total += len(piece)
        if total > limit * 3 + 200:
            return None
        parts.append(piece)
    text = clean(" ".join(parts))
    text = re.sub(r"\s+([,.;:])", r"\1", text)
    return text if len(text) <= limit else None


# A form's fields and their labels: an author flyout's contact form ("Name (required)
# Email (required) Comment (required) … Send") beside the byline names nobody.
_FORM_TAGS = frozenset({"form", "input", "textarea", "button", "label", "select"})


def _form_field(el: etree._Element) -> bool:
    """A form's field, but not an author flyout's toggle, which holds the name ("By
    <button class="author-toggle">Jane Doe</button>"): other buttons say "Share",
    "Follow", "A+"."""
    if el.tag == "button":
        return "author" not in f"{el.get('class') or ''} {el.get('id') or ''}".lower()
    return el.tag in _FORM_TAGS


def _text_pieces(el: etree._Element) -> Iterator[str]:
    """The element's text pieces in document order, as ``itertext`` gives them, without
    a form's: the byline around the form is still read."""
    if el.text:
        yield el.text
    for child in el:
        if isinstance(child.tag, str) and not _form_field(child):
            yield from _text_pieces(child)
        if child.tail:
            yield child.tail


# Each rule yields (element, raw byline text) candidates in document order.
_Candidate = tuple[Any, str]
_HEADINGS = ("h1", "h2", "h3", "h4", "h5", "h6")


def _rel_author(root: Any) -> list[_Candidate]:
    """``rel="author"`` links: the line around the link (it holds "By … and …")."""
    out = []
    for el in root.iter("a", "span", "div", "p", "address", "li", "section"):
        if el.get("rel") == "author":
            text = clean(text_of(el))
            if 3 <= len(text) <= 120:
                parent = el.getparent()
                # A parent that holds a heading is read without it: a bare link in the
                # headline's <header> would read "Council passes the budget Jane Doe",
                # and the words beside the link ("By … and …, Reuters") still count.
                ptext = clean(_rel_line(parent)) if parent is not None else ""
                out.append((el, ptext if ptext and len(ptext) <= 160 else text))
    return out


_PROSE = {"p", "blockquote", "figure", "aside", "section"}
_BLOCKS = {"div", "ul", "ol", "nav"}


def _rel_line(parent: Any) -> str:
    """The line a ``rel=author`` link stands in: the parent's text, its headings left
    out. Beside a heading, a paragraph-like child (a standfirst, a card's teaser) keeps
    the whole text as before the round, and a list, a ``div`` or another link (tags, a
    share bar) gives "", so that the caller reads the link's own text."""
    if next(parent.iterdescendants(*_HEADINGS), None) is None:
        return text_of(parent)
    lone = False
    for child in parent:
        if not isinstance(child.tag, str) or child.tag in _HEADINGS:
            continue
        holds_rel = child.get("rel") == "author" or child.find(".//*[@rel='author']") is not None
        if not holds_rel and child.tag in _PROSE:
            return text_of(parent)  # a standfirst or a card's teaser: read as before the round
        if not holds_rel and (child.tag in _BLOCKS or child.tag == "a"):
            lone = True  # tags, a share bar: the link's own text
    return "" if lone else _text_without_headings(parent)


def _text_without_headings(el: Any) -> str:
    """The text under ``el`` without its h1-h6 subtrees (their tails are kept)."""
    if next(el.iterdescendants(*_HEADINGS), None) is None:
        return text_of(el)
    pieces = [el.text or ""]
    for child in el:
        if isinstance(child.tag, str) and child.tag not in _HEADINGS:
            pieces.append(" " + _text_without_headings(child))
        pieces.append(child.tail or "")
    return "".join(pieces)


def _itemprop_author(el: Any) -> bool:
    return bool(el.get("itemprop") == "author")


def _byline_classed(root: Any) -> list[_Candidate]:
    """``itemprop="author"`` or a byline class (author box and bio classes excluded)."""
    out = []
    for el in byline_classed(root, _itemprop_author):
        text = _spaced_text(el, 200)
        if text and len(text) >= 3:
            out.append((el, text))
    return out


def _labelled_author(root: Any) -> list[_Candidate]:
    """A label element before the name.

    "<strong>Autorin/Autor</strong> Roman Goncharenko", "<h5>Autor:</h5> Peter Maahn",
    "<h4>Autor</h4><p>Nikolai Huke</p>", "<b>Von:</b><br>Götz Warnke".
    """
    out = []
    for el in root.iter("strong", "b", "dt", "th", "span", "h4", "h5", "h6"):
        label = el.text
        if label and len(label) <= 20 and len(el) == 0 and vocab.AUTHOR_LABEL.match(label.strip()):
            name = _text_after(el)
            if 3 <= len(name) <= 100:
                out.append((el, name))
    return out


def _text_after(el: Any) -> str:
    """The text that follows a label: its tail, past line breaks, or the next element's."""
    name = clean(el.tail or "")
    nxt = el.getnext()
    while not name and nxt is not None and nxt.tag == "br":
        name, nxt = clean(nxt.tail or ""), nxt.getnext()
    if not name and nxt is not None:
        name = short_text(nxt, 100) or ""
    return name


def _by_text(root: Any) -> list[_Candidate]:
    """A short element whose text opens with a by-word: "By Jane Doe", "Von Jane Doe"."""
    out = []
    for el in root.iter("p", "span", "div", "address"):
        if len(el) > 6:
            continue
        first = el.text if el.text and el.text.strip() else (el[0].text or "" if len(el) else "")
        if not vocab.BY_TEXT.match((first or "") + " x"):
            continue
        # Spaced: "<span>By</span><div><a>Jane Doe</a></div>" is not "ByJane Doe".
        text = _spaced_text(el, 100)
        if text and len(text) >= 5 and vocab.BY_TEXT.match(text):
            out.append((el, text))
    return out


def _author_box(root: Any) -> list[_Candidate]:
    """An author box ("About the author"): the first of its lines that is a person's name.

    The last rule: a box at the end of the text names the writer when no byline does.
    """
    out = []
    for el in root.iter("div", "section", "aside", "footer"):
        ci = (el.get("class") or "") + " " + (el.get("id") or "")
        if not vocab.AUTHOR_BOX_CLASS.search(ci):
            continue
        for sub in el.iter("h2", "h3", "h4", "h5", "strong", "b", "a", "span", "p"):
            text = vocab.ABOUT_AUTHOR.sub("", _spaced_text(sub, 80) or "")
            if 3 <= len(text) <= 60 and split_byline(text)[0]:
                out.append((el, text))
                break
    return out


# In trust order; candidates.py reads them region by region.
DOM_RULES = (_rel_author, _byline_classed, _labelled_author, _by_text, _author_box)
