"""parse → dedup → store for one fetched page: the stage the Scrapy pipeline calls.

A plain function of its inputs, so it runs (and is tested) without Scrapy.
"""

from __future__ import annotations

from urllib.parse import urlsplit

from sqlite_utils import Database

from aggregator.config import Config, Source
from aggregator.parser import extract
from aggregator.schema import Article, FetchedPage
from storage.writes import StoreResult, store_article


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


def process_page(db: Database, page: FetchedPage, source: Source, config: Config) -> StoreResult:
    """Parse one fetched page and store it in its story; raise RejectedPage if it is no article."""
    article = extract(
        page.html,
        page.url,
        source=page.source,
        selectors=source.selectors,
        hints=page.hints,
        fetched_at=page.fetched_at,
    )
    if not article.body:
        raise RejectedPage(f"{page.url}: no article text found")
    if not article.site_name and source.site_name:
        article.site_name = source.site_name
    _keep_syndicated_copy_apart(article)
    return store_article(
        db, article, config.dedup, etag=page.etag, last_modified=page.last_modified
    )
