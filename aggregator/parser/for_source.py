"""A fetched page of a configured source into the article to store.

Page-only extraction (:func:`aggregator.parser.extract`), then what is known
about the source: its Python parser (``sources[].parser`` in the config) and
the boilerplate learned from its earlier pages
(:mod:`aggregator.parser.site_boilerplate`). The learned blocks come in as an
argument, read by the caller from storage, so this runs without a database.
"""

from __future__ import annotations

from datetime import datetime
from itertools import islice

from aggregator.config import BoilerplateSettings, Source
from aggregator.hygiene import clean_article
from aggregator.parser.fields import canonical_elsewhere, extract_parsed
from aggregator.parser.page_kind import page_kind_problem
from aggregator.parser.site_boilerplate import KnownBlocks, Stripped, strip_boilerplate
from aggregator.parser.sources import apply_source_parser
from aggregator.parser.tree import Page
from aggregator.schema import Article, ArticleWrite, FeedHints, FetchedPage


class RejectedPage(Exception):
    """A fetched page that holds no article text, or is no article (a soft 404, a
    listing page: ``page_kind``); the message says why."""


# The fewest letters (in any script: str.isalpha) a page's body must hold to be
# stored as an article. A page of 200,000 nested divs, cut by libxml2 at its depth
# limit, left a body of "27 Nov": 3 letters. The fewest in any body extracted from
# the 891 development pages is 7, so no real page falls under this (docs/crawling.md,
# "What counts as article text"; benchmarks/article_minimum.py measures it).
MIN_ARTICLE_LETTERS = 5


def article_text_problem(article: Article) -> str | None:
    """Why ``article``'s body is not article text (none, or too little), or None."""
    if not article.body:
        return "no article text found"
    # Counted only up to the minimum: a 5 MB body costs no more than a short one.
    found = (ch for paragraph in article.body for ch in paragraph if ch.isalpha())
    letters = sum(1 for _ in islice(found, MIN_ARTICLE_LETTERS))
    if letters < MIN_ARTICLE_LETTERS:
        return (
            f"no article text found ({letters} letters in the body, "
            f"fewer than the {MIN_ARTICLE_LETTERS} an article needs)"
        )
    return None


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
    transport_charset: str | None = None,
) -> Stripped:
    """Page-only extraction, then the source's Python parser, then its known boilerplate.

    Every string of the result has the store's text hygiene
    (:func:`aggregator.hygiene.clean_article`).

    ``source`` gives the selector overrides, the zone its pages print clocks in and
    the parser (and the name, unless ``source_name`` is given); ``known`` the source's
    learned blocks (none: nothing removed); ``transport_charset`` the charset the page
    was served in (``extract``'s).
    """
    return _extract_for_source(
        html, url, source, source_name, hints, fetched_at, known, rules, transport_charset
    )[0]


def _extract_for_source(
    html: str | bytes,
    url: str,
    source: Source | None,
    source_name: str,
    hints: FeedHints | None,
    fetched_at: datetime | None,
    known: KnownBlocks | None,
    rules: BoilerplateSettings | None,
    transport_charset: str | None,
) -> tuple[Stripped, Page | None]:
    """:func:`extract_for_source`, and the parsed page (``fields.extract_parsed``), the
    page's bytes read in ``transport_charset`` where they are valid in it."""
    name = source_name or (source.name if source is not None else "")
    article, parsed = extract_parsed(
        html,
        url,
        source=name,
        selectors=source.selectors if source is not None else None,
        hints=hints,
        fetched_at=fetched_at,
        local_zone=source.page_zone if source is not None else None,
        transport_charset=transport_charset,
    )
    if source is not None and source.parser:
        apply_source_parser(article, html, source.parser)
    # After the source's parser, which is operator code and may set any string.
    article = clean_article(article)
    if known is None:
        return Stripped(article, []), parsed
    return strip_boilerplate(article, known, rules or BoilerplateSettings()), parsed


def prepare_article(
    page: FetchedPage,
    source: Source,
    rules: BoilerplateSettings,
    known: KnownBlocks | None,
) -> ArticleWrite:
    """Parse one fetched page into the article to store; raise RejectedPage if it is no article."""
    stripped, parsed = _extract_for_source(
        page.html,
        page.url,
        source,
        page.source,
        page.hints,
        page.fetched_at,
        known,
        rules,
        page.encoding,
    )
    article = stripped.article
    if problem := article_text_problem(article):
        raise RejectedPage(f"{page.url}: {problem}")
    # The check reads what the article leaves out (title, h1s, teasers, metadata types)
    # from the page extraction parsed: parsing it again would cost a sixth of the
    # extraction's time.
    if parsed is not None and (problem := page_kind_problem(parsed, article)):
        raise RejectedPage(f"{page.url}: {problem}")
    if not article.site_name and source.site_name:
        article.site_name = source.site_name
    keep_syndicated_copy_apart(article)
    for later in page.later_pages:  # an article split over pages: page 1's metadata
        article.body.extend(_later_body(later, source, rules, known))
    aliases = (page.requested_url,) if page.requested_url else ()
    return ArticleWrite(
        article,
        etag=page.etag,
        last_modified=page.last_modified,
        aliases=aliases + tuple(later.url for later in page.later_pages),
        moved_permanently=page.moved_permanently,
    )


def _later_body(
    page: FetchedPage, source: Source, rules: BoilerplateSettings, known: KnownBlocks | None
) -> list[str]:
    """The body of a later page of an article split over pages (none: nothing to join)."""
    stripped, _ = _extract_for_source(
        page.html, page.url, source, page.source, None, page.fetched_at, known, rules, page.encoding
    )
    return stripped.article.body


def keep_syndicated_copy_apart(article: Article) -> None:
    """A rel=canonical to another site marks a syndicated copy, not the same article.

    The canonical URL is the article's identity in storage, so a copy that
    points at its original would otherwise overwrite it; keep the page's own
    URL as identity and the pointer as evidence for the story's origin.
    """
    if canonical_elsewhere(article):
        article.is_based_on = article.is_based_on or article.canonical_url
        article.canonical_url = article.url
        article.provenance["canonical_url"] = "url (cross-site canonical kept as is_based_on)"
