"""Item pipeline: fetched pages are parsed in slices and stored in batches.

Pages wait as HTML until ``NEWSAGG_PARSE_BATCH_SIZE`` of them (or
``NEWSAGG_PARSE_BATCH_BYTES`` of HTML) have arrived, and are then parsed one
after another by ``storage.pages.prepare_page`` (outside the write lock,
so parallel crawl processes parse in parallel). Parsing back to back, rather
than each page between two of Scrapy's callbacks, keeps both sides' code and
data in the CPU caches: 5 to 10 % less CPU per page (docs/benchmarks.md).

The parsed articles wait in a batch, which ``storage.writes.store_articles``
dedups and stores in one transaction when it holds ``NEWSAGG_STORE_BATCH_SIZE``
articles and pages, when its oldest page has waited
``NEWSAGG_STORE_BATCH_SECONDS``, and when the spider closes.

One page failing (bad HTML, no text, an error in its dedup) is counted and
logged, never fatal; a storage failure (disk full, read-only database) stops
the crawl, because every later page would fail the same way.

A cluster worker's crawl (the spider holds an article stream instead of a
database) parses the same way, pushes each batch of ``cluster.push_batch_size``
articles to the stream (``storage.stream``) instead of storing it, and writes
its run's report to the file ``NEWSAGG_RUN_REPORT`` names instead of
``crawl_runs``: the writer stores both.
"""

from __future__ import annotations

import dataclasses
import logging
import sqlite3
import time
from typing import Any

from scrapy import signals
from scrapy.exceptions import DropItem
from scrapy.utils.defer import deferred_from_coro
from sqlite_utils import Database
from twisted.internet import task

import spiders.stats as stat_keys
from aggregator.dedup import FingerprintParams, params_from_settings, prebuilt_profile
from aggregator.parser.for_source import RejectedPage
from aggregator.schema import ArticleWrite, FetchedPage, GoneAnswer, Revalidated, utc_now
from storage.boilerplate import forget_stale_blocks
from storage.db import DatabaseError, database_path, describe_sqlite_error
from storage.pages import prepare_page
from storage.removals import GoneOutcome, note_gone
from storage.revalidation import note_revalidated
from storage.runs import (
    RunCounts,
    RunReport,
    RunStatus,
    claim_run,
    finish_run,
    note_counts,
    start_run,
)
from storage.wire import save_report
from storage.writes import BATCH_SIZE, PrunedPage, StoreOutcome, StoreStatus, store_articles

logger = logging.getLogger(__name__)

# Pages are parsed in slices of this many, or of this much HTML (a larger page
# alone): parses back to back keep the parser's code and data in the CPU caches,
# and a slice bounds both the HTML held (~4 MB of typical 60 KB pages) and the
# time the event loop waits for it (~0.2 s, about what a batch's store takes).
PARSE_BATCH_SIZE = 64
PARSE_BATCH_BYTES = 8 * 1024 * 1024

#: A Scrapy signal (``crawler.signals``) that ``spiders.runner`` sends once the reactor
#: has stopped, to a crawl whose spider never closed: its run is recorded then.
CRAWL_CUT_SHORT = object()


def errors_by_kind(stats: dict[str, Any]) -> dict[str, int]:
    """Failures of this run by kind, for ``crawl_runs.errors``.

    The spider counts every failed request under ``newsagg/errors/<kind>``
    (``http_4xx``, ``http_5xx``, ``timeout``, ``dns``, ``connection``,
    ``data_loss``, ``too_large``, ``robots_disallowed``, ``robots_unreachable``,
    ``blocked_address``, ``retry_after_too_long``, ``non_html``, …) and this
    pipeline counts ``rejected``, ``parse``, ``store`` and ``storage``; Scrapy's own
    URL-length filter is added as ``url_too_long`` and its offsite filter (which
    drops redirects to other hosts silently) as ``offsite``.
    """
    prefix = "newsagg/errors/"
    errors = {k[len(prefix) :]: int(v) for k, v in stats.items() if k.startswith(prefix)}
    if too_long := stats.get("urllength/request_ignored_count"):
        errors["url_too_long"] = errors.get("url_too_long", 0) + int(too_long)
    if offsite := stats.get("offsite/filtered"):
        errors["offsite"] = errors.get("offsite", 0) + int(offsite)
    return dict(sorted(errors.items()))


def discovery_by_reason(stats: dict[str, Any]) -> dict[str, int]:
    """Discovered links this run did not follow, by reason, for ``crawl_runs.discovery``.

    The spider counts them under ``newsagg/discovery/<reason>``
    (``spiders.news.DISCOVERY_REASONS``); a count taken back to 0 (a listing page
    reached past a limit, then requested on a shorter path) is left out.
    """
    prefix = stat_keys.DISCOVERY
    return dict(
        sorted((k[len(prefix) :], int(v)) for k, v in stats.items() if k.startswith(prefix) and v)
    )


#: Stats key: pages refused as a consent page (a cookie wall), whose fix is said once.
STAT_CONSENT_PAGES = "newsagg/rejected_consent_pages"

#: Stats prefix: pages of this crawl on which a source's selector for a key (body,
#: headline, …) gave nothing, so that the automatic rules filled the field.
SELECTOR_MISSED = "newsagg/selector_missed/"


def selector_misses(stats: dict[str, Any]) -> dict[str, int]:
    """Pages on which each selector of the source gave nothing, by key ("body": 2)."""
    return {
        k[len(SELECTOR_MISSED) :]: int(v)
        for k, v in sorted(stats.items())
        if k.startswith(SELECTOR_MISSED) and v
    }


def articles_unchanged(stats: dict[str, Any]) -> int:
    """Articles a crawl found unchanged: stored and not announced as changed (not fetched),
    answered 304 Not Modified, or fetched with the stored text."""
    return sum(
        int(stats.get(stat_keys.articles(kind), 0))
        for kind in ("skipped_known", "not_modified", "unchanged")
    )


class StorePipeline:
    def __init__(self, crawler) -> None:  # type: ignore[no-untyped-def]
        self.crawler = crawler
        settings = crawler.settings
        # False in benchmarks: count fetched pages, skip parse, dedup and storage.
        self.process_pages = settings.getbool("NEWSAGG_PROCESS_PAGES", True)
        self.batch_size = max(1, settings.getint("NEWSAGG_STORE_BATCH_SIZE", BATCH_SIZE))
        self.parse_size = max(1, settings.getint("NEWSAGG_PARSE_BATCH_SIZE", PARSE_BATCH_SIZE))
        self.parse_bytes = max(1, settings.getint("NEWSAGG_PARSE_BATCH_BYTES", PARSE_BATCH_BYTES))
        self.batch_seconds = settings.getfloat("NEWSAGG_STORE_BATCH_SECONDS", 1.0)
        self.counts = RunCounts()
        self.run_id: int | None = None
        self.started_at = utc_now()
        self.failed_storage: str | None = None
        self.unparsed: list[FetchedPage] = []
        self.unparsed_bytes = 0
        self.parsed: list[ArticleWrite] = []
        self.pending_since = 0.0
        self.flush_timer: task.LoopingCall | None = None
        self.finished = False  # the run's end recorded

    @classmethod
    def from_crawler(cls, crawler):  # type: ignore[no-untyped-def]
        pipeline = cls(crawler)
        # finish_reason is known only once spider_closed fires, after close_spider.
        crawler.signals.connect(pipeline.spider_closed, signal=signals.spider_closed)
        crawler.signals.connect(pipeline.cut_short, signal=CRAWL_CUT_SHORT)
        return pipeline

    def open_spider(self) -> None:
        spider = self.crawler.spider
        self.started_at = utc_now()
        if spider.stream is not None:
            self.batch_size = spider.config.cluster.push_batch_size
        elif spider.run_id is not None:
            self.run_id = claim_run(spider.db, spider.run_id)
        else:
            # A shard of `crawl --processes`: its parent numbered the crawl its rows share.
            crawl_id = self.crawler.settings.getint("NEWSAGG_CRAWL_ID") or None
            self.run_id = start_run(spider.db, spider.source_name, crawl_id)
        if self.process_pages and self.batch_size > 1:
            # A slow site must not keep parsed articles from readers for long.
            self.flush_timer = task.LoopingCall(self._flush_if_due)
            started = self.flush_timer.start(max(0.05, self.batch_seconds / 2), now=False)
            # Were it ever to raise, batches would still be written when full and at close.
            started.addErrback(
                lambda failure: logger.error("Batch timer stopped: %s", failure.getTraceback())
            )

    def close_spider(self) -> None:
        if self.flush_timer is not None and self.flush_timer.running:
            self.flush_timer.stop()
        self._flush()
        self._warn_selector_misses()
        self._warn_consent_pages()
        if self.process_pages and not self.failed_storage and self.crawler.spider.db is not None:
            self._forget_old_blocks()

    def _warn_consent_pages(self) -> None:
        # Each page is said as it is refused; the fix is said once, as 401/403 say theirs.
        if count := int(self.crawler.stats.get_value(STAT_CONSENT_PAGES, 0)):
            pages = "1 page" if count == 1 else f"{count} pages"
            logger.warning(
                "%s of %s refused as a consent page: a site that shows its consent page to "
                "a client without its consent cookie needs the source's headers: {Cookie: "
                '"NAME=VALUE"}, the cookie a browser holds after accepting (docs/crawling.md)',
                pages,
                self.crawler.spider.source_name,
            )

    def _warn_selector_misses(self) -> None:
        # Once per crawl and key, not per page: a redesign makes every page miss, and the
        # operator needs the one line that says the override is dead, not a thousand.
        spider = self.crawler.spider
        stats = self.crawler.stats.get_stats()
        parsed = int(stats.get(stat_keys.ARTICLES_PARSED, 0))
        for key, count in selector_misses(stats).items():
            logger.warning(
                "selector %s %r matched nothing on %d of %d pages of %s; "
                "the automatic rules gave the field instead",
                key,
                getattr(spider.source.selectors, key),
                count,
                parsed,
                spider.source_name,
            )

    def _forget_old_blocks(self) -> None:
        # Bookkeeping after the crawl's own writes: a failure is logged, never the crawl's outcome.
        spider = self.crawler.spider
        try:
            pruned = forget_stale_blocks(spider.db, spider.source_name, spider.config.boilerplate)
        except sqlite3.Error as exc:
            logger.warning(
                "Could not prune the boilerplate candidates of %s: %s", spider.source_name, exc
            )
            return
        spider.crawler.stats.set_value("newsagg/boilerplate_blocks_forgotten", pruned)

    def process_item(
        self, item: FetchedPage | GoneAnswer | Revalidated
    ) -> FetchedPage | GoneAnswer | Revalidated:
        if isinstance(item, GoneAnswer):
            self._note_gone(item)
            return item
        if isinstance(item, Revalidated):
            self._note_revalidated(item)
            return item
        self.counts.pages_fetched += 1
        if not self.process_pages:
            return item
        if self.failed_storage:  # pages still arriving while the crawl stops
            self._error("storage")
            raise DropItem(f"{item.url}: not stored, {self.failed_storage}")
        if not self.unparsed and not self.parsed:
            self.pending_since = time.monotonic()
        if self.unparsed and self.unparsed_bytes + len(item.html) > self.parse_bytes:
            self._parse_pending()
        self.unparsed.append(item)
        self.unparsed_bytes += len(item.html)
        if len(self.unparsed) >= self.parse_size or self.unparsed_bytes >= self.parse_bytes:
            self._parse_pending()
        if len(self.parsed) + len(self.unparsed) >= self.batch_size:
            self._flush()
        return item

    def _note_gone(self, answer: GoneAnswer) -> None:
        """A stored article's page answered 404 or 410: the store marks it (storage.removals).

        A cluster worker's crawl pushes it to the article stream for the writer to mark.
        """
        spider = self.crawler.spider
        stats = self.crawler.stats
        if spider.stream is not None and not self.failed_storage:
            self._push_gone(answer)
            return
        if spider.db is None or spider.dry_run or self.failed_storage:
            stats.inc_value("newsagg/removed/not_marked")
            return
        try:
            outcome = note_gone(spider.db, answer)
        except sqlite3.Error as exc:
            self._storage_failed(
                DatabaseError(describe_sqlite_error(database_path(spider.db), exc)), 0
            )
            return
        stats.inc_value(f"newsagg/removed/{outcome.value}")
        if outcome is GoneOutcome.MARKED:
            logger.info(
                "%s: marked removed at the source (HTTP %d): article %d",
                answer.url,
                answer.status,
                answer.article_id,
            )

    def _note_revalidated(self, answer: Revalidated) -> None:
        """A stored article answered 304: its ``fetched_at`` moves (storage.revalidation).

        A cluster worker's crawl has no database and the article stream carries no such
        record: there the article is asked again while its announced time stays newer.
        """
        spider = self.crawler.spider
        if spider.stream is not None or spider.db is None or spider.dry_run or self.failed_storage:
            return
        try:
            note_revalidated(spider.db, answer)
        except sqlite3.Error as exc:
            self._storage_failed(
                DatabaseError(describe_sqlite_error(database_path(spider.db), exc)), 0
            )

    def _push_gone(self, answer: GoneAnswer) -> None:
        from storage.stream import StreamError

        try:
            self.crawler.spider.stream.push_gone(answer)
        except StreamError as exc:
            self._storage_failed(exc, pages=0)
            return
        self.crawler.stats.inc_value("newsagg/removed/pushed")

    def _flush_if_due(self) -> None:
        if (
            self.unparsed or self.parsed
        ) and time.monotonic() - self.pending_since >= self.batch_seconds:
            self._flush()

    def _flush(self) -> None:
        self._parse_pending()  # after a storage failure it counts the pages left and parses none
        batch, self.parsed = self.parsed, []
        if not batch:
            return
        spider = self.crawler.spider
        if spider.stream is not None:
            self._push(batch)
            return
        try:
            outcomes = store_articles(
                spider.db,
                batch,
                spider.config.dedup,
                spider.config.boilerplate,
                skip_pruned=True,  # but not the pages --refresh asks for again
                retention=spider.config.retention,
                in_transaction=self._note_counts,
            )
        except DatabaseError as exc:
            self._storage_failed(exc, pages=len(batch))
            return
        except (
            Exception
        ):  # a bug outside any one article: the batch is rolled back, the crawl goes on
            logger.exception("Failed to store a batch of %d articles", len(batch))
            self._error("store", len(batch))
            return
        stats = spider.crawler.stats
        for outcome in outcomes:
            if isinstance(outcome.error, PrunedPage):
                stats.inc_value("newsagg/discovery/pruned")
                continue
            if outcome.result is None:
                self._error("store")
                logger.error("Failed to store %s: %r", outcome.write.article.url, outcome.error)
                continue
            status = outcome.result.status
            if status is StoreStatus.NEW:
                self.counts.articles_new += 1
            elif status is StoreStatus.UPDATED:
                self.counts.articles_updated += 1
            else:
                self.counts.articles_unchanged += 1
            stats.inc_value(stat_keys.articles(status.value))

    def _note_counts(self, db: Database, stored: list[StoreOutcome]) -> None:
        """In the batch's transaction: the run's counts with this batch's new articles, so
        that a crawl killed at any moment keeps the count of what it stored."""
        if self.run_id is None:
            return
        new = sum(1 for o in stored if o.result and o.result.status is StoreStatus.NEW)
        so_far = RunCounts(self.counts.pages_fetched, self.counts.articles_new + new)
        note_counts(db, self.run_id, so_far)

    def _push(self, batch: list[ArticleWrite]) -> None:
        from storage.stream import StreamError

        # The worker builds each article's fingerprint, so that the one writer does not.
        spider = self.crawler.spider
        params = params_from_settings(spider.config.dedup)
        try:
            spider.stream.push([_with_profile(write, params) for write in batch])
        except StreamError as exc:
            self._storage_failed(exc, pages=len(batch))
            return
        self.crawler.stats.inc_value(stat_keys.articles("pushed"), len(batch))

    def _parse_pending(self) -> None:
        """Parse the pages waiting as HTML and keep their articles for the batch's store.

        A page that is no article, or fails, is counted and logged.
        """
        pages, self.unparsed, self.unparsed_bytes = self.unparsed, [], 0
        if not pages:
            return
        if self.failed_storage:
            self._error("storage", len(pages))
            return
        spider = self.crawler.spider
        stats = spider.crawler.stats
        for done, page in enumerate(pages):
            try:
                write = prepare_page(spider.db, page, spider.source, spider.config)
                # The operator's --refresh travels with the page, to this store or the writer.
                self.parsed.append(dataclasses.replace(write, refresh=bool(spider.refresh)))
            except RejectedPage as exc:
                self._error("rejected")
                logger.warning("Not stored: %s", exc)
                # The reason's words as page_kind words it (docs/crawling.md's table).
                if ": a consent page (" in str(exc):
                    stats.inc_value(STAT_CONSENT_PAGES)
                continue
            except sqlite3.Error as exc:  # reading the source's learned blocks
                error = DatabaseError(describe_sqlite_error(database_path(spider.db), exc))
                # This page, the slice's pages after it and the batch's parsed articles.
                self._storage_failed(error, pages=len(pages) - done + len(self.parsed))
                self.parsed.clear()
                return
            except Exception as exc:  # one bad page never takes the crawl down
                self._error("parse")
                logger.exception("Failed to process %s: %s", page.url, exc)
                continue
            stats.inc_value(stat_keys.ARTICLES_PARSED)
            for key in spider.source.selectors.missed(write.article.provenance):
                stats.inc_value(f"{SELECTOR_MISSED}{key}")

    def _storage_failed(self, exc: Exception, pages: int) -> None:
        self.failed_storage = str(exc)
        self.crawler.stats.set_value(stat_keys.STORAGE_FAILED, 1)
        self._error("storage", pages)
        logger.error("%s", exc)
        # Every later page would fail the same way: stop this crawl now.
        deferred_from_coro(self.crawler.engine.close_spider_async(reason="storage_failed"))

    def _error(self, kind: str, pages: int = 1) -> None:
        self.counts.articles_failed += pages
        self.counts.errors[kind] = self.counts.errors.get(kind, 0) + pages
        self.crawler.stats.inc_value(f"newsagg/errors/{kind}", pages)

    def spider_closed(self, spider, reason: str) -> None:  # type: ignore[no-untyped-def]
        self._finish_run(spider, reason)

    def cut_short(self) -> None:
        """The reactor stopped before the spider closed (a second Ctrl-C or SIGTERM stops a
        crawl at once, ``spiders.runner``): the run is recorded as stopped by a signal, with
        what it stored; the pages not stored yet are not (the next crawl fetches them)."""
        spider = self.crawler.spider
        if not self.finished and spider is not None:
            self._finish_run(spider, RunStatus.SHUTDOWN)

    def _finish_run(self, spider, reason: str) -> None:  # type: ignore[no-untyped-def]
        self.finished = True
        stats = spider.crawler.stats.get_stats()
        self.counts.errors = errors_by_kind(stats)
        self.counts.discovery = discovery_by_reason(stats)
        self.counts.articles_unchanged = articles_unchanged(stats)
        # A run cut at max_pages or run_timeout says so (docs/operations.md); the daemon,
        # `status` and the web view count those reasons as successes (NORMAL_FINISH_REASONS).
        ended = RunStatus.OK if reason == RunStatus.FINISHED else reason
        status = RunStatus.FAILED if self.failed_storage else ended
        report_path = self.crawler.settings.get("NEWSAGG_RUN_REPORT")
        try:
            if spider.stream is not None and report_path:
                report = RunReport(
                    spider.source_name, self.started_at, utc_now(), status, self.counts, stats=stats
                )
                save_report(report_path, report)
            elif self.run_id is not None:
                finish_run(spider.db, self.run_id, status, self.counts, stats=stats)
        except Exception as exc:  # the run row is bookkeeping; never mask the crawl's own outcome
            logger.error("Could not record the end of crawl run of %s: %s", spider.source_name, exc)


def _with_profile(write: ArticleWrite, params: FingerprintParams) -> ArticleWrite:
    """The article with its fingerprint, for the writer; without it if building fails
    (the writer then builds it, and reports that article's error as a store would)."""
    try:
        profile = prebuilt_profile(write.article.body, params)
    except Exception:  # noqa: BLE001 - one article's failure is the writer's to report
        return write
    return dataclasses.replace(write, profile=profile)
