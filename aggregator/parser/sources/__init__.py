"""Per-source Python parsers for the pages the automatic rules get wrong.

See ``base.py`` for the declarative base and docs/parser.md ("Per-source
parsers") for how to write one. Each publisher module registers its versions
when imported; add new modules to the import list below.
"""

from __future__ import annotations

from aggregator.parser.sources import valleygazette  # noqa: F401  (registers its versions)
from aggregator.parser.sources.base import (
    PROVENANCE,
    REGISTRY,
    SourceParser,
    SourceParserError,
    apply_source_parser,
    attribute,
    parser_for,
    register,
)

__all__ = [
    "PROVENANCE",
    "REGISTRY",
    "SourceParser",
    "SourceParserError",
    "apply_source_parser",
    "attribute",
    "parser_for",
    "register",
]
