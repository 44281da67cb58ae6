"""``aggregator ingest`` of pages: WARC files and saved HTML, parsed and stored as a crawl's.

Each page is parsed by ``storage.pages.prepare_page`` (its source's selector
overrides, Python parser and learned boilerplate) and stored by
``storage.writes.store_articles`` in batches, one transaction each, as the crawl's
pipeline does: dedup, versions, search and page kinds as a crawl's, a page that is
no article skipped. As a crawl, a page of a configured source is read only when its
source's link rules take its URL for an article's (a site crawl's WARC holds its about,
contact and section pages, and so does a saved site; ``every_page`` keeps them); a later
page of an article split over pages is not stored apart; and a page fetched before the
stored reading of its article is not stored over it (a crawl's page is always the
newest). Pages are read one at a time (:mod:`aggregator.warc`,
:mod:`aggregator.saved_pages`), so a large archive costs a batch of articles in memory.
"""

from __future__ import annotations

import errno
import os
import sqlite3
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field, replace
from datetime import datetime
from pathlib import Path
from urllib.parse import urlsplit

from sqlite_utils import Database

from aggregator.config import Config, Limits, Source
from aggregator.content import GZIP_MAGIC, looks_binary
from aggregator.discovery import plan_for
from aggregator.discovery.links import LinkClassifier
from aggregator.errors import IngestError
from aggregator.jsonl import GZIPPED_NOT_WARC, STDIN
from aggregator.parser.for_source import RejectedPage
from aggregator.parser.next_page import first_page_of, next_page
from aggregator.parser.urls import site_host, spellings
from aggregator.saved_pages import HTML_SUFFIXES, NOT_FILE, looks_like_html, page_url
from aggregator.schema import ArticleWrite, FetchedPage, as_utc
from aggregator.warc import NOT_HTML, SOURCE_HEADER, Intake, Skipped, StoredPage, is_warc
from app.errors import signals_held
from storage.db import DatabaseError, database_path, describe_sqlite_error
from storage.pages import prepare_page
from storage.runs import note_ingested
from storage.sql import marks
from storage.writes import BATCH_SIZE, store_articles

NOT_ARTICLE = "not an article"
NOT_ARTICLE_URL = "not an article URL"
LATER_PAGE = "later page"
OLDER = "older than stored"
FAILED = "failed"
# What a folder of saved pages holds besides articles, counted and not each told.
FOLDER_QUIET = frozenset({NOT_HTML, NOT_FILE, NOT_ARTICLE_URL, LATER_PAGE})

# Called with what was not stored (every skip: the command words the ones it shows).
SkipReporter = Callable[[Skipped], None]
# Called with what a page was stored without: a line, the page's URL first.
NoteReporter = Callable[[str], None]


@dataclass
class PageCounts:
    new: int = 0
    updated: int = 0
    unchanged: int = 0
    skipped: Counter[str] = field(default_factory=Counter)
    failed: int = 0  # of the skipped: unreadable, or not stored (the exit status is 1)
    # Our export's records whose hints header was not read whole, by why (the page read).
    hints_unread: Counter[str] = field(default_factory=Counter)

    @property
    def total(self) -> int:
        return self.new + self.updated + self.unchanged + self.skipped.total()


class Sources:
    """The source each page is stored under: ``--source``'s, else the configured source
    whose crawl would fetch the URL (its scope: a subdomain of its site included), else
    none configured, the URL's site (``site_host``: "www." and "m." left off, a port
    other than the scheme's kept) as the source's name.

    ``every_page``: a page is read whatever its source's link rules say of its URL.
    ``saved``: the pages are saved files, whose URL ``deny`` and ``allow`` judge only
    where the page names it itself (its canonical link, og:url or the address it was
    saved from), not one made of its file's name under ``--base-url``: no crawler
    fetched that one."""

    def __init__(
        self,
        config: Config,
        chosen: Source | None,
        *,
        every_page: bool = False,
        saved: bool = False,
    ) -> None:
        self._config = config
        self._chosen = chosen
        self._every_page = every_page
        self._saved = saved
        self._token = config.robots_agent
        self._by_origin: dict[str, Source | None] = {}
        self._scopes = [(source, plan_for(source).scope) for source in config.sources]
        self._links: dict[str, LinkClassifier] = {}
        # A page parsed by the automatic rules alone (no selectors, parser or zone): only
        # those are read of the source; its page's own name is the FetchedPage's.
        self._unconfigured = Source(name="page", start_pages=["https://page.invalid/"])

    def name_of(self, url: str) -> str:
        source = self._source_of(url)
        return source.name if source is not None else site_host(url) or "unknown"

    def max_bytes_of(self, name: str) -> int:
        """The longest page the crawl of the source ``name`` keeps (``limits_for``)."""
        return self._config.limits_for(self._by_name(name)).max_page_bytes

    def max_pages_of(self, url: str) -> int:
        """The most pages of one article of the URL's source its crawl joins."""
        return self._limits_of(url).max_article_pages

    def _limits_of(self, url: str) -> Limits:
        return self._config.limits_for(self._source_of(url) or self._unconfigured)

    def not_article_url(self, page: FetchedPage) -> str | None:
        """Why the page's configured source's crawl would not fetch its URL as an article
        (its link rules deny it, or take it for no article's: an about page, a section),
        or None. A page of no configured source is left to the parser (an archive such as
        CC-NEWS holds articles whose URLs name them by a number alone), and so is one a
        crawl stored as an article (our own WARC export says so). A saved page is judged
        by ``deny`` and ``allow`` alone, not by its URL's look: a person saved it from a
        browser as an article, whose URL (``/a/12345``) a feed may have named."""
        url = page.url
        source = self._configured_of(page)
        if self._every_page or source is None:
            return None
        if self._saved and page_url(page.html, Path(), None) is None:
            return None  # its URL is its file's name: no crawler's

        if source.name not in self._links:
            self._links[source.name] = LinkClassifier.for_source(source)
        links = self._links[source.name]
        if not links.followable(url):
            return f"{source.name}'s link rules do not follow it"
        if not self._saved and not isinstance(page, StoredPage) and not links.is_article(url):
            return f"{source.name}'s link rules take it for no article's"
        return None

    def robots_token_of(self, name: str) -> str | None:
        """The crawler's robots token where the source ``name`` obeys robots meta tags (as
        its crawl would), None where it stores pages that ask not to be kept."""
        politeness = self._config.politeness_for(self._by_name(name))
        return self._token if politeness.obey_robots_meta else None

    def intake(self) -> Intake:
        """What the readers ask of each page: its source, its robots token, its size."""
        sources = [self._unconfigured, *self._config.sources]
        most = max(self._config.limits_for(source).max_page_bytes for source in sources)
        return Intake(
            self.name_of, self.robots_token_of, self.max_bytes_of, most, self._named_source
        )

    def source(self, page: FetchedPage) -> Source:
        """The configured source of ``page`` (of our own WARC export: the one it names,
        where honoured), or one with no overrides."""
        return self._configured_of(page) or self._unconfigured

    def _configured_of(self, page: FetchedPage) -> Source | None:
        if isinstance(page, StoredPage) and self._configured(page.source):
            return self._config.source(page.source)
        return self._source_of(page.url)

    def _by_name(self, name: str) -> Source:
        """The source a page named ``name`` is stored under (``name_of``'s)."""
        if self._chosen is not None:
            return self._chosen
        return self._config.source(name) if self._configured(name) else self._unconfigured

    def _configured(self, name: str) -> bool:
        """Is ``name`` a configured source's, which a page may name (none when --source
        chooses one for every page)?"""
        return self._chosen is None and any(source.name == name for source in self._config.sources)

    def _named_source(self, url: str, name: str) -> str | None:
        """``name``, of a record of our own export, where a page of ``url`` may be stored
        under it: a configured source whose scope holds the URL, or any where no configured
        source's does (a header never takes a page out of the source whose crawl fetches
        its URL)."""
        if not self._configured(name):
            return None
        if self._source_of(url) is None:
            return name
        scopes = (scope for source, scope in self._scopes if source.name == name)
        return name if any(scope.allows(url) for scope in scopes) else None

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
    on_note: NoteReporter = lambda note: None,
) -> PageCounts:
    """Parse and store every page of ``pages``; each skipped one counted by its reason.

    ``on_progress(n)``: ``n`` more inputs done (skipped, or stored and committed: a
    batch's commit and its report are not parted by Ctrl-C or SIGTERM). ``on_note``: a
    page of our export stored under another source than the one its record names (its
    article's: one article per canonical URL, under the source it was stored under first).
    """
    counts = PageCounts()
    batch: list[tuple[str, ArticleWrite]] = []
    # Each batched article's fetch time by its canonical URL: a second reading of one in
    # the same batch is kept only when newer, and then stored after the first.
    batched: dict[str, datetime] = {}
    # Each batched article's source by its URL and canonical URL: a later record of it
    # is read under that one, as it is once the batch is stored (``_stored_source``).
    batched_sources: dict[str, str] = {}

    def skip(skipped: Skipped) -> None:
        counts.skipped[skipped.reason] += 1
        counts.failed += skipped.failed
        on_skip(skipped)

    configured = {source.name for source in config.sources}

    def store_batch() -> None:
        with signals_held():
            # Before the pages: a source whose pages came only from here is still told
            # from a site ingest named once it is removed from the config (reparse).
            note_ingested(db, {write.article.source for _, write in batch} & configured)
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
        batched.clear()
        batched_sources.clear()

    for page in joined_pages(pages, sources):
        if isinstance(page, StoredPage) and page.hints_problem:
            counts.hints_unread[page.hints_problem] += 1
        read = _read(db, page, sources, config, batched_sources)
        if isinstance(read, ArticleWrite):
            assert isinstance(page, FetchedPage)
            canonical = read.article.canonical_url
            if canonical in batched and page.fetched_at >= batched[canonical]:
                store_batch()  # the newer reading is stored after the older, as its edit
            newest = batched.get(canonical) or _stored_fetched_at(db, canonical)
            if newest is None or page.fetched_at >= newest:
                _note_source_not_taken(page, read, on_note)
                batch.append((page.url, read))
                batched[canonical] = page.fetched_at
                batched_sources[page.url] = batched_sources[canonical] = read.article.source
                if len(batch) >= BATCH_SIZE:
                    store_batch()
                continue
            read = Skipped(
                OLDER,
                page.url,
                f"fetched {page.fetched_at:%Y-%m-%d %H:%M} UTC, "
                f"the stored reading {newest:%Y-%m-%d %H:%M} UTC",
            )
        skip(read)
        on_progress(1)
    if batch:
        store_batch()
    return counts


def joined_pages(
    pages: Iterable[FetchedPage | Skipped], sources: Sources
) -> Iterator[FetchedPage | Skipped]:
    """``pages`` with each article split over pages joined, as the crawl joins them: its
    first page with its later pages (``later_pages``) where they follow it in the input
    (``export --format warc`` writes them so, a crawler fetches them so; a few records
    between, its requests, are passed over). A later page found elsewhere is left as it
    is, for the ingest to skip (:data:`LATER_PAGE`): read apart, it is no article."""
    items = iter(pages)
    held: list[FetchedPage | Skipped] = []  # read ahead for a next page, not yet given
    while (first := held.pop(0) if held else next(items, None)) is not None:
        if isinstance(first, Skipped):
            yield first
            continue
        joined = [first]
        while len(joined) < sources.max_pages_of(first.url):
            url = next_page(joined[-1].html, joined[-1].url)
            if url is None or url in {page.url for page in joined}:
                break
            if (later := _taken(url, held, items)) is None:
                break
            joined.append(later)
        yield replace(first, later_pages=tuple(joined[1:])) if len(joined) > 1 else first


# Inputs read past a page for its next page: a WARC's request and other records between.
_LOOKAHEAD = 8


def _taken(
    url: str, held: list[FetchedPage | Skipped], items: Iterator[FetchedPage | Skipped]
) -> FetchedPage | None:
    """The page of ``url`` among the next few inputs (those passed over kept in ``held``)."""
    for item in held:
        if isinstance(item, FetchedPage) and item.url == url:
            held.remove(item)
            return item
    while len(held) < _LOOKAHEAD:
        read = next(items, None)
        if read is None:
            break
        if isinstance(read, FetchedPage) and read.url == url:
            return read
        held.append(read)
    return None


def _read(
    db: Database,
    page: FetchedPage | Skipped,
    sources: Sources,
    config: Config,
    batched_sources: dict[str, str],
) -> ArticleWrite | Skipped:
    """The article to store of ``page``, or why there is none (``batched_sources``: the
    source of each article read and not yet stored, by its URL and canonical URL).

    A record of our export is read under the source its article is held under, if any (a
    header never moves a stored article): the one stored or batched at its URL, else at
    its canonical URL, which only its parse tells (a print edition's page naming the
    article's URL): then it is read again, under that source."""
    if isinstance(page, Skipped):
        return page
    if unread := _unread(page, sources):
        return unread
    if not isinstance(page, StoredPage):
        return _parsed(db, page, sources, config)
    if held := batched_sources.get(page.url) or _stored_source(db, page.url):
        page = replace(page, source=held)
    read = _parsed(db, page, sources, config)
    if not isinstance(read, ArticleWrite):
        return read
    canonical = read.article.canonical_url
    held = batched_sources.get(canonical) or _stored_source(db, canonical)
    if held is None or held == read.article.source:
        return read
    return _parsed(db, replace(page, source=held), sources, config)


def _parsed(
    db: Database, page: FetchedPage, sources: Sources, config: Config
) -> ArticleWrite | Skipped:
    """``page`` parsed under its source, or why it is no article."""
    try:
        return prepare_page(db, page, sources.source(page), config)
    except RejectedPage as exc:
        return Skipped(NOT_ARTICLE, page.url, str(exc).removeprefix(f"{page.url}: "))
    except sqlite3.Error as exc:  # reading the source's learned blocks: every page would
        raise DatabaseError(describe_sqlite_error(database_path(db), exc)) from None
    except Exception as exc:  # noqa: BLE001 - one bad page never stops the others
        return Skipped(FAILED, page.url, f"not parsed ({exc!r})"[:300], failed=True)


def _note_source_not_taken(page: FetchedPage, read: ArticleWrite, on_note: NoteReporter) -> None:
    """Tell ``on_note`` where ``page``'s record named a source and ``read``, its article,
    is stored under another (one article per canonical URL): that name is lost."""
    if isinstance(page, StoredPage) and page.named_source not in ("", read.article.source):
        on_note(
            f"{page.url}: its {SOURCE_HEADER} {page.named_source!r} is not taken: its "
            f"article is stored under {read.article.source!r} (a record never moves an "
            "article to another source)"
        )


def _unread(page: FetchedPage, sources: Sources) -> Skipped | None:
    """Why the page is not read as a crawl would not: its URL no article's by its source's
    link rules, or a later page of an article (its page 1 holds the article)."""
    if why := sources.not_article_url(page):
        return Skipped(NOT_ARTICLE_URL, page.url, why)
    if first := first_page_of(page.html, page.url):
        return Skipped(LATER_PAGE, page.url, f"a later page of {first}")
    return None


def _stored_source(db: Database, url: str) -> str | None:
    """The source the current article fetched at ``url``, or stored under it as its
    canonical URL in one of its spellings (the article a page naming it joins:
    ``urls.spellings``), is stored under, or None."""
    written = spellings(url)
    row = db.execute(
        f"SELECT source FROM articles WHERE (url = ? OR canonical_url IN ({marks(written)})) "
        "AND replaced_at IS NULL ORDER BY canonical_url != ? LIMIT 1",
        [url, *written, url],
    ).fetchone()
    return str(row[0]) if row else None


def _stored_fetched_at(db: Database, canonical: str) -> datetime | None:
    """When the current article stored under ``canonical`` was fetched, or None."""
    row = db.execute(
        "SELECT fetched_at FROM articles WHERE canonical_url = ? AND replaced_at IS NULL",
        [canonical],
    ).fetchone()
    return as_utc(datetime.fromisoformat(row[0])) if row and row[0] else None


def missing_input(path: Path) -> IngestError | None:
    """Why ``path`` cannot be read because it is not there (standard input never is)."""
    if path != STDIN and not path.exists():
        return IngestError(f"{path}: cannot read ({os.strerror(errno.ENOENT)})")
    return None


def no_records(path: Path) -> IngestError | None:
    """Why JSON lines at ``path`` hold no record, known before any database is opened for
    them: an empty file, or the null device (``/dev/null``, which else reads as a pipe)."""
    if path == STDIN:
        return None
    try:
        empty = (path.is_file() and path.stat().st_size == 0) or os.path.samefile(path, os.devnull)
    except OSError:  # not there: missing_input's line
        return None
    return IngestError(f"{path}: no records") if empty else None


def input_format(path: Path) -> str:
    """What ``path`` holds, read from its first bytes: "warc", "html" (a folder too:
    of saved pages) or "jsonl" (also standard input and a pipe, whose first bytes read
    here would be lost to the ingest). IngestError for a file that cannot be read (said
    before any database is opened for it), for a binary file that is none of them (a
    WACZ, a PDF, a WARC compressed otherwise than by gzip, a gzip of a page) and for JSON
    lines that hold no record (:func:`no_records`)."""
    if path.is_dir():
        return "html"
    if not path.is_file():
        if missing := missing_input(path) or no_records(path):
            raise missing
        return "jsonl"
    if is_warc(path):
        return "warc"
    try:
        with path.open("rb") as handle:
            head = handle.read(1024)
    except OSError as exc:
        raise IngestError(f"{path}: cannot read ({exc.strerror or exc})") from None
    if path.suffix.lower() in HTML_SUFFIXES or looks_like_html(head):
        return "html"
    if head.startswith(GZIP_MAGIC):  # is_warc read it: a gzip of something else
        raise IngestError(f"{path}: {GZIPPED_NOT_WARC}")
    if looks_binary(head):
        raise IngestError(
            f"{path}: not a WARC, HTML or JSON lines (binary content; a WACZ is a zip: "
            "unzip it and ingest its archive/*.warc.gz; a .warc.zst: zstd -d it)"
        )
    if empty := no_records(path):
        raise empty
    return "jsonl"
