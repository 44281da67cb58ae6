"""A lead box's pictures, captions and credits told apart from its text: the dek may be
printed beside the lead picture, and a lead-classed element that is only a picture block
is no dek."""

from __future__ import annotations

import re

from lxml import etree

from aggregator.parser import vocab
from aggregator.parser.scope import caption_classed, within
from aggregator.parser.text import clean, pieces_apart, short_text


def text_beside_pictures(el: etree._Element) -> str:
    """A lead's clean text without the picture blocks it holds ("" when they are all of it).

    A "lead" box often holds the article's lead picture (``b-lead-art``, ``image__lede``,
    ``lead_graphic``) with its caption and credit, and some print the dek after it: the
    caption is not the dek, the text beside the picture is.
    """
    return clean("".join(pieces_apart(el, skip=_picture_block)))


def picture_lead(el: etree._Element, headline: etree._Element | None = None) -> bool:
    """A lead-classed element that is a picture block: inside a figure or its caption (but
    for a hero figure that prints the ``headline`` too), or holding nothing but pictures,
    their captions and credits."""
    figures = list(el.iterancestors("figure", "figcaption"))
    in_figure = bool(figures) and not (
        headline is not None and any(within(headline, f) for f in figures)
    )
    return in_figure or len(text_beside_pictures(el)) < 30


_MEDIA_TAGS = frozenset({"figure", "figcaption", "picture", "img", "video", "iframe", "svg"})


def _picture_block(el: etree._Element) -> bool:
    """A picture, its caption or credit, or a short wrapper around a picture (the caption
    and credit printed beside it): a picture that stands apart from the text, or one
    beside a caption- or credit-classed block. An emoji, or a picture set in a
    paragraph's line (a dek opening with an icon, ending with a linked badge), leaves its
    text a dek's."""
    if not isinstance(el.tag, str):
        return False
    if el.tag in _MEDIA_TAGS:
        return True
    if caption_classed(el):
        return True
    if short_text(el, vocab.LEAD_CAPTION_MAX) is None:
        return False
    pictures = [m for m in el.iterdescendants(*_MEDIA_TAGS) if not _emoji(m)]
    if not pictures:
        return False
    return any(caption_classed(d) for d in el.iterdescendants()) or any(
        _apart(m, el) for m in pictures
    )


def _emoji(media: etree._Element) -> bool:
    """An emoji image (by its class, id or file name): a character of the text."""
    return bool(_EMOJI.search(" ".join(media.get(a) or "" for a in ("class", "id", "src"))))


_EMOJI = re.compile(r"emoji", re.IGNORECASE)


def _apart(media: etree._Element, top: etree._Element) -> bool:
    """``media`` stands apart from the text within ``top``: unless the first element
    around it holding text (its own or a tail beside it) is a paragraph, the picture set
    in the paragraph's line. Text beside a picture in any other wrapper is its caption (a
    media box printing the caption as loose text), and icons count: a row of share
    buttons, each an icon and a label, is furniture, not the dek."""
    if media.tag == "figure":
        return True
    for node in media.iterancestors():
        if node.tag == "figure":
            return True  # a block of its own, an author's photo beside the name too
        if (node.text or "").strip() or any((c.tail or "").strip() for c in node):
            return bool(node.tag != "p")
        if node is top:
            return True
    return True
