"""``aggregator crawl`` and ``aggregator demo``: crawls in this process or in children.

:mod:`spiders.runner` runs crawls in this process (one reactor); this module
adds what a command needs around that: refusing before any HTTP request when
nothing could be stored, one source split over several processes, and the
summary lines.
"""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from aggregator.config import Config
from aggregator.discovery import plan_for
from spiders.runner import CrawlOutcome, plan_crawls, run_crawls
from storage.db import check_writable, open_db
from storage.runs import NORMAL_FINISH_REASONS


def ensure_writable(config: Config) -> None:
    """Raise DatabaseError now, before any request, if the database cannot take writes."""
    db = open_db(config.database)
    try:
        check_writable(db)
    finally:
        db.close()


def crawl(
    config: Config,
    names: list[str],
    *,
    run_id: int | None = None,
    shard: tuple[int, int] | None = None,
    settings: dict[str, Any] | None = None,
) -> list[CrawlOutcome]:
    """Crawl the named sources in this process and store what they publish.

    A crawl that cannot start raises its error (DatabaseError, SourceParserError)
    before it has sent any request.
    """
    return run_crawls(config, names, run_id=run_id, shard=shard, extra_settings=settings)


def failed(outcomes: list[CrawlOutcome]) -> list[CrawlOutcome]:
    """Crawls that did not end normally (a page or time cap is a normal end)."""
    return [o for o in outcomes if o.finish_reason not in NORMAL_FINISH_REASONS]


def summary_line(outcome: CrawlOutcome) -> str:
    s = outcome.stats
    return (
        f"{outcome.source}: {outcome.finish_reason}; "
        f"{s.get('newsagg/articles_fetched', 0)} article pages fetched, "
        f"{s.get('newsagg/articles_new', 0)} new, {s.get('newsagg/articles_updated', 0)} updated, "
        f"{s.get('newsagg/articles_skipped_known', 0)} already stored"
    )


def dry_run_lines(config: Config, names: list[str], log_level: str) -> Iterator[str]:
    """Each source's discovery URLs, then the article URLs a crawl would fetch now."""
    for name in names:
        plan = plan_for(config.source(name))
        for kind, urls in (
            ("feeds", plan.feeds),
            ("sitemaps", plan.sitemaps),
            ("start_pages", plan.start_pages),
        ):
            for url in urls:
                yield f"{name}\t{kind}\t{url}"
    # Fetches feeds, sitemaps and listing pages only.
    for planned in plan_crawls(config, names, extra_settings={"LOG_LEVEL": log_level}):
        yield f"{planned.source}\tarticle ({planned.reason})\t{planned.url}"


def shard_command(
    config_path: Path,
    db_path: Path,
    source: str,
    shard: tuple[int, int],
    log_level: str = "WARNING",
    settings: dict[str, Any] | None = None,
) -> list[str]:
    """The command line of one shard's crawl process."""
    extra = [arg for k, v in (settings or {}).items() for arg in ("--set", f"{k}={v}")]
    return [
        sys.executable, "-m", "app", "--config", str(config_path), "--db", str(db_path),
        "--log-level", log_level, "crawl", "--shard", f"{shard[0]}/{shard[1]}", *extra, source,
    ]  # fmt: skip


def crawl_in_processes(
    config: Config,
    source: str,
    processes: int,
    *,
    log_level: str = "WARNING",
    timeout: float | None = None,
) -> list[int]:
    """Crawl one source with ``processes`` children splitting its article URLs; exit codes.

    A Scrapy process uses one core and parsing wants more. Each child fetches
    the source's feeds, sitemaps and listing pages (cheap) and the article URLs
    of its shard; all write to the same database (SQLite serialises the
    writes; dedup reads inside the write transaction), each recording its own
    ``crawl_runs`` row.
    """
    ensure_writable(config)
    if config.path is None:
        raise ValueError("crawl_in_processes needs a config read from a file")
    commands = [
        shard_command(config.path, config.database, source, (i, processes), log_level)
        for i in range(processes)
    ]
    children = [subprocess.Popen(command, stdin=subprocess.DEVNULL) for command in commands]
    codes = []
    for child in children:
        try:
            codes.append(child.wait(timeout=timeout))
        except subprocess.TimeoutExpired:
            child.terminate()
            codes.append(child.wait())
    return codes


def totals(outcomes: list[CrawlOutcome], key: str) -> int:
    return sum(int(o.stats.get(key, 0)) for o in outcomes)
