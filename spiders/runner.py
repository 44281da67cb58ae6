"""Turning the validated config into Scrapy settings, and running crawls.

This is the one place where config.yaml values become Scrapy settings.
A process can start the Twisted reactor only once, so ``run_crawls`` runs all
requested sources in one reactor; the daemon runs each crawl in a child
process for the same reason.

* ``run_crawls`` – crawl and store (``aggregator crawl``).
* ``plan_crawls`` – a dry run: fetch feeds, sitemaps and listing pages, return
  the article URLs a crawl would fetch, fetch none of them, write nothing.
* ``run_parallel`` – one source crawled by N child processes that split the
  article URLs between them (``python -m spiders.runner --shard i/n``), to use
  more than the one core a Scrapy process can.
"""

from __future__ import annotations

import argparse
import gc
import subprocess
import sys
from contextlib import ExitStack
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from aggregator.config import Config, Source

if TYPE_CHECKING:
    from spiders.news import PlannedFetch


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
        # Close gracefully a little before the daemon's hard limit kills the crawl.
        "CLOSESPIDER_TIMEOUT": 0.9 * limits.run_timeout.total_seconds(),
        "NEWSAGG_MAX_RETRY_AFTER": limits.max_retry_after.total_seconds(),
    }


@dataclass(frozen=True)
class CrawlOutcome:
    source: str
    finish_reason: str
    stats: dict[str, Any]


def run_crawls(
    config: Config,
    source_names: list[str],
    db_path: Path,
    *,
    run_id: int | None = None,
    shard: tuple[int, int] | None = None,
    extra_settings: dict[str, Any] | None = None,
) -> list[CrawlOutcome]:
    """Crawl the named sources in this process (one reactor), storing into ``db_path``.

    ``run_id`` is a ``crawl_runs`` row created by the caller (the daemon) for a
    single source; without it each crawl records its own row. ``shard`` (i, n)
    fetches only the article URLs whose hash is i modulo n. ``extra_settings``
    override Scrapy settings (benchmarks: ``NEWSAGG_PROCESS_PAGES=False``).
    """
    outcomes, _ = _run(
        config, source_names, db_path, run_id=run_id, shard=shard, extra_settings=extra_settings
    )
    return outcomes


def plan_crawls(config: Config, source_names: list[str], db_path: Path) -> list[PlannedFetch]:
    """Dry run: the article URLs a crawl of each source would fetch now.

    Fetches robots.txt, feeds, sitemaps and listing pages (politely, as a crawl
    would), never an article page; reads the database (if it exists) to leave
    out what is stored and unchanged; writes nothing, records no crawl run.
    """
    _, planned = _run(
        config, source_names, db_path, dry_run=True, extra_settings={"ITEM_PIPELINES": {}}
    )
    return planned


def _run(
    config: Config,
    source_names: list[str],
    db_path: Path,
    *,
    run_id: int | None = None,
    shard: tuple[int, int] | None = None,
    extra_settings: dict[str, Any] | None = None,
    dry_run: bool = False,
) -> tuple[list[CrawlOutcome], list[PlannedFetch]]:
    from scrapy.crawler import CrawlerProcess
    from scrapy.utils.project import get_project_settings

    from aggregator.discovery import plan_for
    from spiders.news import NewsSpider

    sources = [config.source(name) for name in source_names]
    settings = get_project_settings()
    if not settings.get("BOT_NAME") == "newsagg":
        settings.setmodule("spiders.settings", priority="project")
    if extra_settings:
        settings.setdict(extra_settings, priority="cmdline")
    # The process-wide resolver lets these through on private addresses (the demo, tests).
    settings.set(
        "NEWSAGG_TRUSTED_HOSTS",
        sorted({d for s in sources for d in plan_for(s, config).allowed_domains}),
        priority="cmdline",
    )
    process = CrawlerProcess(settings)
    crawlers = []
    with ExitStack() as stack:
        if any(s.demo_outlet for s in sources):
            stack.enter_context(demo_network_for(config))
        for source in sources:
            crawler = process.create_crawler(NewsSpider)
            crawlers.append((source.name, crawler))
            process.crawl(
                crawler,
                source=source.name,
                config=config,
                db_path=str(db_path),
                run_id=run_id,
                shard=shard,
                dry_run=dry_run,
            )
        _tune_gc_for_crawling()
        process.start()
    outcomes = [
        CrawlOutcome(
            source=name,
            finish_reason=_finish_reason(crawler.stats),
            stats=dict(crawler.stats.get_stats()),
        )
        for name, crawler in crawlers
    ]
    planned = [p for _, crawler in crawlers for p in getattr(crawler.spider, "planned", [])]
    return outcomes, planned


def _finish_reason(stats: Any) -> str:
    # A storage failure in the flush at close comes after Scrapy chose its reason.
    if stats.get_value("newsagg/storage_failed"):
        return "storage_failed"
    return str(stats.get_value("finish_reason", "unknown"))


def _tune_gc_for_crawling() -> None:
    """Collect the young generation less often and never rescan what start-up built.

    A crawl allocates many short-lived objects per page next to a large,
    long-lived heap (imports, Scrapy's request queue): with the default
    thresholds, cyclic collections took about 2.5 % of a full crawl's CPU.
    """
    gc.freeze()
    gc.set_threshold(20_000, 50, 100)


def shard_command(
    config_path: Path,
    db_path: Path,
    source: str,
    shard: tuple[int, int],
    extra_settings: dict[str, Any] | None = None,
) -> list[str]:
    """The command line of one shard's crawl process."""
    command = [
        sys.executable,
        "-m",
        "spiders.runner",
        "--config",
        str(config_path),
        "--db",
        str(db_path),
        "--shard",
        f"{shard[0]}/{shard[1]}",
    ]
    for key, value in (extra_settings or {}).items():
        command += ["--set", f"{key}={value}"]
    return command + [source]


def run_parallel(
    config_path: Path,
    db_path: Path,
    source: str,
    processes: int,
    *,
    timeout: float | None = None,
    extra_settings: dict[str, Any] | None = None,
) -> list[int]:
    """Crawl one source with ``processes`` child processes splitting its article URLs.

    Each child fetches the source's feeds, sitemaps and listing pages (cheap)
    and the article URLs of its shard; all write to the same database (SQLite
    serialises the writes; dedup reads inside the write transaction). Each
    records its own ``crawl_runs`` row. Returns the exit codes.
    """
    children = [
        subprocess.Popen(
            shard_command(config_path, db_path, source, (i, processes), extra_settings)
        )
        for i in range(processes)
    ]
    codes = []
    for child in children:
        try:
            codes.append(child.wait(timeout=timeout))
        except subprocess.TimeoutExpired:
            child.terminate()
            codes.append(child.wait())
    return codes


def main(argv: list[str] | None = None) -> int:
    """``python -m spiders.runner --config C --db D [--shard i/n] SOURCE``: one crawl process."""
    from aggregator.config import load_config
    from spiders.news import parse_shard

    parser = argparse.ArgumentParser(prog="python -m spiders.runner")
    parser.add_argument("--config", type=Path, required=True)
    parser.add_argument("--db", type=Path, required=True)
    parser.add_argument("--shard", default=None)
    parser.add_argument("--set", action="append", default=[], help="Scrapy setting NAME=VALUE")
    parser.add_argument("source")
    args = parser.parse_args(argv)
    from aggregator.config import ConfigError
    from storage.db import DatabaseError
    from storage.runs import NORMAL_FINISH_REASONS

    try:
        extra = dict(item.split("=", 1) for item in args.set)
        shard = parse_shard(args.shard)
        config = load_config(args.config)
    except ConfigError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    except ValueError as exc:
        print(f"error: bad --shard or --set value: {exc}", file=sys.stderr)
        return 2
    try:
        outcomes = run_crawls(config, [args.source], args.db, shard=shard, extra_settings=extra)
    except (ConfigError, DatabaseError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1

    return 0 if all(o.finish_reason in NORMAL_FINISH_REASONS for o in outcomes) else 1


def demo_network_for(config: Config):  # type: ignore[no-untyped-def]
    """The demo network on the configured ports: reused if another process serves it."""
    from contextlib import nullcontext

    from app.demo import DemoNetwork, is_running

    if is_running(config.demo.base_port, config.demo.host):
        return nullcontext()
    return DemoNetwork(base_port=config.demo.base_port, host=config.demo.host).start()


if __name__ == "__main__":
    sys.exit(main())
