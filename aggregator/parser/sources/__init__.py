"""Per-source Python parsers for the pages the automatic rules get wrong.

``base.py`` holds the declarative base; a source's config names its parser
(``sources[].parser``), as docs/parser.md ("Per-source parsers") shows. No
parser is registered by importing this package.
"""

from __future__ import annotations

from aggregator.errors import SourceParserError
from aggregator.parser.sources.base import (
    PROVENANCE,
    SourceParser,
    Versions,
    apply_source_parser,
    attribute,
    load_parser,
    version_for,
)

__all__ = [
    "PROVENANCE",
    "SourceParser",
    "SourceParserError",
    "Versions",
    "apply_source_parser",
    "attribute",
    "load_parser",
    "version_for",
]
