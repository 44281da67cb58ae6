"""Main text: find the article's container, then walk it once emitting paragraphs.

The steps are moving into modules of their own; for now ``lines`` holds them all.
"""

from __future__ import annotations

from aggregator.parser.body.lines import (
    container_body,
    densest_block,
    emit_blocks,
    filter_blocks,
    ld_article_body,
    meta_description,
    remove_junk,
)

__all__ = [
    "container_body",
    "densest_block",
    "emit_blocks",
    "filter_blocks",
    "ld_article_body",
    "meta_description",
    "remove_junk",
]
