"""Article extraction: ``extract(html, url) -> Article``.

A pipeline of small steps over one lxml tree: ``tree`` (parse once, precompute
meta tags and JSON-LD), ``metadata``, ``byline``, ``dates``, ``related``,
``body``; ``urls`` canonicalises. See docs/parser.md.

Lazy, as ``aggregator`` is: importing one submodule (discovery canonicalises URLs with
``aggregator.parser.urls``) does not load every step, the vocabularies and lxml.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from aggregator.parser.fields import ExtractionError, extract

__all__ = ["ExtractionError", "extract"]


def __getattr__(name: str) -> Any:
    if name in __all__:
        from aggregator.parser import fields

        return getattr(fields, name)
    raise AttributeError(f"module 'aggregator.parser' has no attribute {name!r}")
