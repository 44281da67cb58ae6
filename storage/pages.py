"""A fetched page into the store: its source's learned blocks read, the page parsed, stored.

The crawl's item pipeline parses pages with :func:`prepare_page` outside the
write lock and stores them in batches with :func:`storage.writes.store_articles`;
:func:`store_page` does both for one page (tests, benchmarks, tools).
"""

from __future__ import annotations

import dataclasses

from sqlite_utils import Database

from aggregator.config import Config, Source
from aggregator.parser.for_source import prepare_article
from aggregator.schema import ArticleWrite, FetchedPage, KeptPage
from storage.boilerplate import known_blocks
from storage.writes import StoreResult, store_article


def prepare_page(
    db: Database | None, page: FetchedPage, source: Source, config: Config
) -> ArticleWrite:
    """Parse one fetched page into the article to store; raise RejectedPage if it is no article.

    Reads the source's learned boilerplate but writes nothing, so a crawl can
    parse pages outside the write lock and store them in batches. With
    ``retention.keep_pages`` the write carries the page, compressed, for the store to
    keep beside the article's version (``storage.page_archive``). Without a
    database (a cluster worker's crawl) no block is removed here: the writer's
    ``store_articles`` removes the learned ones as it stores.
    """
    rules = config.boilerplate
    # One range scan of the (source, stories) index, returning only learned blocks:
    # cheap next to the parse, and always current (no cache to go stale).
    known = None
    if rules.enabled and db is not None:
        known = known_blocks(db, page.source, rules.min_stories)
    write = prepare_article(page, source, rules, known)
    if config.retention.keep_pages:
        # Compressed here, where the page is parsed: a cluster worker ships it so.
        write = dataclasses.replace(write, page=KeptPage.of(page))
    return write


def store_page(db: Database, page: FetchedPage, source: Source, config: Config) -> StoreResult:
    """Parse one fetched page and store it in its story; raise RejectedPage if it is no article."""
    write = prepare_page(db, page, source, config)
    return store_article(
        db,
        write.article,
        config.dedup,
        etag=write.etag,
        last_modified=write.last_modified,
        aliases=write.aliases,
        boilerplate=config.boilerplate,
        retention=config.retention,
        page=write.page,
    )
