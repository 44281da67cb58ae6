"""The kinds of URL a crawl starts from are named once (``DISCOVERY_KINDS``), and every
place that wants all of a source's start URLs asks ``Source.discovery_urls`` or
``DiscoveryPlan.urls`` instead of adding the kinds up itself.

QA stop 46 (newcomer, finding 6): ``feeds + sitemaps + start_pages`` was spelled in nine
places, so a new kind (OPML outlines) would have had to be added to each.
"""

from __future__ import annotations

import dataclasses

from aggregator.config import DISCOVERY_KINDS, Source
from aggregator.config.values import HttpUrl
from aggregator.discovery import plan_for
from aggregator.discovery.plan import DiscoveryPlan


def test_every_url_list_of_a_source_is_a_discovery_kind() -> None:
    url_lists = {name for name, f in Source.model_fields.items() if f.annotation == list[HttpUrl]}
    assert url_lists == set(DISCOVERY_KINDS)
    plan_lists = {f.name for f in dataclasses.fields(DiscoveryPlan) if f.name != "scope"}
    assert plan_lists == set(DISCOVERY_KINDS)


def test_a_sources_discovery_urls_are_each_kinds_in_turn() -> None:
    source = Source(
        name="harbour",
        start_pages=["https://harbour.example/news/"],
        sitemaps=["https://harbour.example/sitemap.xml"],
        feeds=["https://harbour.example/rss.xml", "https://wire.example:8443/feed"],
    )
    assert source.discovery_urls == [
        "https://harbour.example/rss.xml",
        "https://wire.example:8443/feed",
        "https://harbour.example/sitemap.xml",
        "https://harbour.example/news/",
    ]
    plan = plan_for(source)
    assert plan.urls == [url for _, urls in plan.by_kind for url in urls]
    assert [kind for kind, _ in plan.by_kind] == list(DISCOVERY_KINDS)
    assert len(plan.urls) == 4
    # The scope is every discovery URL's host and port.
    assert plan.scope.allows("https://wire.example:8443/2026/story")
