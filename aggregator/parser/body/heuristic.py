"""The body chain's first rule (provenance "heuristic"): walk the candidates best first
with their parts, open the text with its lead, and take JSON-LD ``articleBody`` instead
when the walk missed much of it. Its own step: it ties the steps before it together."""

from __future__ import annotations

import re

from lxml import etree
from lxml.cssselect import CSSSelector, SelectorError

from aggregator.parser import vocab
from aggregator.parser.body.container import candidates
from aggregator.parser.body.ld_text import ld_body_if_richer, page_summary
from aggregator.parser.body.lead import capital_label, lead_paragraphs
from aggregator.parser.body.lines import byline_lines, filter_blocks
from aggregator.parser.body.measure import vlen
from aggregator.parser.body.parts import parts_of
from aggregator.parser.body.vote import vote
from aggregator.parser.body.walk import emit_blocks
from aggregator.parser.scope import within
from aggregator.parser.text import text_of
from aggregator.parser.view import Found, PageView


def container_body(view: PageView) -> Found | None:
    """The container walk; JSON-LD ``articleBody`` instead when the walk missed much of it.

    Candidates are tried best first: one whose walk keeps little of its text (the
    walk skipped it as a cookie box, a teaser list, a hidden popup) yields to the
    next, and the candidate that gave the most text wins.
    """
    paragraphs, view.body_parts = _walk_candidates(view)
    lead = lead_paragraphs(view, view.body_parts)
    if lead:
        # The header's dek printed again as the lead picture's caption: read once.
        printed = {p for p in lead if len(p) >= vocab.REPEAT_MIN_CHARS}
        paragraphs = lead + [p for p in paragraphs if p not in printed]
    if len(paragraphs) > 1 and capital_label(paragraphs, view):
        del paragraphs[0]  # "BREAKING NEWS" over the text: a label, not its first line
    from_ld = ld_body_if_richer(view.ld, paragraphs, page_summary(view))
    if from_ld:
        return from_ld, "json-ld"
    return paragraphs, "heuristic"


def declared_parts(view: PageView) -> frozenset[etree._Element]:
    """The elements the page's JSON-LD article names as parts of its text (``hasPart``
    with a ``cssSelector``): the paywalled part of Google's flexible-sampling markup, whose
    own example classes it ``paywall``, a word that otherwise marks a subscription box."""
    parts = view.ld.get("hasPart") if view.ld else None
    found: set[etree._Element] = set()
    for part in parts if isinstance(parts, list) else [parts]:
        selectors = part.get("cssSelector") if isinstance(part, dict) else None
        for selector in selectors if isinstance(selectors, list) else [selectors]:
            if not isinstance(selector, str) or not _simple_selector(selector):
                continue
            try:
                found.update(CSSSelector(selector)(view.root))
            except (SelectorError, etree.XPathError):
                continue  # the page's markup, not ours: a bad selector names nothing
    # Furniture by its tag (an aside, a nav, a figure) is no text whatever a sweeping
    # selector ("*", "div") names.
    return frozenset(
        el for el in found if isinstance(el, etree._Element) and el.tag not in vocab.SKIP_TAGS
    )


# One selector of Google's paywall markup: a class or an id, after a tag or not
# (".paywall", "#premium", "div.locked"), or a tag alone. Anything else the page writes
# is not evaluated: nesting (":is(:is(…))") overflows cssselect's recursion, and
# sibling combinators ("div ~ div ~ div") over thousands of blocks take minutes.
_SIMPLE_SELECTOR = re.compile(r"\s*(?:(?:[a-zA-Z][\w-]*|\*)(?:[.#][\w-]+)*|(?:[.#][\w-]+)+)\s*")
_SELECTOR_MAX_CHARS = 500


def _simple_selector(selector: str) -> bool:
    """A short list of simple selectors, comma-separated (``.paywall, #locked``)."""
    return len(selector) <= _SELECTOR_MAX_CHARS and all(
        _SIMPLE_SELECTOR.fullmatch(part) for part in selector.split(",")
    )


def _walk_candidates(view: PageView) -> tuple[list[str], list[etree._Element]]:
    root = view.root
    skip = view.found_apart() | _before_the_story(view)
    scores = vote(root)
    keep = declared_parts(view)
    byline = byline_lines(view.article)
    best: tuple[list[str], list[etree._Element]] = ([], [])
    best_kept = 0
    walked = 0
    for score, el in candidates(root, scores):
        parts = parts_of(root, el, score, scores)
        paragraphs = filter_blocks(
            emit_blocks(parts, skip, keep), view.article.headline, byline, credit_notes=True
        )
        if not paragraphs and not walked and _holds_lead(view, el):
            # The story's block holds no text but its lead box (a video's or a podcast's
            # description, a brief's summary): that box is the text. Walking on to the
            # next candidate would find the page's furniture (a date bar, a ticker).
            lead_text = emit_blocks(parts, skip - {view.lead_element}, keep)
            paragraphs = filter_blocks(lead_text, view.article.headline, byline, credit_notes=True)
            if paragraphs:
                view.lead_is_body = True
                return paragraphs, parts
        kept = sum(len(p) for p in paragraphs)
        if kept > best_kept:
            best, best_kept = (paragraphs, parts), kept
        if kept >= vocab.WALK_ENOUGH_CHARS or kept >= vocab.WALK_ENOUGH_SHARE * vlen(text_of(el)):
            break
        walked += kept > 0  # a candidate that keeps nothing was all boilerplate: not a try
        if walked >= vocab.CANDIDATES_WALKED:
            break
    return best


def _holds_lead(view: PageView, el: etree._Element) -> bool:
    """``el`` holds the standfirst's lead box and the headline: the story's own block."""
    lead, h1 = view.lead_element, view.headline_element
    return lead is not None and within(lead, el) and (h1 is None or within(h1, el))


def _before_the_story(view: PageView) -> set[etree._Element]:
    """What the page prints before the ``<article>`` or ``<main>`` that holds the headline,
    outside it: the page's chrome (a date bar, a ticker, a tagline), never the text. A
    walk from a wider candidate (the ``<body>``) would read it on a page whose story
    block holds little text of its own (a gallery, a video)."""
    h1 = view.headline_element
    story = next(h1.iterancestors("article", "main"), None) if h1 is not None else None
    before: set[etree._Element] = set()
    node = story
    while node is not None and node.getparent() is not None:
        before.update(node.itersiblings(preceding=True))
        node = node.getparent()
    return before
