"""Bylines: the rules move from ``byline.py`` into this package, one module per step.

This first step moves the file whole; the next one splits it by job.
"""

from __future__ import annotations

from aggregator.parser.byline.classify import (
    BylineCandidates,
    dateline_credit,
    decide_authors,
    feed_authors,
    find_authors,
    find_byline_dom,
    find_named_byline_dom,
    names_from_jsonld,
    same_agency,
    split_byline,
)

__all__ = [
    "BylineCandidates",
    "dateline_credit",
    "decide_authors",
    "feed_authors",
    "find_authors",
    "find_byline_dom",
    "find_named_byline_dom",
    "names_from_jsonld",
    "same_agency",
    "split_byline",
]
