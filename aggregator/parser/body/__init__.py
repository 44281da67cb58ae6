"""Main text: find the article's container, then walk it once emitting paragraphs and
skipping boilerplate (share bars, ads, newsletter boxes, related lists, author
profiles, captions, comments, paywall prompts).

Container choice is readability-style scoring of text blocks, computed in one pass
over the tree; the emission is one ``iterwalk`` over the chosen container, so the cost
stays linear in the page size. ``fields.body_field`` runs the rules in order, after an
operator's selectors: ``container_body``, ``densest_block``, ``ld_article_body``,
``gallery_captions``, ``meta_description``.

The modules, each importing only those above it: ``measure`` (visible length, link
text, words), ``boilerplate`` (never-text elements removed; furniture by tag, class,
role, hiding), ``vote`` (the readability scores and ranked candidates), ``container``
(which blocks may hold the text; eligible candidates best first), ``parts`` (siblings
and twins that continue the container), ``inline`` (inline elements that are words of
a sentence, or not), ``walk`` (the one walk emitting blocks), ``lines`` (the line
filters: labels, bylines, date stamps, credits, calls to action), ``lead`` (the text's
opening before the container), ``ld_text`` (JSON-LD ``articleBody`` as paragraphs),
``heuristic`` (the walk's rule), ``fallback`` (the last resorts).
"""

from __future__ import annotations

from aggregator.parser.body.boilerplate import remove_junk
from aggregator.parser.body.fallback import (
    densest_block,
    gallery_captions,
    ld_article_body,
    meta_description,
)
from aggregator.parser.body.heuristic import container_body
from aggregator.parser.body.lines import closing_note_credits, filter_blocks
from aggregator.parser.body.walk import emit_blocks

__all__ = [
    "closing_note_credits",
    "container_body",
    "densest_block",
    "emit_blocks",
    "filter_blocks",
    "gallery_captions",
    "ld_article_body",
    "meta_description",
    "remove_junk",
]
