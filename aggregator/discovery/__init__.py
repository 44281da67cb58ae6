"""Finding article URLs: feeds, sitemaps, robots.txt and link rules, as pure functions.

The spider fetches; these functions say what the fetched feed, sitemap or listing page
points at. Every URL leaves here canonicalised, without tracking parameters, so the same
article is never requested twice under two names.

The modules, each importing only those above it:
``plan`` (``plan_for``: a source's start URLs, and the ``Scope`` of hosts and ports it may reach;
``sites_of``: the sites it fetches from),
``links`` (``LinkClassifier``: the source's link rules on a listing page's links;
``title_hint``: whether a link's text may be a headline),
``entries`` (what a document yields, the skip reasons, an entry's URL and dates),
``xmlread`` (references made readable, declared entities resolved, entries read one at a
time, the first element sniffed),
``declared`` (``feeds_declared``: the feeds an HTML page declares, comments feeds apart),
``jsonfeed`` (``parse_json_feed``: JSON Feed items),
``feeds`` (``parse_feed``: RSS 2.0, RSS 1.0 and Atom entries, and what a non-feed is),
``sitemaps`` (``parse_sitemap``: XML, text and gzipped sitemaps; robots.txt ``Sitemap:`` lines;
``discovery_kind``: whether a document is a feed or a sitemap).
"""

from __future__ import annotations

from aggregator.discovery.declared import feeds_declared
from aggregator.discovery.entries import (
    SKIP_REASONS,
    DeclaredFeeds,
    DiscoveredLink,
    DocumentEntries,
    announces_change,
    merged_hints,
)
from aggregator.discovery.feeds import parse_feed
from aggregator.discovery.links import LinkClassifier, title_hint
from aggregator.discovery.plan import Scope, host_port, plan_for, sites_of
from aggregator.discovery.sitemaps import (
    discovery_kind,
    maybe_gunzip,
    parse_sitemap,
    sitemaps_from_robots,
)

__all__ = [
    "SKIP_REASONS",
    "DeclaredFeeds",
    "DiscoveredLink",
    "DocumentEntries",
    "LinkClassifier",
    "Scope",
    "announces_change",
    "discovery_kind",
    "feeds_declared",
    "host_port",
    "maybe_gunzip",
    "merged_hints",
    "parse_feed",
    "parse_sitemap",
    "plan_for",
    "sitemaps_from_robots",
    "sites_of",
    "title_hint",
]
