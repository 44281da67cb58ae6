"""Last resorts, when the walk found no text: the densest block's own paragraphs,
JSON-LD ``articleBody`` however short, the page's own summary. Each is a rule of the
body chain after the walk's, in that order."""

from __future__ import annotations

from lxml import etree

from aggregator.parser import vocab
from aggregator.parser.body.boilerplate import is_boilerplate
from aggregator.parser.body.container import inside_furniture
from aggregator.parser.body.ld_text import ld_paragraphs, page_summary, unrepeat
from aggregator.parser.body.measure import text_len, vlen
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


def meta_description(view: PageView) -> Found | None:
    """The page's own summary, when nothing else holds text: flagged as a last resort."""
    text = page_summary(view)
    return ([text], "meta-description (last resort)") if text else None
