"""The names of a crawl's counters in Scrapy's stats that more than one module uses: the
spider and the pipeline count under them, the runner and the application (a crawl's
summary line, ``aggregator demo``'s totals) read them. Declared once, here."""

from __future__ import annotations


def articles(outcome: str) -> str:
    """The counter of article pages by outcome: how storage took them (``new``, ``updated``,
    ``unchanged``: ``storage.writes.StoreStatus``), ``fetched``, ``parsed``, and the
    article URLs not fetched as stored and unchanged (``skipped_known``, ``not_modified``)."""
    return f"newsagg/articles_{outcome}"


#: Article pages answered, as HTML.
ARTICLES_FETCHED = articles("fetched")
#: Article pages parsed (into articles, or refused).
ARTICLES_PARSED = articles("parsed")
#: Article requests scheduled, and those answered or failed (a crawl's progress).
ARTICLE_REQUESTS = "newsagg/article_requests"
ARTICLE_RESPONSES = "newsagg/article_responses"
#: Set when a batch could not be stored: the crawl then ends as ``storage_failed``.
STORAGE_FAILED = "newsagg/storage_failed"
#: Prefix: discovered links not followed, by reason (``spiders.news.DISCOVERY_REASONS``).
DISCOVERY = "newsagg/discovery/"
#: Feeds and sitemaps of the config that redirect permanently (301, 308): each costs two
#: requests a run until the config names where it moved.
DOCUMENTS_MOVED = "newsagg/documents_moved"
