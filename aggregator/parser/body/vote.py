"""Readability-style scores: what each text block gives its ancestors, computed in one
pass over the tree, and the candidates ranked by score and class names. Its own step:
it reads the whole page once, and every later choice of container starts from it."""

from __future__ import annotations

from lxml import etree

from aggregator.parser import vocab
from aggregator.parser.body.measure import vlen
from aggregator.parser.scope import class_id
from aggregator.parser.text import text_of

_TEXT_BLOCKS = ("p", "pre", "blockquote", "li", "h2", "h3", "h4", "td", "dd")


def _has_block_child(el: etree._Element) -> bool:
    for child in el.iter("p", "ul", "ol", "div", "table", "li", "blockquote"):
        if child is not el:
            return True
    return False


def _has_one_child(node: etree._Element) -> bool:
    # Not len(node) == 1: lxml counts children by walking them, so asking it of a
    # parent of 20,000 wrappers, once per wrapper, made the vote quadratic.
    first = next(iter(node), None)
    return first is not None and first.getnext() is None


def _lift(node: etree._Element | None) -> etree._Element | None:
    """Skip single-child wrappers: <div><div><p> votes for the block that holds the divs."""
    while node is not None and node.tag not in ("body", "html") and _has_one_child(node):
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
        length = vlen(el.text or "") + sum(vlen(c.tail or "") for c in el)
        if length < vocab.VOTE_MIN_DIRECT_TEXT:
            return None
        linked = 0
    else:
        if tag in ("li", "td", "dd", "blockquote") and _has_block_child(el):
            return None  # its paragraphs vote themselves; do not count them twice
        length = vlen(text_of(el))
        if length < vocab.VOTE_MIN_BLOCK_TEXT:
            return None
        linked = sum(vlen(text_of(a)) for a in el.iter("a")) if tag != "pre" else 0
    density = linked / length if length else 1.0
    if density > vocab.VOTE_MAX_LINK_DENSITY:
        return None
    capped = min(length, vocab.VOTE_LENGTH_CAP) / vocab.VOTE_CHARS_PER_POINT
    return (1 + capped + text_commas(el, tag)) * (1 - density)


def text_commas(el: etree._Element, tag: str) -> float:
    if tag in ("div", "section", "span", "font"):
        return 0.0
    text = el.text or ""
    return min(text.count(",") + text.count("،") + text.count("、") + text.count("，"), 5) * 0.5


def vote(root: etree._Element) -> dict[etree._Element, float]:
    """Readability-style scores: each block's vote to its parent, half to the grandparent,
    an eighth further up (single-child wrappers skipped)."""
    scores: dict[etree._Element, float] = {}
    # Each element is lifted once, however many blocks vote through it.
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
