"""``aggregator reparse``: the kept pages (``retention.keep_pages``) parsed again and stored.

Each current article whose current version keeps the page it was parsed from
(``storage.page_archive``) is parsed again from that page with the current parser and
its source's overrides, parser and learned blocks (``storage.pages.prepare_page``, as a
crawl parses). A reading that differs from the stored one in any field the parser gives
(headline, authors, dates, body …) is stored over it in place
(``storage.writes.store_rereadings``): a re-reading is no publisher's edit, so it makes
no version and keeps no second page, and the article keeps its ETag and Last-Modified
(docs/operations.md, "Kept pages"). A page of an earlier version only is not read. The
articles go a batch at a time: one store transaction each, under the source's crawl
lock for that batch only (read, parse, store), so a crawl of the source may run between
two batches; a dry run stores nothing and takes no lock.
"""

from __future__ import annotations

import zlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import datetime

from sqlite_utils import Database

from aggregator.config import Config, ConfigError, Source
from aggregator.parser.for_source import RejectedPage
from aggregator.parser.urls import site_host
from app.errors import signals_held
from app.ingest_pages import Sources
from storage.locks import HeldLock, try_lock
from storage.page_archive import CurrentPage, current_pages, sources_with_articles
from storage.pages import prepare_page
from storage.runs import was_configured
from storage.writes import Rereading, StoreStatus, fields_read_otherwise, store_rereadings

# Articles read, parsed and stored together: one store transaction, one hold of the
# source's crawl lock. Their compressed pages are held meanwhile (about 4 KB each for a
# 10 KB page, docs/operations.md).
REPARSE_BATCH = 64

# Called with one line: why a page was not parsed again, or a source left out.
Warn = Callable[[str], None]
# Called, in a dry run, with each article that would change: its id, URL and the
# stored columns that would read otherwise.
Show = Callable[[int, str, list[str]], None]


@dataclass
class ReparseCounts:
    """What a reparse did (or, dry, would do)."""

    read: int = 0  # kept pages read and parsed
    changed: int = 0  # a reading that differs: stored over the article's
    unchanged: int = 0
    rejected: int = 0  # no article by the current parser (the stored article stays)
    failed: int = 0  # a page that could not be read, parsed or stored (one warning each)
    without_page: int = 0  # no kept page of the current version
    not_configured: int = 0  # kept pages of a source removed from the config: not read
    busy: int = 0  # sources left (or left part-way): a crawl of them was running


@dataclass(frozen=True)
class _Run:
    """What every batch of one reparse shares."""

    db: Database
    config: Config
    since: datetime | None
    dry_run: bool
    warn: Warn
    counts: ReparseCounts
    show: Show
    # The rules ``ingest`` reads a page of a site not in the config with (no overrides).
    sites: Sources


def reparse_batches(
    db: Database,
    config: Config,
    *,
    counts: ReparseCounts,
    source: str | None = None,
    since: datetime | None = None,
    limit: int | None = None,
    dry_run: bool = False,
    warn: Warn = lambda line: None,
    show: Show = lambda article_id, url, fields: None,
    batch: int = REPARSE_BATCH,
) -> Iterator[ReparseCounts]:
    """Parse the current articles' kept pages again (of ``source``, fetched since
    ``since``, at most ``limit`` articles) and store what reads otherwise (``dry_run``:
    count it, store nothing), a batch of at most ``batch`` articles at a time, adding to
    ``counts`` and giving them after each batch, when no lock is held. A page that fails
    is one ``warn`` line; the others go on. A dry run ``show``s each article that would
    change."""
    run = _Run(db, config, since, dry_run, warn, counts, show, Sources(config, None))
    names = [source] if source is not None else sources_with_articles(db, since)
    left = limit
    for name in names:
        if left is not None and left <= 0:
            break
        configured, unread = _configured(config, name), counts.not_configured
        # A name ``ingest`` gave a site was never a source's: one that was is a removed
        # source's (crawled, or ingested under it while configured).
        never_configured = configured is None and not was_configured(db, name)
        after = 0
        while left is None or left > 0:
            size = batch if left is None else min(batch, left)
            done = _one_batch(run, name, configured, never_configured, after, size)
            if done is None:  # the source is being crawled: left as it is
                break
            after, read = done
            if not read:
                break
            if left is not None:
                left -= read
            yield counts
        if counts.not_configured > unread:
            warn(
                f"source '{name}' is not in the config: {counts.not_configured - unread} "
                "kept pages not read"
            )


def _configured(config: Config, name: str) -> Source | None:
    try:
        return config.source(name)
    except ConfigError:  # an ingested site's name, a source since removed from the config
        return None


def _ingested_site(article: CurrentPage, never_configured: bool) -> bool:
    """Whether the article's source, in no config, is the site ``ingest`` named the
    article's page's source by (``Sources.name_of``: its URL's ``site_host``), not a
    source removed from the config. The name alone does not tell them apart (a source
    may be named as its host: ``localhost``); a crawl records its runs under its source's
    name, and ingest the configured sources it stores pages under (m029), so a name
    recorded either way (``never_configured`` false) is a removed source's, whatever its
    shape."""
    return never_configured and site_host(str(article.parts[0][1])) == article.source


def _one_batch(
    run: _Run,
    name: str,
    configured: Source | None,
    never_configured: bool,
    after: int,
    size: int,
) -> tuple[int, int] | None:
    """Read, parse and store the source's next ``size`` articles after id ``after``
    (under its crawl lock unless dry or not configured): the last id read and how many
    were; None, and a warning, when a crawl of the source holds its lock.
    ``never_configured``: the source is in no config and never was
    (:func:`storage.runs.was_configured`)."""
    lock: HeldLock | None = None
    if configured is not None and not run.dry_run:
        taken = try_lock(run.config.database, name)
        if not isinstance(taken, HeldLock):
            run.counts.busy += 1
            where = f"after article {after}" if after else "all"
            run.warn(
                f"source '{name}': a crawl of it is running (pid {taken or 'unknown'}); "
                f"its articles ({where}) are left as they are: reparse it again later"
            )
            return None
        lock = taken
    try:
        articles = current_pages(run.db, after=after, limit=size, source=name, since=run.since)
        if articles:
            readings = _parse_batch(run, configured, never_configured, articles)
            if readings and not run.dry_run:
                _store(run, readings)
    finally:
        if lock is not None:
            lock.release()
    return (articles[-1].article_id if articles else after), len(articles)


def _parse_batch(
    run: _Run, configured: Source | None, never_configured: bool, articles: list[CurrentPage]
) -> list[Rereading]:
    """The readings of the articles whose kept page parses (dry: compared with the stored
    readings and counted, the way the store compares them). With no ``configured``
    source, a page ``ingest`` stored under its site's name (``never_configured``)
    is read by the rules ingest read it with; a page of a source removed from the config
    is not read."""
    counts = run.counts
    readings: list[Rereading] = []
    for article in articles:
        if not article.parts:
            counts.without_page += 1
            continue
        if configured is None and not _ingested_site(article, never_configured):
            counts.not_configured += 1
            continue
        counts.read += 1
        try:
            reading = _parse_again(run, configured, article)
        except RejectedPage as exc:
            counts.rejected += 1
            run.warn(f"article {article.article_id}: no longer an article, left as it is: {exc}")
            continue
        except (zlib.error, ValueError, TypeError) as exc:
            counts.failed += 1
            run.warn(f"article {article.article_id}: its kept page does not read: {exc}")
            continue
        except Exception as exc:  # noqa: BLE001 - one page's parse never stops the others
            counts.failed += 1
            run.warn(f"article {article.article_id}: not parsed again: {type(exc).__name__}: {exc}")
            continue
        if not run.dry_run:
            readings.append(reading)
        elif fields := fields_read_otherwise(run.db, reading):
            counts.changed += 1
            run.show(article.article_id, reading.article.url, fields)
        else:
            counts.unchanged += 1
    return readings


def _parse_again(run: _Run, configured: Source | None, article: CurrentPage) -> Rereading:
    """The article's kept page parsed as a crawl parses it (an ingested site's as
    ``ingest`` parsed it: ``Sources.source``)."""
    page = article.page().fetched(article.source)
    source = configured if configured is not None else run.sites.source(page)
    write = prepare_page(run.db, page, source, run.config)
    return Rereading(article.article_id, article.version, write.article)


def _store(run: _Run, readings: list[Rereading]) -> None:
    """One transaction; Ctrl-C waits for its commit and count."""
    with signals_held():
        results = store_rereadings(run.db, readings, run.config.dedup)
        for reading in readings:
            result = results[reading.article_id]
            if isinstance(result, Exception):
                run.counts.failed += 1
                run.warn(f"{reading.article.url}: not stored: {result}")
            elif result is StoreStatus.UPDATED:
                run.counts.changed += 1
            else:
                run.counts.unchanged += 1
