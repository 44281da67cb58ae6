"""Turning the validated config into Scrapy settings, and running crawls.

This is the one place where config.yaml values become Scrapy settings.
A process can start the Twisted reactor only once, so ``run_crawls`` runs all
requested sources in one reactor; the daemon runs each crawl in a child
process for the same reason.
"""

from __future__ import annotations

from contextlib import ExitStack
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from aggregator.config import Config, Source


def settings_for_source(config: Config, source: Source) -> dict[str, Any]:
    """Scrapy settings for one source's crawl, from its politeness and limits."""
    politeness = config.politeness_for(source)
    limits = config.limits_for(source)
    return {
        "USER_AGENT": config.user_agent,
        "ROBOTSTXT_OBEY": politeness.obey_robots,
        "DOWNLOAD_DELAY": politeness.download_delay,
        "CONCURRENT_REQUESTS_PER_DOMAIN": politeness.concurrency_per_domain,
        "AUTOTHROTTLE_ENABLED": politeness.autothrottle,
        "AUTOTHROTTLE_START_DELAY": max(politeness.download_delay, 0.1),
        "DOWNLOAD_TIMEOUT": limits.download_timeout,
        "DOWNLOAD_MAXSIZE": limits.max_page_bytes,
        "DOWNLOAD_WARNSIZE": min(limits.max_page_bytes, 4 * 1024 * 1024),
        "DEPTH_LIMIT": limits.max_depth + 2,  # feed/sitemap index levels come on top
        "URLLENGTH_LIMIT": limits.max_url_length,
        "CLOSESPIDER_PAGECOUNT": limits.max_pages,
        "CLOSESPIDER_TIMEOUT": limits.run_timeout.total_seconds(),
    }


@dataclass(frozen=True)
class CrawlOutcome:
    source: str
    finish_reason: str
    stats: dict[str, Any]


def run_crawls(
    config: Config, source_names: list[str], db_path: Path, *, run_id: int | None = None
) -> list[CrawlOutcome]:
    """Crawl the named sources in this process (one reactor), storing into ``db_path``.

    ``run_id`` is a ``crawl_runs`` row created by the caller (the daemon) for a
    single source; without it each crawl records its own row.
    """
    from scrapy.crawler import CrawlerProcess
    from scrapy.utils.project import get_project_settings

    from spiders.news import NewsSpider

    sources = [config.source(name) for name in source_names]
    settings = get_project_settings()
    if not settings.get("BOT_NAME") == "newsagg":
        settings.setmodule("spiders.settings", priority="project")
    process = CrawlerProcess(settings)
    crawlers = []
    with ExitStack() as stack:
        if any(s.demo_outlet for s in sources):
            stack.enter_context(demo_network_for(config))
        for source in sources:
            crawler = process.create_crawler(NewsSpider)
            crawlers.append((source.name, crawler))
            process.crawl(
                crawler, source=source.name, config=config, db_path=str(db_path), run_id=run_id
            )
        process.start()
    return [
        CrawlOutcome(
            source=name,
            finish_reason=str(crawler.stats.get_value("finish_reason", "unknown")),
            stats=dict(crawler.stats.get_stats()),
        )
        for name, crawler in crawlers
    ]


def demo_network_for(config: Config):  # type: ignore[no-untyped-def]
    """The demo network on the configured ports: reused if another process serves it."""
    from contextlib import nullcontext

    from aggregator.demo import DemoNetwork, is_running

    if is_running(config.demo.base_port, config.demo.host):
        return nullcontext()
    return DemoNetwork(base_port=config.demo.base_port, host=config.demo.host).start()
