"""Plain-text helpers shared by every step.

What a clean string is, is decided once for every input path, in
:mod:`aggregator.hygiene`; :func:`clean` is that function.
"""

from __future__ import annotations

import html
import re
import unicodedata
from collections.abc import Callable, Iterator

from lxml import etree

from aggregator.hygiene import clean as clean  # the parser steps import it from here

_ENTITY = re.compile(r"&(?:#\d{1,7}|#x[0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});")
_TAG = re.compile(r"<[^>]{0,2000}>")


def clean_markup(text: str | None) -> str:
    """Like :func:`clean`, for strings from meta tags or JSON-LD.

    Those may still hold entities or tags (double-escaped CMS output); decode
    entities exactly once and drop tags, so no field ever carries markup.
    """
    if not text:
        return ""
    if "<" in text:
        text = _TAG.sub(" ", text)
    if "&" in text and _ENTITY.search(text):
        text = html.unescape(text)
        if "<" in text:
            text = _TAG.sub(" ", text)
    return clean(text)


def nfkc(text: str) -> str:
    return unicodedata.normalize("NFKC", text)


def norm_key(text: str) -> str:
    """Casefolded alphanumerics only: for comparing two renderings of the same title."""
    return "".join(filter(str.isalnum, nfkc(text).casefold()))


# Elements that end a line of text where they open and close: their text is never one
# word with the text beside them ("expand<br>bike lanes", "<p>A.</p><p>B.</p>").
_LINE_BREAKS = frozenset(
    {"br", "hr", "p", "div", "li", "ul", "ol", "dd", "dt", "tr", "td", "th", "section",
     "header", "footer", "article", "aside", "blockquote", "figcaption", "h1", "h2", "h3",
     "h4", "h5", "h6"}
)  # fmt: skip


def pieces_apart(
    el: etree._Element, skip: Callable[[etree._Element], bool] | None = None
) -> Iterator[str]:
    """``el.itertext()`` with a space where a line break or a block separates two texts,
    without the subtrees of the elements ``skip`` holds for (their tails stay)."""
    if el.text:
        yield el.text
    for child in el:
        if isinstance(child.tag, str) and not (skip and skip(child)):
            apart = child.tag in _LINE_BREAKS
            if apart:
                yield " "
            yield from pieces_apart(child, skip)
            if apart:
                yield " "
        if child.tail:
            yield child.tail


def short_text(el: etree._Element, limit: int) -> str | None:
    """An element's clean text if it is at most ``limit`` characters, else None.

    Stops reading as soon as the limit is passed, so probing big wrappers for a
    short label costs nothing like a full ``text_content()``.
    """
    total = 0
    parts = []
    for piece in pieces_apart(el):
        total += len(piece)
        if total > limit * 3 + 200:  # raw text includes indentation; be generous before cleaning
            return None
        parts.append(piece)
    text = clean("".join(parts))
    return text if len(text) <= limit else None


def text_of(el: etree._Element) -> str:
    """All text under an element (lxml.etree has no ``text_content``; this is its equivalent).

    libxml2's text serialisation gives the same string as joining ``itertext()``
    (every element of the 891 development pages compared) at about a fifth of the
    cost: no Python string per text piece.
    """
    text: str = etree.tostring(el, method="text", encoding="unicode", with_tail=False)
    return text
