"""parse → dedup → store for one fetched page: the stage the Scrapy pipeline calls.

A plain function of its inputs, so it runs (and is tested) without Scrapy.
Parsing is page-only extraction, then what is known about the source: its
Python parser (``aggregator.parser.sources``) and its learned boilerplate
(``aggregator.parser.site``, counts in ``storage.boilerplate``).
"""

from __future__ import annotations

from datetime import datetime
from urllib.parse import urlsplit

from sqlite_utils import Database

from aggregator.config import BoilerplateSettings, Config, Source
from aggregator.parser import extract
from aggregator.parser.site import KnownBlocks, Stripped, strip_boilerplate
from aggregator.parser.sources import apply_source_parser
from aggregator.schema import Article, FeedHints, FetchedPage
from storage.boilerplate import known_blocks
from storage.writes import ArticleWrite, StoreResult, store_article


class RejectedPage(Exception):
    """A fetched page that holds no article text; the message says why."""


def _keep_syndicated_copy_apart(article: Article) -> None:
    """A rel=canonical to another site marks a syndicated copy, not the same article.

    The canonical URL is the article's identity in storage, so a copy that
    points at its original would otherwise overwrite it; keep the page's own
    URL as identity and the pointer as evidence for the story's origin.
    """
    own_host = urlsplit(article.url).hostname
    if urlsplit(article.canonical_url).hostname != own_host:
        article.is_based_on = article.is_based_on or article.canonical_url
        article.canonical_url = article.url
        article.provenance["canonical_url"] = "url (cross-site canonical kept as is_based_on)"


def extract_for_source(
    html: str | bytes,
    url: str,
    *,
    source: Source | None,
    source_name: str = "",
    hints: FeedHints | None = None,
    fetched_at: datetime | None = None,
    known: KnownBlocks | None = None,
    rules: BoilerplateSettings | None = None,
) -> Stripped:
    """Page-only extraction, then the source's Python parser, then its known boilerplate.

    ``source`` gives the selector overrides (and the name, unless ``source_name``
    is given); ``known`` the source's learned blocks (none: nothing removed).
    """
    name = source_name or (source.name if source is not None else "")
    article = extract(
        html,
        url,
        source=name,
        selectors=source.selectors if source is not None else None,
        hints=hints,
        fetched_at=fetched_at,
    )
    if name:
        apply_source_parser(article, html)
    if known is None:
        return Stripped(article, [])
    return strip_boilerplate(article, known, rules or BoilerplateSettings())


def prepare_page(db: Database, page: FetchedPage, source: Source, config: Config) -> ArticleWrite:
    """Parse one fetched page into the article to store; raise RejectedPage if it is no article.

    Reads the source's learned boilerplate but writes nothing, so a crawl can
    parse pages outside the write lock and store them in batches.
    """
    rules = config.boilerplate
    # One range scan of the (source, stories) index, returning only learned blocks:
    # cheap next to the parse, and always current (no cache to go stale).
    known = known_blocks(db, page.source, rules.min_stories) if rules.enabled else None
    article = extract_for_source(
        page.html,
        page.url,
        source=source,
        source_name=page.source,
        hints=page.hints,
        fetched_at=page.fetched_at,
        known=known,
        rules=rules,
    ).article
    if not article.body:
        raise RejectedPage(f"{page.url}: no article text found")
    if not article.site_name and source.site_name:
        article.site_name = source.site_name
    _keep_syndicated_copy_apart(article)
    return ArticleWrite(
        article,
        etag=page.etag,
        last_modified=page.last_modified,
        aliases=(page.requested_url,) if page.requested_url else (),
    )


def process_page(db: Database, page: FetchedPage, source: Source, config: Config) -> StoreResult:
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
    )
