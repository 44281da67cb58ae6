"""Running crawls in this process: ``run_crawls`` (crawl and store) and ``plan_crawls``.

A process can start the Twisted reactor only once, so ``run_crawls`` runs all
requested sources in one reactor; the daemon, and ``aggregator crawl
--processes N``, run each crawl in a child process for the same reason.

* ``run_crawls`` – crawl and store (``aggregator crawl``).
* ``plan_crawls`` – a dry run: fetch feeds, sitemaps and listing pages, return
  the article URLs a crawl would fetch, fetch none of them, write nothing.
* ``fetch_page`` – one page, through the crawl's downloader (``aggregator extract URL``).
"""

from __future__ import annotations

import gc
import logging
import os
import signal
import stat
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from twisted.python.failure import Failure

import spiders.stats as stat_keys
from aggregator.config import Config, Source
from aggregator.discovery import Scope, plan_for
from aggregator.hygiene import escape_log_records
from spiders.middlewares.hosts import SharedHosts, share_hosts
from spiders.news import NewsSpider, PlannedFetch
from spiders.page import PageFetchError, PageSpider
from spiders.pipelines import CRAWL_CUT_SHORT
from spiders.settings import settings_for_source
from storage.runs import RunStatus

logger = logging.getLogger(__name__)

#: Called about twice a second during a crawl, and once at its end, with (source,
#: article pages done, article pages planned so far); ``aggregator crawl`` draws bars.
ProgressReporter = Callable[[str, int, int], None]
PROGRESS_SECONDS = 0.5
#: In a crawl's stats: the reactor stopped before the crawl closed (a second signal).
STOPPED_AT_ONCE = "newsagg/stopped_at_once"
#: A shard whose parent is gone stops at once this long after the parent's grace period.
ORPHAN_MARGIN = 2.0


@dataclass(frozen=True)
class CrawlOutcome:
    source: str
    finish_reason: str
    stats: dict[str, Any]


def run_crawls(
    config: Config,
    source_names: list[str],
    *,
    run_id: int | None = None,
    shard: tuple[int, int] | None = None,
    extra_settings: dict[str, Any] | None = None,
    refresh: tuple[str, ...] = (),
    progress: ProgressReporter | None = None,
    parent_pipe: int | None = None,
) -> list[CrawlOutcome]:
    """Crawl the named sources in this process (one reactor), storing into ``config.database``.

    ``run_id`` is a ``crawl_runs`` row created by the caller (the daemon) for a
    single source; without it each crawl records its own row. ``shard`` (i, n)
    fetches only the article URLs whose hash is i modulo n. ``extra_settings``
    override Scrapy settings (benchmarks: ``NEWSAGG_PROCESS_PAGES=False``).
    ``refresh`` names article URLs to fetch again (conditionally when stored)
    instead of discovering anything. ``progress`` is told how far each crawl got.
    ``parent_pipe`` is a descriptor the parent process holds open (a shard's stdin): its
    end of file stops the crawl as SIGTERM does (:func:`_stop_at_end_of_file`).
    """
    outcomes, _ = _run(
        config,
        source_names,
        run_id=run_id,
        shard=shard,
        extra_settings=extra_settings,
        refresh=refresh,
        progress=progress,
        parent_pipe=parent_pipe,
    )
    return outcomes


@dataclass(frozen=True)
class DryRun:
    """What a dry run found: the article URLs a crawl would fetch, and each source's stats."""

    planned: list[PlannedFetch]
    outcomes: list[CrawlOutcome]


def plan_crawls(
    config: Config,
    source_names: list[str],
    extra_settings: dict[str, Any] | None = None,
    refresh: tuple[str, ...] = (),
) -> DryRun:
    """Dry run: the article URLs a crawl of each source would fetch now.

    Fetches robots.txt, feeds, sitemaps and listing pages (politely, as a crawl
    would), never an article page; reads the database (if it exists) to leave
    out what is stored and unchanged; writes nothing, records no crawl run.
    Each source's stats hold what discovery left out, by reason.
    """
    # A dry run writes nothing, the kept feeds and sitemaps (discovery_cache) included.
    settings = {**(extra_settings or {}), "ITEM_PIPELINES": {}, "HTTPCACHE_ENABLED": False}
    outcomes, planned = _run(
        config, source_names, dry_run=True, extra_settings=settings, refresh=refresh
    )
    return DryRun(planned, outcomes)


def fetch_page(
    config: Config,
    url: str,
    source: Source | None = None,
    extra_settings: dict[str, Any] | None = None,
) -> tuple[bytes, str, str | None]:
    """One page as a crawl of ``source`` would fetch it: its body, final URL and the
    charset its Content-Type header named (None: none), which the parser reads it in.

    A one-request Scrapy run in this process (``spiders.page``), so
    ``aggregator extract URL`` gets the crawl's address guard, resolver,
    total download timer and size limits. Without ``source`` the config's
    defaults apply and the scope is the URL's own host and port. Raises
    :class:`PageFetchError` with a one-line reason.
    """
    from scrapy.crawler import CrawlerProcess

    page_source = source or Source(name="page", start_pages=[url])
    scope = Scope.of(page_source.allowed_domains, [*page_source.discovery_urls, url])
    limits = config.limits_for(page_source)
    settings = _project_settings(
        {
            **settings_for_source(config, page_source),
            # A page asked for by hand is no crawl: robots.txt is not consulted,
            # nothing is stored, and the timer covers the whole fetch.
            "ROBOTSTXT_OBEY": False,
            "ITEM_PIPELINES": {},
            "RETRY_ENABLED": False,
            "CLOSESPIDER_TIMEOUT": limits.download_timeout,
            "CLOSESPIDER_PAGECOUNT": 0,
            "NEWSAGG_TRUSTED_HOSTS": trusted_hosts(config, page_source, scope),
            **(extra_settings or {}),
        }
    )
    escape_log_records()  # a server's strings in the log lines: no terminal escapes
    process = CrawlerProcess(settings)
    crawler = process.create_crawler(PageSpider)
    failures: list[BaseException] = []
    process.crawl(crawler, url=url, scope=scope, max_page_bytes=limits.max_page_bytes).addErrback(
        _keep_error, failures
    )
    process.start()
    if failures:
        raise failures[0]
    spider = crawler.spider
    assert isinstance(spider, PageSpider)
    if spider.page is not None:
        return spider.page
    raise PageFetchError(
        spider.failure
        or f"{url}: no complete answer within download_timeout ({limits.download_timeout:g} s)"
    )


def trusted_hosts(config: Config, source: Source, scope: Scope) -> list[str]:
    """The hosts whose loopback or private addresses a crawl of ``source`` may reach: those
    its entry writes itself, exactly (``politeness.private_addresses: named``), or none."""
    if config.politeness_for(source).private_addresses != "named":
        return []
    return sorted(scope.named)


def _project_settings(extra: dict[str, Any]) -> Any:
    """The project's Scrapy settings (``spiders.settings``) with ``extra`` on top."""
    from scrapy.utils.project import get_project_settings

    settings = get_project_settings()
    if settings.get("BOT_NAME") != "newsagg":
        settings.setmodule("spiders.settings", priority="project")
    settings.setdict(extra, priority="cmdline")
    return settings


def _run(
    config: Config,
    source_names: list[str],
    *,
    run_id: int | None = None,
    shard: tuple[int, int] | None = None,
    extra_settings: dict[str, Any] | None = None,
    dry_run: bool = False,
    refresh: tuple[str, ...] = (),
    progress: ProgressReporter | None = None,
    parent_pipe: int | None = None,
) -> tuple[list[CrawlOutcome], list[PlannedFetch]]:
    from scrapy.crawler import CrawlerProcess

    sources = [config.source(name) for name in source_names]
    settings = _project_settings(
        {
            **(extra_settings or {}),
            # The process-wide resolver lets these through on private addresses (a
            # source on an intranet or loopback names its own hosts).
            "NEWSAGG_TRUSTED_HOSTS": sorted(
                {h for s in sources for h in trusted_hosts(config, s, plan_for(s).scope)}
            ),
        }
    )
    escape_log_records()  # a server's strings in the log lines: no terminal escapes
    process = CrawlerProcess(settings)
    crawlers = []
    failures: list[BaseException] = []
    # Sources on one host are one site's visitors: its robots.txt, Crawl-delay and
    # Retry-After pauses hold for all of them (spiders.middlewares.hosts).
    hosts = SharedHosts()
    for source in sources:
        crawler = process.create_crawler(NewsSpider)
        share_hosts(crawler, hosts)
        crawlers.append((source.name, crawler))
        started = process.crawl(
            crawler,
            source=source.name,
            config=config,
            run_id=run_id,
            shard=shard,
            dry_run=dry_run,
            refresh=refresh,
        )
        # A crawl that cannot start (the database refuses writes, the source's parser
        # does not load) fails inside the reactor: keep its error to raise below.
        started.addErrback(_keep_error, failures)
    _tune_gc_for_crawling()
    if progress is not None:
        _report_progress(crawlers, progress)
    if parent_pipe is not None and _is_pipe(parent_pipe):
        _stop_at_end_of_file(parent_pipe, process, config.daemon.grace_period.total_seconds())
    try:
        process.start()
    finally:  # a signal raised out of the reactor's start too
        _end_cut_short(crawlers)
    if progress is not None:
        _report(crawlers, progress)  # the final figures
    if failures:
        raise failures[0]
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


def _report(crawlers: list[tuple[str, Any]], progress: ProgressReporter) -> None:
    for name, crawler in crawlers:
        if crawler.stats is not None:  # set once the crawl has started
            done = crawler.stats.get_value(stat_keys.ARTICLE_RESPONSES, 0)
            progress(name, int(done), int(crawler.stats.get_value(stat_keys.ARTICLE_REQUESTS, 0)))


def _report_progress(crawlers: list[tuple[str, Any]], progress: ProgressReporter) -> None:
    """Report every PROGRESS_SECONDS while the reactor runs (a timer in the reactor's thread)."""
    from twisted.internet import task

    def report() -> None:
        try:
            _report(crawlers, progress)
        except Exception:  # noqa: BLE001 - drawing progress must never stop a crawl
            if timer.running:
                timer.stop()

    timer = task.LoopingCall(report)
    timer.start(PROGRESS_SECONDS, now=False)


def _is_pipe(fd: int) -> bool:
    """Whether ``fd`` is a pipe or a socket: what ``crawl --processes`` gives its shards.

    A terminal is not watched: reading it from a background job stops the process
    (SIGTTIN), and in the foreground the watch would swallow keystrokes; /dev/null or a
    closed descriptor has no parent to watch either."""
    try:
        mode = os.fstat(fd).st_mode
    except OSError:
        return False
    return stat.S_ISFIFO(mode) or stat.S_ISSOCK(mode)


def _stop_at_end_of_file(fd: int, process: Any, grace: float) -> None:
    """Stop the crawl as SIGTERM does once ``fd`` ends: its parent closed it, or died
    however it died (SIGKILL, the OOM killer), as the kernel then closes it.

    The pipe's end is no signal: whether a signal sent with the parent's (``systemctl
    stop`` signals the parent and its shards at once) comes before it or after it, the
    crawl stops once, gracefully; a second signal stops it at once. A shard whose parent
    is gone has no one to bound its stop, so ``grace`` (plus ORPHAN_MARGIN) seconds on
    it stops at once, its run recorded; a parent alive kills it at ``grace``.
    """
    import threading

    from scrapy.utils.ossignal import install_shutdown_handlers
    from twisted.internet import reactor as twisted_reactor

    reactor: Any = twisted_reactor  # its interfaces are not the reactor's own type

    def stop() -> None:  # in the reactor's thread, where Python runs signal handlers
        if signal.getsignal(signal.SIGTERM) != process._signal_shutdown:
            return  # stopping already, or not started
        logger.warning("the parent process closed the pipe: shutting down gracefully")
        # A signal sent with the parent's (systemctl stop) may come just after: it is
        # the first, as stopping already; the one after it stops the crawl at once.
        install_shutdown_handlers(first_signal)
        process._graceful_stop_reactor()
        reactor.callLater(grace + ORPHAN_MARGIN, stop_now)

    def first_signal(signum: int, _: Any) -> None:
        install_shutdown_handlers(process._signal_kill)
        name = signal.Signals(signum).name
        logger.info("Received %s, shutting down gracefully. Send again to force", name)

    def stop_now() -> None:
        if reactor.running:
            logger.warning(
                "still crawling %gs after the parent's stop: stopping at once",
                grace + ORPHAN_MARGIN,
            )
            reactor.stop()

    def watch() -> None:
        try:
            while os.read(fd, 4096):
                pass
        except OSError:  # a closed or bad descriptor: no parent to wait for
            pass
        reactor.callFromThread(stop)

    threading.Thread(target=watch, name="parent-pipe", daemon=True).start()


def _keep_error(failure: Failure, failures: list[BaseException]) -> None:
    failures.append(failure.value or RuntimeError(failure.getErrorMessage()))


def _end_cut_short(crawlers: list[tuple[str, Any]]) -> None:
    """End the crawls the reactor stopped before they closed: a second Ctrl-C or SIGTERM
    (Scrapy's handler of the first lets the requests in flight end; of the second, stops
    the reactor at once, and no spider_closed comes), or a signal before the crawl was
    running. Each records its run as 'shutdown' with what it stored, and its stats say
    it stopped at once (STOPPED_AT_ONCE), so that no run is left 'running'."""
    for _, crawler in crawlers:
        # Recent Scrapy (2.19 here) raises where older releases gave None: a crawl that never
        # started (its source's parser failed to import) has no stats.
        try:
            stats = crawler.stats
        except RuntimeError:
            continue
        if stats is None or stats.get_value("finish_reason") is not None:
            continue  # never started, or closed as it should
        stats.set_value("finish_reason", RunStatus.SHUTDOWN)
        stats.set_value(STOPPED_AT_ONCE, 1)
        crawler.signals.send_catch_log(signal=CRAWL_CUT_SHORT)


def _finish_reason(stats: Any) -> str:
    # A storage failure in the flush at close comes after Scrapy chose its reason.
    if stats.get_value(stat_keys.STORAGE_FAILED):
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
