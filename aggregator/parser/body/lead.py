"""The text's opening: the prose printed between the headline and the container (a
summary box, the first paragraphs in the header), and a label in capitals over the
text. Its own step because it reads outside the container the vote chose."""

from __future__ import annotations

from lxml import etree

from aggregator.parser import metadata as meta_step
from aggregator.parser import vocab
from aggregator.parser.body.lines import byline_lines, filter_blocks
from aggregator.parser.body.walk import Walker, boxes_before, emit_range
from aggregator.parser.scope import caption_classed, within
from aggregator.parser.text import norm_key
from aggregator.parser.view import PageView

_CAPITAL_LABEL_KEYS = frozenset(map(norm_key, vocab.CAPITAL_LABELS))


def capital_label(paragraphs: list[str], view: PageView) -> bool:
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
    skip = view.found_apart() | set(parts) | set(boxes_before(parts))  # the parts' walk reads them
    if h1 is None:
        # no headline printed in an <h1>: the text's <article> opens the region
        region = next(first.iterancestors("article"), None)
        if region is None:
            return []
        blocks = Walker(region, skip, stop=first).run()
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
    byline = byline_lines(view.article)
    return _without_description(view, filter_blocks(lead, view.article.headline, byline))


def _without_description(view: PageView, paragraphs: list[str]) -> list[str]:
    """The lead's paragraphs less the page's description printed over the text, where no
    lead-classed dek was found: it is the dek under a class no vocabulary names
    ("bajada", "article__desc", "sub-heading"), the standfirst (fields._printed_lead), not
    the text's first paragraph. One opening with a dateline ("WELLINGTON — ") is the wire
    story's first paragraph, which the site copied into its description."""
    if view.lead_element is not None:
        return paragraphs
    printed = norm_key(meta_step.page_description(view.page))
    return [p for p in paragraphs if norm_key(p) != printed or vocab.LEADING_DATELINE.match(p)]


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
