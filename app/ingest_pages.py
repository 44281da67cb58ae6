"""``aggregator ingest`` of pages: WARC files and saved HTML, parsed and stored as a crawl's.

Each page is parsed by ``storage.pages.prepare_page`` (its source's selector
overrides, Python parser and learned boilerplate) and stored by
``storage.writes.store_articles`` in batches, one transaction each, as the crawl's
pipeline does: dedup, versions, search and page kinds as a crawl's, a page that is
no article skipped. Pages are read one at a time (:mod:`aggregator.warc`,
:mod:`aggregator.saved_pages`), so a large archive costs a batch of articles in memory.
"""

from __future__ import annotations

import sqlite3
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

from sqlite_utils import Database

from aggregator.config import Config, Source
from aggregator.discovery import plan_for
from aggregator.parser.for_source import RejectedPage
from aggregator.saved_pages import HTML_SUFFIXES, looks_like_html
from aggregator.schema import ArticleWrite, FetchedPage
from aggregator.warc import Intake, Skipped, is_warc
from app.errors import signals_held
from storage.db import DatabaseError, database_path, describe_sqlite_error
from storage.pages import prepare_page
from storage.writes import BATCH_SIZE, store_articles

NOT_ARTICLE = "not an article"
FAILED = "failed"

# Called with what was not stored (every skip: the command words the ones it shows).
SkipReporter = Callable[[Skipped], None]


@dataclass
class PageCounts:
    new: int = 0
    updated: int = 0
    unchanged: int = 0
    skipped: Counter[str] = field(default_factory=Counter)
    failed: int = 0  # of the skipped: unreadable, or not stored (the exit status is 1)

    @property
    def total(self) -> int:
        return self.new + self.updated + self.unchanged + self.skipped.total()


class Sources:
    """The source each page is stored under: ``--source``'s, else the configured source
    whose crawl would fetch the URL (its scope: a subdomain of its site included), else
    none configured, the URL's host (``www.`` left off) as the source's name, as
    JSON-lines ingest names a record without one by its site."""

    def __init__(self, config: Config, chosen: Source | None) -> None:
        self._config = config
        self._chosen = chosen
        self._token = config.robots_agent
        self._by_origin: dict[str, Source | None] = {}
        self._scopes = [(source, plan_for(source).scope) for source in config.sources]
        # A page parsed by the automatic rules alone (no selectors, parser or zone): only
        # those are read of the source; its page's own name is the FetchedPage's.
        self._unconfigured = Source(name="page", start_pages=["https://page.invalid/"])

    def name_of(self, url: str) -> str:
        source = self._source_of(url)
        if source is not None:
            return source.name
        host = (urlsplit(url).hostname or "unknown").lower()
        return host.removeprefix("www.")

    def robots_token_of(self, url: str) -> str | None:
        """The crawler's robots token where the URL's source obeys robots meta tags (as its
        crawl would), None where it stores pages that ask not to be kept."""
        source = self._source_of(url) or self._unconfigured
        return self._token if self._config.politeness_for(source).obey_robots_meta else None

    def intake(self) -> Intake:
        """What the readers ask of each page: its source, its robots token, its size."""
        return Intake(
            self.name_of, self.robots_token_of, self._config.defaults.limits.max_page_bytes
        )

    def source(self, page: FetchedPage) -> Source:
        """The configured source of ``page``, or one with no overrides."""
        return self._source_of(page.url) or self._unconfigured

    def _source_of(self, url: str) -> Source | None:
        if self._chosen is not None:
            return self._chosen
        parts = urlsplit(url)
        origin = f"{parts.scheme.lower()}://{parts.netloc.lower()}"  # the port decides too
        if origin not in self._by_origin:
            matches = [source for source, scope in self._scopes if scope.allows(url)]
            # A source naming the host itself before one whose scope holds it as a subdomain.
            exact = [source for source, scope in self._scopes if scope.names(url)]
            found = exact or matches
            self._by_origin[origin] = found[0] if found else None
        return self._by_origin[origin]


def ingest_pages(
    db: Database,
    pages: Iterable[FetchedPage | Skipped],
    config: Config,
    sources: Sources,
    *,
    on_skip: SkipReporter = lambda skipped: None,
    on_progress: Callable[[int], object] = lambda done: None,
) -> PageCounts:
    """Parse and store every page of ``pages``; each skipped one counted by its reason.

    ``on_progress(n)``: ``n`` more inputs done (skipped, or stored and committed: a
    batch's commit and its report are not parted by Ctrl-C or SIGTERM).
    """
    counts = PageCounts()
    batch: list[tuple[str, ArticleWrite]] = []

    def skip(skipped: Skipped) -> None:
        counts.skipped[skipped.reason] += 1
        counts.failed += skipped.failed
        on_skip(skipped)

    def store_batch() -> None:
        with signals_held():
            outcomes = store_articles(
                db,
                [write for _, write in batch],
                config.dedup,
                config.boilerplate,
                retention=config.retention,
            )
            for (where, _), outcome in zip(batch, outcomes, strict=True):
                if outcome.result is None:
                    skip(Skipped(FAILED, where, str(outcome.error), failed=True))
                    continue
                status = outcome.result.status.value
                setattr(counts, status, getattr(counts, status) + 1)
            on_progress(len(batch))
        batch.clear()

    for page in pages:
        if isinstance(page, Skipped):
            skip(page)
            on_progress(1)
            continue
        try:
            write = prepare_page(db, page, sources.source(page), config)
        except RejectedPage as exc:
            skip(Skipped(NOT_ARTICLE, page.url, str(exc).removeprefix(f"{page.url}: ")))
            on_progress(1)
            continue
        except sqlite3.Error as exc:  # reading the source's learned blocks: every page would
            raise DatabaseError(describe_sqlite_error(database_path(db), exc)) from None
        except Exception as exc:  # noqa: BLE001 - one bad page never stops the others
            skip(Skipped(FAILED, page.url, f"not parsed ({exc!r})"[:300], failed=True))
            on_progress(1)
            continue
        batch.append((page.url, write))
        if len(batch) >= BATCH_SIZE:
            store_batch()
    if batch:
        store_batch()
    return counts


def input_format(path: Path) -> str:
    """What ``path`` holds, read from its first bytes: "warc", "html" (a folder too:
    of saved pages) or "jsonl" (also a file that cannot be read: JSON-lines ingest
    says why in its own words, and a pipe, whose first bytes read here would be lost
    to the ingest)."""
    if path.is_dir():
        return "html"
    if not path.is_file():
        return "jsonl"
    if is_warc(path):
        return "warc"
    try:
        with path.open("rb") as handle:
            head = handle.read(1024)
    except OSError:
        return "jsonl"
    if path.suffix.lower() in HTML_SUFFIXES or looks_like_html(head):
        return "html"
    return "jsonl"
