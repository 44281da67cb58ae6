"""Article extraction: ``extract(html, url) -> Article``.

A pipeline of small steps over one lxml tree: ``tree`` (parse once, precompute
meta tags and JSON-LD), ``metadata``, ``byline``, ``dates``, ``related``,
``body``; ``urls`` canonicalises. See docs/parser.md.
"""

from __future__ import annotations

from aggregator.parser.fields import ExtractionError, extract

__all__ = ["ExtractionError", "extract"]
