"""Last resorts, when the walk found no text: the densest block's own paragraphs,
JSON-LD ``articleBody`` however short, a gallery's captions, the page's own summary.
Each is a rule of the body chain after the walk's, in that order."""

from __future__ import annotations

from lxml import etree

from aggregator.parser import vocab
from aggregator.parser.body.boilerplate import is_boilerplate
from aggregator.parser.body.container import inside_furniture
from aggregator.parser.body.ld_text import ld_paragraphs, page_summary, unrepeat
from aggregator.parser.body.measure import text_len, vlen
from aggregator.parser.picture_credit import without_credit
from aggregator.parser.scope import class_id
from aggregator.parser.text import clean, text_of
from aggregator.parser.view import Found, PageView

_DENSE_CHILDREN = frozenset({"p", "pre", "blockquote", "li", "h2", "h3", "h4", "dd", "ul", "ol"})


def densest_block(view: PageView) -> Found | None:
    """The block whose own paragraphs hold the most text that is not links.

    Blocks inside boilerplate (a hidden popup, a cookie box, a sidebar) are left
    out; the block's own paragraphs are read without the walk's line filters.
    """
    best, best_len = None, 0
    for el in view.root.iter("div", "section", "article", "main", "td", "body"):
        if inside_furniture(el) or _in_boilerplate(el):
            continue
        own = sum(text_len(c)[0] - text_len(c)[1] for c in el if c.tag in _DENSE_CHILDREN)
        own += vlen(el.text or "") + sum(vlen(c.tail or "") for c in el)
        if own > best_len:
            best, best_len = el, own
    if best is None or best_len < vocab.DENSE_MIN_TEXT:
        return None
    paragraphs = []
    for child in best:
        if child.tag in _DENSE_CHILDREN or child.tag in ("div", "span", "a", "strong", "em", "b"):
            total, linked = text_len(child)
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


def gallery_captions(view: PageView) -> Found | None:
    """A gallery's text: the captions of the pictures in the story's block (the
    ``<article>`` or ``<main>`` holding the headline, else the page), each a paragraph
    without the picture's credit, where at least ``vocab.GALLERY_MIN_CAPTIONS`` of them
    are sentences (a credit line, "Photo: AP", is none and stays out). The walk leaves
    captions out with the other furniture of a text; on a page with no other text they
    are the story as printed."""
    h1 = view.headline_element
    region = next(h1.iterancestors("article", "main"), None) if h1 is not None else None
    if region is None:
        region = view.root
    every = [c for c in region.iter("figcaption") if not _in_rail(c, region)]
    captions = [_caption_text(c) for c in every if not _caption_apart(c, region, len(every))]
    sentences = [c for c in captions if vocab.SENTENCE_END.search(c)]
    return (sentences, "captions") if len(sentences) >= vocab.GALLERY_MIN_CAPTIONS else None


def _caption_text(caption: etree._Element) -> str:
    """The caption without the credit it ends in: a credit phrase ("… arrives.
    Photograph: Jane Doe", "(Photo: Jane Doe)"), or its last element after a sentence's
    end when that holds none of its own (a credit's ``<span>``, ``<cite>`` or ``<small>``:
    "… arrives. Jane Doe/Harbor Tribune")."""
    text = without_credit(clean(text_of(caption)))
    last = caption[-1] if len(caption) else None
    if vocab.SENTENCE_END.search(text) or last is None or (last.tail or "").strip():
        return text
    credit = clean(text_of(last))
    before = text[: len(text) - len(credit)].rstrip() if credit and text.endswith(credit) else ""
    return before if vocab.SENTENCE_END.search(before) else text


def _caption_apart(caption: etree._Element, region: etree._Element, captions: int) -> bool:
    """The caption's picture sits in boilerplate inside the story's block (a teaser, a
    hidden popup) or in the page's furniture. The figure, always boilerplate to the walk,
    is not asked, nor is the story's block, whose class may name it a gallery, nor a box
    inside it that holds more than half of its ``captions`` (those outside rails): the
    gallery's own slideshow (``div.gallery``, ``div.carousel``), not a teaser."""
    node = next(caption.iterancestors("figure"), caption).getparent()
    while node is not None and node is not region:
        if is_boilerplate(node) and 2 * sum(1 for _ in node.iter("figcaption")) <= captions:
            return True
        node = node.getparent()
    return inside_furniture(region)


def _in_rail(caption: etree._Element, region: etree._Element) -> bool:
    """The caption's picture sits in a rail of other pages inside the story's block: a
    boilerplate box classed as one (``vocab.GALLERY_RAIL_CLASS``: "related",
    "more-galleries", "teaser") or whose pictures are mostly links to other pages (a
    "More galleries" rail of linked teasers). Its captions are never the gallery's,
    however many it holds."""
    node = next(caption.iterancestors("figure"), caption).getparent()
    while node is not None and node is not region:
        if is_boilerplate(node) and (
            vocab.GALLERY_RAIL_CLASS.search(class_id(node)) or _mostly_linked(node)
        ):
            return True
        node = node.getparent()
    return False


def _mostly_linked(box: etree._Element) -> bool:
    """More than half of the box's captioned pictures, or their captions, link to a page."""
    held = list(box.iter("figcaption"))
    return 2 * sum(1 for c in held if _linked(c)) > len(held)


def _linked(caption: etree._Element) -> bool:
    figure = next(caption.iterancestors("figure"), caption)
    if any(a.get("href") for a in figure.iterancestors("a")):
        return True
    return any(a.get("href") for a in figure.iter("a"))


def meta_description(view: PageView) -> Found | None:
    """The page's own summary, when nothing else holds text: flagged as a last resort."""
    text = page_summary(view)
    return ([text], "meta-description (last resort)") if text else None
