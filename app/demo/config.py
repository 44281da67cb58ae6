"""The demo as data: an ordinary config of 127.0.0.1 feed, sitemap and listing URLs.

No crawling module knows the demo network exists: ``aggregator demo`` serves
the network and then crawls the sources of a config like any other. The
shipped ``config.yaml`` is :func:`demo_config_yaml` for base port 8801, comments
included (``aggregator demo --print-config > config.yaml`` writes it;
tests/test_shipped_config.py keeps the two equal byte for byte), and tests render
the same config for a network on random ports.

Configs written before the demo became data named an outlet
(``demo_outlet: wirewire``) instead of its URLs; :func:`upgrade_demo_outlets`
rewrites those keys on load, with a deprecation notice, until 0.3.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from app.demo.content import outlet_specs
from app.demo.server import discovery_urls

DEFAULT_BASE_PORT = 8801
HOST = "127.0.0.1"

# The demo outlets answer at once: no delay needed, and small bounds are plenty.
_POLITENESS = {
    "download_delay": 0,
    "concurrency_per_domain": 8,
    "autothrottle": False,
    "obey_robots": True,
}
_LIMITS = {
    "max_pages": 200,
    "max_depth": 2,
    "run_timeout": "5m",
    "download_timeout": 10,
    "max_page_bytes": 4194304,
    # The demo's articles carry fixed dates, years old: no age limit, whatever a
    # config's defaults say (a source's limits are merged over them key by key).
    "max_age": None,
}
# What single outlets add: the city paper's home page links a robots-disallowed
# page and is paginated; the county paper has a per-source Python parser.
_EXTRA: dict[str, dict[str, Any]] = {
    "plainpost": {"link_rules": {"deny": ["/private/"], "max_pagination": 5}},
    "valleygazette": {"parser": "app.demo.parsers:ValleyGazetteV1"},
}


def demo_sources(base_port: int = DEFAULT_BASE_PORT) -> list[dict[str, Any]]:
    """The sources of the demo network on ``base_port``, as config mappings."""
    sources = []
    for spec in outlet_specs():
        urls = discovery_urls(spec.name, base_port, HOST)
        source: dict[str, Any] = {"name": spec.name, "site_name": spec.site_name}
        source.update({kind: found for kind, found in urls.items() if found})
        source.update(_EXTRA.get(spec.name, {}))
        source["politeness"] = dict(_POLITENESS)
        source["limits"] = dict(_LIMITS)
        sources.append(source)
    return sources


_HEADER = """\
# newsagg configuration. Validated once on load: an unknown key, a wrong type,
# a bad URL or schedule stops everything with one line naming the field.
# Full reference: docs/configuration.md. No user_agent: the built-in one names
# this version of newsagg (newsagg/<version> (+project URL)); set one to override it.
# This file is what `aggregator demo --print-config` prints (app/demo/config.py;
# tests/test_config.py keeps the two equal byte for byte).

"""

# Only what differs from the built-in defaults (docs/configuration.md lists them all),
# each with why: a default changed in the model reaches the shipped config by itself.
_DEFAULTS = """\
defaults:  # only what differs from the built-ins (docs/configuration.md), and why
  schedule:
    jitter: 1m     # sources sharing a schedule do not all start in the same second
  limits:
    max_age: 7d    # a monitor wants this week's news: older sitemap entries are not crawled

"""

_DEMO_BANNER = """\
sources:
  # --- the demo network (no internet needed) -----------------------------------
  # Five fake outlets that `aggregator demo` serves on 127.0.0.1:{first}-{last} and
  # then crawls through these ordinary sources (`aggregator demo --print-config`
  # prints them for another port). They differ on purpose: a feed, a news
  # sitemap, a paginated home page, both, and a per-source Python parser.
"""

_EXAMPLE = """\

  # --- how a real source is written (uncomment and adapt) ----------------------
  # - name: example-news
  #   site_name: Example News
  #   feeds:
  #     - https://www.example.com/rss/world.xml
  #   sitemaps:
  #     - https://www.example.com/sitemap-news.xml     # news sitemaps, indexes, .xml.gz
  #   start_pages:
  #     - https://www.example.com/world/
  #   link_rules:
  #     allow: ["^https://www\\\\.example\\\\.com/world/"]
  #     deny: ["/video/", "/live/"]
  #     article_pattern: "/\\\\d{4}/\\\\d{2}/\\\\d{2}/"
  #     max_pagination: 3
  #   allowed_domains: [www.example.com]
  #   schedule:
  #     cron: "*/15 6-23 * * *"
  #     timezone: Europe/London
  #     jitter: 2m
  #   politeness:
  #     download_delay: 2.0
  #     concurrency_per_domain: 1
  #   parser: parsers/example_news.py:ExampleNews   # path/to/file.py:Name or module:Name
  #   selectors:                       # CSS by default; prefix "xpath:" for XPath
  #     headline: "h1.article-title"
  #     byline: ".byline__name"
  #     published_at: "xpath://time[@itemprop='datePublished']/@datetime"
  #     body: "div.article-body > p"
  #     remove: [".newsletter-signup", "aside.related"]
"""


def demo_config_yaml(base_port: int, database: Path | str, extra: str = "") -> str:
    """A whole config for the demo network on ``base_port`` storing into ``database``,
    comments included: for 8801 and ``data/news.db``, the shipped ``config.yaml``."""
    sources = "".join(
        "".join(
            f"  {line}\n"
            for line in yaml.safe_dump(
                [source], sort_keys=False, allow_unicode=True, default_flow_style=None, width=1000
            ).splitlines()
        )
        for source in demo_sources(base_port)
    )
    return (
        _HEADER
        + yaml.safe_dump({"database": str(database)}, allow_unicode=True)
        + "\n"
        + _DEFAULTS
        + _DEMO_BANNER.format(first=base_port, last=base_port + len(outlet_specs()) - 1)
        + sources
        + _EXAMPLE
        + extra
    )


def upgrade_demo_outlets(raw: dict[str, Any]) -> list[str]:
    """Rewrite ``demo_outlet`` (and the ``demo:`` section) of an older config into URLs.

    Deprecated in 0.2, removed in 0.3: one notice per deprecated key (not per source
    naming it) says what to write instead.
    """
    notices: list[str] = []
    demo = raw.pop("demo", None)
    base_port = _base_port_in(demo)
    if isinstance(demo, dict):
        notices.append(
            "'demo:' is deprecated (the demo network is an ordinary config now)"
            + (
                f"; until 0.3 'aggregator demo' serves the network on its base_port "
                f"{base_port}: write 'aggregator demo --port {base_port}' instead"
                if "base_port" in demo
                else ""
            )
        )
    known = {spec.name for spec in outlet_specs()}
    naming: list[str] = []
    for index, source in enumerate(raw.get("sources") or []):
        if not isinstance(source, dict) or "demo_outlet" not in source:
            continue
        outlet = source.pop("demo_outlet")
        if outlet not in known:
            source["demo_outlet"] = outlet  # left for validation to name as unknown
            continue
        for kind, urls in discovery_urls(outlet, base_port, HOST).items():
            if urls:
                source[kind] = list(source.get(kind) or []) + urls
        if outlet == "valleygazette":
            source.setdefault("parser", _EXTRA["valleygazette"]["parser"])
        naming.append(f"sources[{index}]")
    if naming:
        notices.append(
            f"demo_outlet is deprecated ({', '.join(naming)}): list each outlet's URLs "
            "instead (`aggregator demo --print-config` prints them)"
        )
    return notices


def deprecated_base_port(path: Path) -> int | None:
    """The deprecated ``demo.base_port`` of the config file ``path``, or None when it names
    none (or cannot be read: loading it says why). ``aggregator demo`` serves the network
    there, where the file's ``demo_outlet`` sources were pointed on load."""
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, yaml.YAMLError):
        return None
    demo = raw.get("demo") if isinstance(raw, dict) else None
    if not isinstance(demo, dict) or "base_port" not in demo:
        return None
    return _base_port_in(demo)


def _base_port_in(demo: object) -> int:
    """The base port a ``demo:`` section names (the default without one)."""
    if not isinstance(demo, dict):
        return DEFAULT_BASE_PORT
    return int(demo.get("base_port", DEFAULT_BASE_PORT))
