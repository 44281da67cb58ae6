"""The container's parts: the sibling blocks and the same template's blocks elsewhere
that continue its text past an ad or an embed. Its own step because it decides what
belongs to the text beyond the one block that won the vote."""

from __future__ import annotations

from lxml import etree

from aggregator.parser import vocab
from aggregator.parser.body.boilerplate import is_boilerplate
from aggregator.parser.body.container import eligible, teaser_block
from aggregator.parser.body.measure import text_len, vlen
from aggregator.parser.text import text_of


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
        if score >= threshold and not is_boilerplate(sib) and eligible(sib):
            parts.append(sib)  # never a comment thread or a cookie box beside the text
        elif _same_template(sib, best) and _prose_like(sib):
            parts.append(sib)  # the text goes on in the next block of the same kind
        elif sib.tag == "p" and not is_boilerplate(sib):
            length = vlen(text_of(sib))
            linked = sum(vlen(text_of(a)) for a in sib.iter("a"))
            if length > 80 and linked < 0.25 * length:
                parts.append(sib)
    return parts


def _same_template(a: etree._Element, b: etree._Element) -> bool:
    """Two blocks of one template: same tag, same (non-empty) class."""
    cls = a.get("class")
    return bool(cls and cls.strip()) and a.tag == b.tag and cls == b.get("class")


def _prose_like(el: etree._Element) -> bool:
    """Text that is not mostly links, and not boilerplate or a teaser list."""
    total, linked = text_len(el)
    return (
        total >= vocab.VOTE_MIN_BLOCK_TEXT
        and linked < vocab.PART_MAX_LINK_SHARE * total
        and not is_boilerplate(el)
        and not teaser_block(el)
    )
