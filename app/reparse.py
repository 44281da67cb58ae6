"""``aggregator reparse``: the kept pages (``retention.keep_pages``) parsed again and stored.

Each current article whose current version keeps the page it was parsed from
(``storage.page_archive``) is parsed again from that page with the current parser and
its source's overrides, parser and learned blocks (``storage.pages.prepare_page``, as a
crawl parses), and the result goes through the ordinary store
(``storage.writes.store_articles``: dedup, versions, search index), a batch per
transaction: a text that reads otherwise now is the article's next version (keeping the
same page), one that reads the same changes nothing. A page of an earlier version only
is not read: parsing it again would undo the later edit. Each source's crawl lock is
held while its articles are parsed again, so a crawl of it never stores between the
read of a page and the store of its parse.
"""

from __future__ import annotations

import dataclasses
import zlib
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from sqlite_utils import Database

from aggregator.config import Config, ConfigError, Source
from aggregator.parser.for_source import RejectedPage
from aggregator.schema import ArticleWrite
from app.errors import signals_held
from storage.locks import HeldLock, try_lock
from storage.page_archive import CurrentPage, current_pages, moved_on, sources_with_articles
from storage.pages import prepare_page
from storage.writes import StoreStatus, store_articles

# Articles read, parsed and stored together: one store transaction. Their compressed
# pages are held meanwhile (about 4 KB each for a 10 KB page, docs/operations.md).
REPARSE_BATCH = 64

# Called with one line: why a page was not parsed again, or a source left out.
Warn = Callable[[str], None]


@dataclass
class ReparseCounts:
    """What a reparse did (or, dry, would do)."""

    read: int = 0  # kept pages read and parsed
    changed: int = 0  # a text that reads otherwise: the article's next version
    unchanged: int = 0
    rejected: int = 0  # no article by the current parser (the stored article stays)
    failed: int = 0  # a page that could not be read or parsed (one warning each)
    without_page: int = 0  # no kept page of the current version
    busy: int = 0  # sources left out: a crawl of them was running


def reparse(
    db: Database,
    config: Config,
    *,
    source: str | None = None,
    since: datetime | None = None,
    limit: int | None = None,
    dry_run: bool = False,
    warn: Warn = lambda line: None,
) -> ReparseCounts:
    """Parse the current articles' kept pages again (of ``source``, fetched since
    ``since``, at most ``limit`` articles) and store what changed (``dry_run``: count it,
    store nothing). A page that fails is one ``warn`` line; the others go on."""
    counts = ReparseCounts()
    names = [source] if source is not None else sources_with_articles(db, since)
    left = limit
    for name in names:
        if left is not None and left <= 0:
            break
        configured = _configured(config, name)
        if configured is None:  # nothing to parse with: counted, no lock needed
            kept = counts.failed
            left = _reparse_source(db, config, name, None, since, left, dry_run, warn, counts)
            if counts.failed > kept:
                warn(
                    f"source '{name}' is not in the config: {counts.failed - kept} kept "
                    "pages not read"
                )
            continue
        lock = try_lock(config.database, name)
        if not isinstance(lock, HeldLock):
            warn(
                f"source '{name}': a crawl of it is running (pid {lock or 'unknown'}); "
                "its articles are left as they are: reparse it again later"
            )
            counts.busy += 1
            continue
        try:
            left = _reparse_source(db, config, name, configured, since, left, dry_run, warn, counts)
        finally:
            lock.release()
    return counts


def _configured(config: Config, name: str) -> Source | None:
    try:
        return config.source(name)
    except ConfigError:  # an ingested site's name, a source since removed from the config
        return None


def _reparse_source(
    db: Database,
    config: Config,
    name: str,
    configured: Source | None,
    since: datetime | None,
    left: int | None,
    dry_run: bool,
    warn: Warn,
    counts: ReparseCounts,
) -> int | None:
    """Reparse one source's articles, a batch at a time (``configured`` None: only count
    them); how many articles may still be read."""
    after = 0
    while left is None or left > 0:
        batch = REPARSE_BATCH if left is None else min(REPARSE_BATCH, left)
        articles = current_pages(db, after=after, limit=batch, source=name, since=since)
        if not articles:
            break
        after = articles[-1].article_id
        if left is not None:
            left -= len(articles)
        if configured is None:
            kept = sum(1 for article in articles if article.parts)
            counts.failed += kept
            counts.without_page += len(articles) - kept
            continue
        parsed = _parse_batch(db, config, configured, articles, dry_run, warn, counts)
        if parsed:
            _store(db, config, parsed, counts, warn)
    return left


def _parse_batch(
    db: Database,
    config: Config,
    source: Source,
    articles: list[CurrentPage],
    dry_run: bool,
    warn: Warn,
    counts: ReparseCounts,
) -> list[tuple[CurrentPage, ArticleWrite]]:
    """The articles whose kept page parses, each with its write (dry: counted, none
    returned)."""
    writes: list[tuple[CurrentPage, ArticleWrite]] = []
    for article in articles:
        if not article.parts:
            counts.without_page += 1
            continue
        counts.read += 1
        try:
            write = _parse_again(db, config, source, article)
        except RejectedPage as exc:
            counts.rejected += 1
            warn(f"article {article.article_id}: no longer an article, left as it is: {exc}")
            continue
        except (zlib.error, ValueError, TypeError) as exc:
            counts.failed += 1
            warn(f"article {article.article_id}: its kept page does not read: {exc}")
            continue
        except Exception as exc:  # noqa: BLE001 - one page's parse never stops the others
            counts.failed += 1
            warn(f"article {article.article_id}: not parsed again: {type(exc).__name__}: {exc}")
            continue
        if not dry_run:
            writes.append((article, write))
        elif write.article.content_hash == article.content_hash:
            counts.unchanged += 1
        else:
            counts.changed += 1
    return writes


def _parse_again(
    db: Database, config: Config, source: Source, article: CurrentPage
) -> ArticleWrite:
    """The article's kept page parsed as a crawl parses it. The write keeps the article's
    identity (its canonical URL) and its last fetch's time, so a text that reads the same
    changes nothing, and carries the page, kept again beside a new version."""
    page = article.page()
    write = prepare_page(db, page.fetched(article.source), source, config)
    parsed = dataclasses.replace(
        write.article,
        canonical_url=article.canonical_url,
        fetched_at=datetime.fromisoformat(article.fetched_at),
    )
    return dataclasses.replace(write, article=parsed, page=page)


def _store(
    db: Database,
    config: Config,
    parsed: list[tuple[CurrentPage, ArticleWrite]],
    counts: ReparseCounts,
    warn: Warn,
) -> None:
    """One transaction of the ordinary store; Ctrl-C waits for its commit and count.

    An article stored anew since its page was read (a cluster worker's crawl: no crawl
    lock covers those) is left out, so a parse of its older page never follows its
    newer text: it keeps that text, counted unchanged."""
    moved = moved_on(db, {article.article_id: article.version for article, _ in parsed})
    writes = [write for article, write in parsed if article.article_id not in moved]
    counts.unchanged += len(parsed) - len(writes)
    with signals_held():
        outcomes = store_articles(
            db, writes, config.dedup, config.boilerplate, retention=config.retention
        )
        for outcome in outcomes:
            if outcome.result is None:
                counts.failed += 1
                warn(f"{outcome.write.article.url}: not stored: {outcome.error}")
            elif outcome.result.status is StoreStatus.UNCHANGED:
                counts.unchanged += 1
            else:
                counts.changed += 1
