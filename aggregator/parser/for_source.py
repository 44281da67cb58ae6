"""A fetched page of a configured source into the article to store.

Page-only extraction (:func:`aggregator.parser.extract`), then what is known
about the source: its Python parser (``sources[].parser`` in the config) and
the boilerplate learned from its earlier pages
(:mod:`aggregator.parser.site_boilerplate`). The learned blocks come in as an
argument, read by the caller from storage, so this runs without a database.
"""

from __future__ import annotations

from datetime import datetime
from urllib.parse import urlsplit

from aggregator.config import BoilerplateSettings, Source
from aggregator.parser import extract
from aggregator.parser.site_boilerplate import KnownBlocks, Stripped, strip_boilerplate
from aggregator.parser.sources import apply_source_parser
from aggregator.schema import Article, ArticleWrite, FeedHints, FetchedPage


class RejectedPage(Exception):
    """A fetched page that holds no article text; the message says why."""


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

    ``source`` gives the selector overrides and the parser (and the name, unless
    ``source_name`` is given); ``known`` the source's learned blocks (none:
    nothing removed).
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
    if source is not None and source.parser:
        apply_source_parser(article, html, source.parser)
    if known is None:
        return Stripped(article, [])
    return strip_boilerplate(article, known, rules or BoilerplateSettings())


def prepare_article(
    page: FetchedPage,
    source: Source,
    rules: BoilerplateSettings,
    known: KnownBlocks | None,
) -> ArticleWrite:
    """Parse one fetched page into the article to store; raise RejectedPage if it is no article."""
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
