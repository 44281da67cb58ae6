"""Bylines: the article's authors (person names) and credits (agencies, outlets), read
from JSON-LD, the visible byline, meta tags or the feed, and a byline line split into
the two.

The modules, each importing only those above it:
``agencies`` (which words name an agency or an organisation; a dateline's agency),
``names`` (what a person's name looks like; a surname-first name turned round),
``cleanup`` (what is cut from a line and from each of its parts before names are read),
``classify`` (where one part belongs: an author, a credit, or nowhere),
``split`` (``split_byline``: a line into its parts, each classified),
``jsonld`` (the names and logins a JSON-LD ``author`` declares),
``dom_rules`` (the five rules that find byline candidates in the page),
``candidates`` (which candidates are the article's, nearest the headline first),
``publishers`` (the site's and publisher's names, moved from the authors to the credits),
``chain`` (``find_authors``: the sources in trust order, and the feed's authors).
"""

from __future__ import annotations

from aggregator.parser.byline.agencies import closing_credit, dateline_credit, same_agency
from aggregator.parser.byline.candidates import (
    BylineCandidates,
    find_byline_dom,
    find_named_byline_dom,
)
from aggregator.parser.byline.chain import decide_authors, feed_authors, find_authors
from aggregator.parser.byline.jsonld import names_from_jsonld
from aggregator.parser.byline.split import split_byline

__all__ = [
    "BylineCandidates",
    "closing_credit",
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
