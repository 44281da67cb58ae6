"""newsagg: a news scraper and aggregator."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # their signatures, for a type checker; at run time they load lazily
    from aggregator.parser import ExtractionError, extract

__all__ = ["ExtractionError", "extract"]


def __getattr__(name: str) -> Any:
    # Lazy: importing aggregator (e.g. for the config or the CLI) must not pay for lxml.
    if name in __all__:
        import aggregator.parser

        return getattr(aggregator.parser, name)
    raise AttributeError(f"module 'aggregator' has no attribute {name!r}")
