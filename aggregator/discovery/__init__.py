"""Finding article URLs: feeds, sitemaps, robots.txt and link rules (being split by job)."""

from __future__ import annotations

from aggregator.discovery.feeds import (
    DEFAULT_PORTS,
    FEED_LINK_TYPES,
    SKIP_REASONS,
    DeclaredFeeds,
    DiscoveredLink,
    DiscoveryPlan,
    DocumentEntries,
    LinkClassifier,
    Scope,
    feeds_declared,
    host_in_domains,
    host_port,
    maybe_gunzip,
    parse_feed,
    parse_json_feed,
    parse_sitemap,
    plan_for,
    sitemaps_from_robots,
    split_host_port,
)

__all__ = [
    "DEFAULT_PORTS",
    "FEED_LINK_TYPES",
    "SKIP_REASONS",
    "DeclaredFeeds",
    "DiscoveredLink",
    "DiscoveryPlan",
    "DocumentEntries",
    "LinkClassifier",
    "Scope",
    "feeds_declared",
    "host_in_domains",
    "host_port",
    "maybe_gunzip",
    "parse_feed",
    "parse_json_feed",
    "parse_sitemap",
    "plan_for",
    "sitemaps_from_robots",
    "split_host_port",
]
