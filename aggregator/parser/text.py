"""Plain-text hygiene shared by every step: one place decides what a clean string is."""

from __future__ import annotations

import html
import re
import unicodedata

from lxml import etree

# C0/C1 controls (except tab/newline), bidi embeddings/overrides/isolates, zero-width
# characters and the BOM: invisible, and they break matching and display.
_INVISIBLE = re.compile(
    "[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u200b-\u200f\u202a-\u202e\u2060-\u2069\ufeff\u00ad]"
)
_WS = re.compile(r"\s+")
_ENTITY = re.compile(r"&(?:#\d{1,7}|#x[0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});")
_TAG = re.compile(r"<[^>]{0,2000}>")
_TAG_START = re.compile(r"<[a-zA-Z/!]")


def clean(text: str | None) -> str:
    """Whitespace-collapsed text without control, bidi or zero-width characters, nor tags."""
    if not text:
        return ""
    # Invisible characters first: "<\x8fdiv>" is a tag once the \x8f is gone.
    text = _INVISIBLE.sub("", text)
    if "<" in text:
        # Text fields never carry markup, not even as literal text from escaped entities.
        text = _strip_tag_like(text)
    return _WS.sub(" ", text).strip()


def _strip_tag_like(text: str) -> str:
    """Drop every "<" + letter, "/" or "!" up to the next ">", as an HTML tokenizer reads a tag.

    A scan rather than a regex: "<" inside a tag is just a character, and a
    pattern that allows it, unbounded, is quadratic on "<a<a<a…" without a ">".
    """
    out: list[str] = []
    pos = 0
    while (start := _TAG_START.search(text, pos)) is not None:
        end = text.find(">", start.end())
        if end < 0:
            break
        out += [text[pos : start.start()], " "]
        pos = end + 1
    if not out:
        return text
    out.append(text[pos:])
    return "".join(out)


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
    return "".join(ch for ch in nfkc(text).casefold() if ch.isalnum())


def short_text(el: etree._Element, limit: int) -> str | None:
    """An element's clean text if it is at most ``limit`` characters, else None.

    Stops reading as soon as the limit is passed, so probing big wrappers for a
    short label costs nothing like a full ``text_content()``.
    """
    total = 0
    parts = []
    for piece in el.itertext():
        total += len(piece)
        if total > limit * 3 + 200:  # raw text includes indentation; be generous before cleaning
            return None
        parts.append(piece)
    text = clean("".join(parts))
    return text if len(text) <= limit else None


def text_of(el: etree._Element) -> str:
    """All text under an element (lxml.etree has no ``text_content``; this is its equivalent)."""
    return "".join(el.itertext())
