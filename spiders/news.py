"""The one spider: discovers a source's articles and fetches them, nothing more.

Parsing, dedup and storage happen in ``spiders.pipelines`` (through plain
functions of ``aggregator`` and ``storage``). The database, not Scrapy's JOBDIR,
decides what is new: a URL already stored is not requested again unless its
feed or sitemap says it changed, and then conditionally.

Every failed request ends in :meth:`NewsSpider.on_error`, which counts it under
``newsagg/errors/<kind>`` (see :func:`spiders.middlewares.error_kind`). Every
discovered link that is not followed is counted under
``newsagg/discovery/<reason>`` (``DISCOVERY_REASONS``): nothing is dropped
silently.
"""

from __future__ import annotations

import dataclasses
import sqlite3
import zlib
from collections.abc import AsyncIterator, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal
from urllib.parse import urlsplit

import scrapy
from scrapy import signals
from scrapy.http import HtmlResponse, Response, TextResponse
from sqlite_utils import Database
from twisted.python.failure import Failure

import spiders.stats as stat_keys
from aggregator.config import Config, load_config
from aggregator.content import charset_of, looks_binary
from aggregator.discovery import (
    SKIP_REASONS,
    DeclaredFeeds,
    DiscoveredLink,
    DocumentEntries,
    LinkClassifier,
    announces_change,
    discovery_kind,
    feeds_declared,
    maybe_gunzip,
    merged_hints,
    parse_feed,
    parse_sitemap,
    plan_for,
    sitemaps_from_robots,
    title_hint,
)
from aggregator.parser.next_page import first_page_of, next_page
from aggregator.parser.sources import load_parser
from aggregator.parser.urls import canonicalize_url
from aggregator.schema import (
    FeedHints,
    FetchedPage,
    GoneAnswer,
    HostBackoff,
    Revalidated,
    utc_now,
)
from spiders.listing import ListingWatch, listing_links
from spiders.middlewares import error_kind
from spiders.middlewares.discovery_cache import DISCOVERY, INDEX_LASTMOD, READ_UNASKED
from spiders.middlewares.errors import ClosedUnsent, HostStillBackedOff
from spiders.middlewares.host_timeouts import TIMEOUT_COUNTED
from spiders.middlewares.robots_meta import CHECK_KEEP
from spiders.middlewares.validators import STORED_VALIDATORS
from spiders.settings import settings_for_source
from storage.backoffs import backoffs_in_force, forget_passed, remember_backoff
from storage.db import DatabaseError, check_writable, open_db
from storage.page_archive import without_kept_page
from storage.queries import KnownPage, known_page
from storage.removals import GONE_STATUSES, next_check

if TYPE_CHECKING:
    from storage.stream import ArticleStream

# What the spider itself leaves out, on top of what a document's entries may be
# (aggregator.discovery.SKIP_REASONS); docs/crawling.md lists them all.
DISCOVERY_REASONS = {
    **SKIP_REASONS,
    "url_too_long": "longer than max_url_length",
    "offsite": "outside the source's scope (host and port)",
    "link_rules": "refused by link_rules (deny, or not allowed)",
    "denied_document": "a sitemap or feed the crawl found (an index's child, robots.txt's "
    "sitemap, a start page's declared feed) that link_rules.deny refuses: said in a WARNING",
    "found_not_article_pattern": "from a feed or sitemap the crawl found itself (a start "
    "page's declared feed, robots.txt's sitemaps), not an article_pattern match",
    "duplicate": "already requested in this crawl",
    "pruned": "stored once and removed by retention (pruned_urls): not fetched again",
    "removed_at_source": "stored, and marked removed at the source (410, or 404 on two "
    "runs): not fetched again (410), or not before its next re-check (404)",
    "host_backed_off": "its host asked (Retry-After) not to be requested before a time "
    "still to come (host_backoffs): not requested this run",
    "closed_unsent": "requested, but the crawl closed (its time or page cap, a signal) "
    "before the request's turn came: not sent",
    "max_pagination": "a listing page past link_rules.max_pagination hops",
    "max_depth": "a link of a listing page at DEPTH_LIMIT (max_depth + 2) hops",
    "over_max_pages": "past max_pages requests scheduled in this crawl",
    "over_max_sitemaps": "a sitemap the crawl found (an index's child, robots.txt's) past "
    "max_sitemaps (at most half of max_pages) requested in this crawl",
    "over_max_listing_pages": "a listing page's link to a further listing page past "
    "max_pages listing pages requested in this crawl",
    "autodiscovered_feed_failed": "the feed a start page declares failed (an HTTP error, "
    "no feed): a stale <link rel=alternate>, not counted as an error",
}
# Marks a feed or sitemap the crawl found itself (a start page's declared feed, a
# robots.txt sitemap, their child sitemaps) rather than one the operator listed.
FOUND = "newsagg_found"
# Marks a sitemap an index lists: a feed there is read as one, said at INFO (search
# engines accept it), not counted as the operator's mistake.
CHILD = "newsagg_child_sitemap"
# Article URLs discovered that are stored and unchanged, so not fetched again.
STAT_SKIPPED_KNOWN = stat_keys.articles("skipped_known")
# Feeds, sitemaps and listing pages answered 304: read from the kept copy.
STAT_DOCUMENTS_NOT_MODIFIED = "newsagg/documents_not_modified"
# An index's child sitemaps read from the kept copy without asking (discovery_cache's
# one exception): no request, so not a 304.
STAT_SITEMAPS_READ_UNASKED = "newsagg/sitemaps_read_unasked"
KNOWN_LOOKUP_SLICE = 100
# The article URL a request is for, as discovered: its hints are read by it (_hints) when
# the page answers, merged over every document of the crawl that listed the URL.
HINTS_OF = "newsagg_hints_of"
# The stored article an article request fetches again (its id): a 404 or 410 it
# answers is that article's (storage.removals).
KNOWN_ARTICLE = "newsagg_known_article"
# The stored article has a first 404 pending: a 304 it answers is sent to the store,
# which forgets that 404 (storage.removals.note_gone).
GONE_PENDING = "newsagg_gone_pending"
# The URL requested is only an alias of the stored article (KnownPage.alias).
KNOWN_ALIAS = "newsagg_known_alias"
# The pages of an article split over pages fetched so far (FetchedPage, page 1 first), on
# the request for its next page.
PAGES_SO_FAR = "newsagg_pages_so_far"
# Later pages of articles split over pages fetched (joined into their page 1's article),
# and such pages reached on their own (a sitemap's) and not stored apart.
STAT_LATER_PAGES = stat_keys.articles("later_pages")
STAT_LATER_PAGES_ALONE = stat_keys.articles("later_pages_refused")
# What a request that failed with an HTTP status was for, by its callback's name.
_DOCUMENT_KINDS = {
    "parse_feed": "feed",
    "parse_sitemap": "sitemap",
    "parse_listing": "listing page",
}
# The usual cause of a status on a site that works in a browser, and the key that fixes it.
_STATUS_HINTS = {
    401: " (a site that wants a login or a cookie needs the source's headers)",
    403: " (a site that refuses a bot's user agent needs the source's user_agent;"
    " one that wants a consent cookie, its headers)",
}


@dataclass(frozen=True)
class PlannedFetch:
    """An article URL a dry run would fetch, and why."""

    source: str
    url: str
    reason: str  # "new" or "changed" (a conditional GET)


def parse_shard(value: str | tuple[int, int] | None) -> tuple[int, int] | None:
    """'i/n' → (i, n): this process fetches the article URLs whose hash is i modulo n."""
    if value is None or isinstance(value, tuple):
        return value
    index, _, count = str(value).partition("/")
    shard = (int(index), int(count))
    if not 0 <= shard[0] < shard[1]:
        raise ValueError(f"bad shard {value!r}: expected i/n with 0 <= i < n")
    return shard


def shard_of(url: str, count: int) -> int:
    """The shard, of ``count``, that fetches the article at ``url``."""
    return zlib.crc32(url.encode("utf-8")) % count


class NewsSpider(scrapy.Spider):
    """One source's crawl. It owns the crawl's database connection: it opens it
    from ``config.database`` and closes it once the engine has stopped, after
    every pipeline has recorded its last write.

    Given a run key (``stream_run``, from the ``NEWSAGG_ARTICLE_STREAM`` setting
    a cluster worker sets) it opens no database: it owns a connection to the
    article stream instead (``config.cluster.redis_url``), where the pipeline
    pushes the articles and where it looks up the pages already stored.
    """

    name = "news"

    def __init__(
        self,
        source: str,
        config: Config,
        run_id: int | None = None,
        dry_run: bool = False,
        shard: str | tuple[int, int] | None = None,
        refresh: tuple[str, ...] = (),
        stream_run: str = "",
        **kwargs: Any,
    ):
        super().__init__(**kwargs)
        self.run_id = int(run_id) if run_id is not None else None
        self.source_name = source
        self.config = config
        self.source = config.source(source)
        self.plan = plan_for(self.source)
        # Scrapy's offsite filter compares host names; the scope adds the ports,
        # checked on every request by the address guard, which also trusts the
        # hosts the source names (on its ports) on loopback and private addresses.
        self.allowed_domains = self.plan.allowed_domains
        self.scope = self.plan.scope
        self.limits = config.limits_for(self.source)
        # Requests for articles (and declared feeds) this crawl may still schedule:
        # more than max_pages could never be fetched, and each one queued costs memory.
        self.requests_left = self.limits.max_pages
        # Sitemaps found (an index's children, robots.txt's) it may still request: a budget
        # of their own, and at most half of max_pages (each fetched counts towards it), so
        # that an index of many children never spends the crawl before its first article.
        self.sitemaps_left = min(self.limits.max_sitemaps, self.limits.max_pages // 2)
        self._denied_said: set[str] = set()
        # The hints of each article URL requested, merged over every document that lists it
        # (read when its page answers), and the URLs whose hints are a listing page's link
        # text only: a feed's or sitemap's listing the same URL later goes first.
        self._hints: dict[str, FeedHints] = {}
        self._link_text_only: set[str] = set()
        self.listing_watch = ListingWatch()
        # Listing pages that listing pages link (start pages aside) this crawl may still
        # request: a budget of its own, so that a site's menus never crowd out its articles.
        self.listings_left = self.limits.max_pages
        self._scheduled: set[str] = set()
        self.links = LinkClassifier.for_source(self.source)
        if self.source.parser:
            load_parser(self.source.parser)  # a wrong one fails the crawl now, not every page
        self.dry_run = bool(dry_run)
        self.shard = parse_shard(shard)
        # Stored articles to fetch again (conditionally) instead of discovering anything.
        self.refresh = tuple(dict.fromkeys(canonicalize_url(url) for url in refresh))
        self.planned: list[PlannedFetch] = []
        # Distinct URLs, so an article that a feed and a sitemap both list counts once.
        self._skipped_known: set[str] = set()
        self._requested: set[str] = set()
        self._counted_once: set[tuple[str, str]] = set()
        # Listing pages requested in this crawl: a link to one is no page left out.
        self._listings: set[str] = set()
        # (document kind, HTTP status) already said in a WARNING (_http_refusal), and the
        # discovery URLs of the config, each of which is always named there.
        self._statuses_said: set[tuple[str, int]] = set()
        # Discovery URLs of the config already said to have moved permanently (_say_moved).
        self._moved_said: set[str] = set()
        # Stored articles that answered 404 or 410 in this run: one answer each counts
        # (its URL and canonical URL may both be requested).
        self._gone_answered: set[int] = set()
        # Stored articles whose current version keeps no page, with retention.keep_pages
        # on (local crawls: the cluster's mirror does not know kept pages): fetched again
        # without validators, so the page comes and is kept.
        self._pageless: set[int] = set()
        self._configured_urls = {
            scrapy.Request(url).url  # as the start requests spell it
            for url in self.plan.urls
        }
        self.stream = _open_stream(config, stream_run) if stream_run else None
        self.db = self._open_db(config.database) if self.stream is None else None

    def _open_db(self, path: Path) -> Database | None:
        if self.dry_run:
            # A dry run writes nothing; without a database every URL is new.
            return open_db(path, read_only=True) if path.exists() else None
        db = open_db(path)
        try:
            check_writable(db)  # fail before the first HTTP request when nothing could be stored
        except DatabaseError:
            db.close()
            raise
        return db

    @classmethod
    def from_crawler(cls, crawler, *args: Any, **kwargs: Any):  # type: ignore[no-untyped-def]
        config = kwargs.pop("config", None)
        if config is None:  # `scrapy crawl news -a source=…`: read the project config once
            config = load_config(crawler.settings.get("AGGREGATOR_CONFIG"))
        source = config.source(kwargs.pop("source", None) or "")
        crawler.settings.setdict(settings_for_source(config, source), priority="spider")
        kwargs.setdefault("stream_run", crawler.settings.get("NEWSAGG_ARTICLE_STREAM") or "")
        spider = super().from_crawler(crawler, *args, source=source.name, config=config, **kwargs)
        # engine_stopped comes after spider_closed, when the pipeline records the run.
        crawler.signals.connect(spider._engine_stopped, signal=signals.engine_stopped)
        return spider

    def _engine_stopped(self) -> None:
        if self.crawler.engine.spider is None:
            self._close_db()
        else:
            # Stopped (Ctrl-C) while the spider was already closing: Scrapy then sends
            # engine_stopped before spider_closed, and the pipeline records the run at
            # spider_closed. Connected now, this runs after the pipeline's receiver.
            self.crawler.signals.connect(self._close_db, signal=signals.spider_closed)

    def _close_db(self) -> None:
        if self.db is not None:
            self.db.close()
            self.db = None
        if self.stream is not None:
            self.stream.close()
            self.stream = None

    # --- hosts backed off between runs (spiders.middlewares.backoffs) ---------

    def host_backoffs(self) -> list[HostBackoff]:
        """The hosts asked in an earlier run not to be requested yet; the passed ones are
        forgotten. Unreadable, none: a back-off only spares the host requests."""
        now = utc_now()
        try:
            if self.stream is not None:
                return self.stream.host_backoffs(now)
            if self.db is None:
                return []
            if not self.dry_run:
                forget_passed(self.db, now)
            return backoffs_in_force(self.db, now)
        except sqlite3.Error as exc:  # the stream's methods say their own failures
            self.logger.warning("Could not read the hosts backed off: %s", exc)
            return []

    def remember_backoff(self, backoff: HostBackoff) -> None:
        """Keep a host's "not before" time for the next runs (not in a dry run)."""
        try:
            if self.dry_run:
                return
            if self.stream is not None:
                self.stream.remember_backoff(backoff)
            elif self.db is not None:
                remember_backoff(self.db, backoff)
        except sqlite3.Error as exc:
            self.logger.warning("Could not remember the back-off of %s: %s", backoff.host, exc)

    # --- discovery -----------------------------------------------------------

    async def start(self) -> AsyncIterator[scrapy.Request]:
        if self.refresh:
            for request in self._article_requests(
                [DiscoveredLink(url, FeedHints()) for url in self.refresh], refresh=True
            ):
                yield request
            return
        for url in self.plan.feeds:
            yield self._request(url, self.parse_feed, dont_filter=True)
        for url in self.plan.sitemaps:
            yield self._request(url, self.parse_sitemap, dont_filter=True)
        if not self.plan.feeds and not self.plan.sitemaps:
            # Only listing pages configured: robots.txt may name sitemaps that find more.
            for root in sorted({_root(u) for u in self.plan.start_pages}):
                yield self._request(
                    root + "/robots.txt",
                    self.parse_robots,
                    dont_filter=True,
                    # Answered by RobotsPolicyMiddleware from its own fetch: one request.
                    meta={"newsagg_robots_txt": True, "handle_httpstatus_all": True},
                )
        for url in self.plan.start_pages:
            yield self._listing_request(url, 0, dont_filter=True)

    def _request(self, url: str, callback: Any, **kwargs: Any) -> scrapy.Request:
        if getattr(callback, "__name__", "") in _DOCUMENT_KINDS:
            # Kept with its validators and asked for conditionally (discovery_cache).
            kwargs["meta"] = {**kwargs.get("meta", {}), DISCOVERY: True}
        kwargs.setdefault("errback", self.on_error)
        return scrapy.Request(url, callback=callback, **kwargs)

    def _count_document(self, response: Response, stat: str) -> None:
        self.crawler.stats.inc_value(stat)
        if READ_UNASKED in response.flags:
            self.crawler.stats.inc_value(STAT_SITEMAPS_READ_UNASKED)
        elif "cached" in response.flags:  # a 304: the kept copy is read as if fetched
            self.crawler.stats.inc_value(STAT_DOCUMENTS_NOT_MODIFIED)

    def _skip(self, reason: str, count: int = 1) -> None:
        self.crawler.stats.inc_value(stat_keys.DISCOVERY + reason, count)

    def _count_skipped(self, entries: DocumentEntries, url: str) -> None:
        for reason, count in entries.skipped.items():
            self._skip(reason, count)
        if entries.skipped:
            summary = ", ".join(f"{r} {n}" for r, n in sorted(entries.skipped.items()))
            self.logger.info("%s: entries not followed: %s", url, summary)

    def parse_robots(self, response: Response) -> Iterator[scrapy.Request]:
        if response.status != 200:
            return
        text = response.body.decode("utf-8-sig", errors="ignore")
        for url in sitemaps_from_robots(text, response.url):
            if self._admit(url, kind="sitemap"):
                self.crawler.stats.inc_value("newsagg/robots_sitemaps")
                yield self._request(url, self.parse_sitemap, meta={FOUND: True})

    def parse_feed(self, response: Response) -> Iterator[scrapy.Request]:
        self._count_document(response, "newsagg/feeds_fetched")
        self._say_moved(response, "feeds")
        body = self._inflated(response, "Refusing feed", "newsagg/errors/bad_feed")
        if body is None:
            return
        entries = parse_feed(
            body,
            response.url,
            max_entries=self.limits.max_feed_entries,
            charset=header_charset(response),
        )
        self._count_skipped(entries, response.url)
        if entries.refused and response.meta.get(FOUND):
            self._autodiscovered_feed_failed(response.url, entries.refused)
        elif entries.refused:
            self.logger.warning("Refusing feed %s: %s", response.url, entries.refused)
            self.crawler.stats.inc_value("newsagg/errors/bad_feed")
        yield from self._declared_feed(
            entries.feeds, response, found=bool(response.meta.get(FOUND))
        )
        yield from self._article_requests(self._found_links(entries.links, response))

    def _declared_feed(
        self, declared: DeclaredFeeds, response: Response, *, found: bool
    ) -> Iterator[scrapy.Request]:
        """A request for the first feed an HTML page declares (autodiscovery), once per crawl;
        ``found``: the crawl found the page itself (a start page), the operator did not list it.

        A feed under the page's path comes first; a declared feed that is the
        page itself (or a URL of its redirect chain) is passed over; one outside
        the source's scope is said, with the fix; a comments feed is passed over, at INFO.
        """
        for url in declared.comments:
            self.logger.info("%s declares the comments feed %s: passed over", response.url, url)
        own = {
            canonicalize_url(url) for url in [*response.meta.get("redirect_urls", ()), response.url]
        }
        # A section page's own feed before the site's: WordPress's /category/sport/
        # declares /feed/, then /category/sport/feed/ (stable: "/" keeps page order).
        section = urlsplit(response.url).path.rsplit("/", 1)[0] + "/"
        feeds = sorted(declared.feeds, key=lambda url: not urlsplit(url).path.startswith(section))
        for url in feeds:
            if url in own:
                self.logger.warning("%s declares itself as its feed: passed over", response.url)
                continue
            if not self.scope.allows(url):
                self.logger.warning(
                    "%s declares its feed %s, outside the source's scope: list %s under feeds",
                    response.url,
                    url,
                    url,
                )
            if self._admit(url, kind="feed"):
                self.logger.info("%s declares the feed %s: reading it", response.url, url)
                self.crawler.stats.inc_value("newsagg/feeds_autodiscovered")
                yield self._request(url, self.parse_feed, meta={FOUND: True} if found else {})
            return

    def _found_links(self, links: list[DiscoveredLink], response: Response) -> list[DiscoveredLink]:
        """The links of a feed or sitemap the crawl found itself that its link_rules accept:
        such a document (a site-wide feed a section page declares, robots.txt's
        sitemaps) may list the whole site, so ``article_pattern`` applies as on a
        listing page (``allow`` and ``deny`` apply to every link)."""
        if not response.meta.get(FOUND) or self.links.article is None:
            return links
        kept = [link for link in links if self.links.is_article(link.url)]
        if len(kept) < len(links):
            self._skip("found_not_article_pattern", len(links) - len(kept))
        return kept

    def _say_moved(self, response: Response, key: str) -> None:
        """One WARNING, and a count, for a feed or sitemap of the config (under ``key``)
        that redirects permanently (301, 308): each run pays the redirect until the
        config names the URL it moved to (the one its permanent redirects lead to)."""
        hops = response.meta.get("redirect_urls") or []
        if not hops or hops[0] not in self._configured_urls or hops[0] in self._moved_said:
            return
        permanent = _permanent_hops(response)
        if not permanent:
            return
        self._moved_said.add(hops[0])
        self.crawler.stats.inc_value(stat_keys.DOCUMENTS_MOVED)
        self.logger.warning(
            "%s: the %s URL %s moved permanently to %s: update %s in config.yaml",
            self.source_name,
            key.removesuffix("s"),
            hops[0],
            [*hops, response.url][permanent],
            key,
        )

    def _inflated(self, response: Response, refusal: str, error_stat: str) -> bytes | None:
        """The body of a feed or sitemap response, gunzipped when it still is (a .xml.gz,
        or a body gzipped twice, has no Content-Encoding left to undo); None, said and
        counted under ``error_stat``, when it does not inflate within the page size limit."""
        try:
            return maybe_gunzip(response.body, self.limits.max_page_bytes)
        except (OSError, ValueError, EOFError) as exc:
            self.logger.warning("%s %s: %s", refusal, response.url, exc)
            self.crawler.stats.inc_value(error_stat)
            return None

    def _autodiscovered_feed_failed(self, url: str, why: str) -> None:
        self._skip("autodiscovered_feed_failed")
        self.logger.warning("The feed a start page declares failed, %s: %s", url, why)

    def parse_sitemap(self, response: Response) -> Iterator[scrapy.Request]:
        self._count_document(response, "newsagg/sitemaps_fetched")
        self._say_moved(response, "sitemaps")
        body = self._inflated(response, "Skipping sitemap", "newsagg/errors/bad_sitemap")
        if body is None:
            return
        entries = parse_sitemap(
            body,
            response.url,
            max_age=self.limits.max_age,
            max_entries=self.limits.max_feed_entries,
            charset=header_charset(response),
        )
        self._count_skipped(entries, response.url)
        if entries.refused:
            self.logger.warning("Refusing sitemap %s: %s", response.url, entries.refused)
            self.crawler.stats.inc_value("newsagg/errors/bad_sitemap")
        elif entries.read_as_feed and (response.meta.get(FOUND) or response.meta.get(CHILD)):
            # robots.txt and indexes may name feeds as sitemaps: search engines read them so.
            self.logger.info("Sitemap %s is a feed: read as a feed", response.url)
        elif entries.read_as_feed:
            self.logger.warning(
                "Sitemap %s is a feed: read as a feed; list it under feeds", response.url
            )
            self.crawler.stats.inc_value("newsagg/errors/bad_sitemap")
        meta = {CHILD: True, **({FOUND: True} if response.meta.get(FOUND) else {})}
        for url in entries.sitemaps:
            if self._admit(url, kind="sitemap"):
                # Dated: read from its kept copy while the index shows no later change.
                dated = entries.sitemap_dates.get(url)
                lastmod = {INDEX_LASTMOD: dated.timestamp()} if dated is not None else {}
                yield self._request(url, self.parse_sitemap, meta={**meta, **lastmod})
        yield from self._article_requests(self._found_links(entries.links, response))

    def parse_listing(self, response: Response, page: int) -> Iterator[scrapy.Request]:
        if page == 0 and (kind := discovery_kind(response.body)) is not None:
            yield from self._misfiled_start_page(response, kind)
            return
        self._count_document(response, "newsagg/listings_fetched")
        if not isinstance(response, TextResponse):
            self._count_error("non_html", response.url)
            return
        if page == 0 and not self.plan.feeds and not self.plan.sitemaps:
            # Only listing pages configured: the feed a start page declares finds
            # articles the page may not link (and their dates), as robots.txt's sitemaps do.
            declared = feeds_declared(response.body, response.url)
            yield from self._declared_feed(declared, response, found=True)
        # Scrapy's depth filter drops a request past DEPTH_LIMIT with a DEBUG line
        # only: its links are counted here instead (max_pagination may reach past it).
        depth_limit = self.crawler.settings.getint("DEPTH_LIMIT")
        too_deep = 0 < depth_limit <= response.meta.get("depth", 0)
        found: list[DiscoveredLink] = []
        self.listing_watch.note_page(response.url, response.selector, followed=page > 0)
        page_links = listing_links(response, self.limits.max_feed_entries)
        if page_links.not_read:
            self._skip("over_max_feed_entries", page_links.not_read)
        for link in page_links.links:
            url = canonicalize_url(link.url)
            reason = self._refusal(url)
            if reason is not None:
                self._skip(reason)
            elif too_deep:
                self._skip_once(url, "max_depth")
            elif self._is_article(url):
                found.append(DiscoveredLink(url, FeedHints(title=title_hint(link.text))))
            elif page < self.source.link_rules.max_pagination:
                if (request := self._next_listing(url, page + 1)) is not None:
                    yield request
            else:
                self._skip_once(url, "max_pagination")
        yield from self._article_requests(found, link_text=True)

    def _is_article(self, url: str) -> bool:
        is_article = self.links.is_article(url)
        self.listing_watch.note_link(is_article)
        return is_article

    def _misfiled_start_page(self, response: Response, kind: str) -> Iterator[scrapy.Request]:
        """A feed or sitemap listed under ``start_pages``: read as what it is, and said (read
        as a page, it gave no link and no word)."""
        key = "feeds" if kind == "feed" else "sitemaps"
        self.logger.warning(
            "%s: the start page %s is a %s: read as one; list it under %s",
            self.source_name,
            response.url,
            kind,
            key,
        )
        self.crawler.stats.inc_value("newsagg/start_pages_misfiled")
        yield from (self.parse_feed if kind == "feed" else self.parse_sitemap)(response)

    def _next_listing(self, url: str, page: int) -> scrapy.Request | None:
        """The request for a listing page a listing page links, within the crawl's budget
        of ``max_pages`` listing pages; None for one already requested, or one past the
        budget (counted as ``over_max_listing_pages``): a page of 500,000 links queued
        500,000 requests, 2 GB, and kept the reactor busy past run_timeout."""
        if url in self._listings:
            return None  # Scrapy's duplicate filter would drop it
        if self.listings_left <= 0:
            self._skip("over_max_listing_pages")
            return None
        self.listings_left -= 1
        return self._listing_request(url, page)

    def _listing_request(self, url: str, page: int, **kwargs: Any) -> scrapy.Request:
        """A listing page's request; a link to it counted as left out (reached first past
        a limit on another path) is taken back."""
        self._listings.add(url)
        for reason in ("max_pagination", "max_depth"):
            if (url, reason) in self._counted_once:
                self._counted_once.discard((url, reason))
                self._skip(reason, -1)
        return self._request(url, self.parse_listing, cb_kwargs={"page": page}, **kwargs)

    def _skip_once(self, url: str, reason: str) -> None:
        """Count a listing link not followed once per URL and reason (every last
        listing page links the same "next" page and navigation), and only a URL
        this crawl does not request (the menu's pages, fetched from the first)."""
        if url in self._listings or url in self._scheduled:
            return
        if (url, reason) not in self._counted_once:
            self._counted_once.add((url, reason))
            self._skip(reason)

    def _refusal(self, url: str, *, document: bool = False) -> str | None:
        """Why ``url`` is not followed (a ``DISCOVERY_REASONS`` key), or None; a
        ``document`` (a sitemap or feed the crawl found) obeys ``deny`` alone."""
        if not url.startswith(("http://", "https://")):
            return "not_http"
        if len(url) > self.limits.max_url_length:
            return "url_too_long"
        if not self.scope.allows(url):
            return "offsite"
        if document and self.links.denied(url):
            return "denied_document"
        if not document and not self.links.followable(url):
            return "link_rules"
        return None

    def _admit(self, url: str, *, kind: Literal["article", "feed", "sitemap"] = "article") -> bool:
        """May a discovered URL be requested now? Counts it by reason when not. ``kind``:
        an ``article``, a ``feed`` a page declares, or a ``sitemap`` found (its own budget)."""
        reason = self._refusal(url, document=kind != "article")
        if reason is None and url in self._scheduled:
            reason = "duplicate"
        sitemap = kind == "sitemap"
        if reason is None and (self.sitemaps_left if sitemap else self.requests_left) <= 0:
            reason = "over_max_sitemaps" if sitemap else "over_max_pages"
        if reason is not None:
            self._skip(reason)
            if reason == "denied_document":
                self._say_denied(url, kind)
            return False
        self._scheduled.add(url)
        if sitemap:
            self.sitemaps_left -= 1
        else:
            self.requests_left -= 1
        return True

    def _say_denied(self, url: str, kind: str) -> None:
        if url not in self._denied_said:
            self._denied_said.add(url)
            self.logger.warning(
                "%s: link_rules.deny refuses the %s %s: the articles it lists are not read",
                self.source_name,
                kind,
                url,
            )

    def _in_shard(self, url: str) -> bool:
        if self.shard is None:
            return True
        index, count = self.shard
        return shard_of(url, count) == index

    def _known_pages(self, urls: list[str]) -> list[KnownPage | None]:
        if self.stream is not None:
            return self.stream.known_pages(urls)
        db = self.db
        known = [known_page(db, url) if db is not None else None for url in urls]
        if db is not None and self.config.retention.keep_pages and not self.dry_run:
            ids = [page.article_id for page in known if page and page.article_id is not None]
            self._pageless |= without_kept_page(db, ids)
        return known

    def _article_requests(
        self, links: list[DiscoveredLink], *, refresh: bool = False, link_text: bool = False
    ) -> Iterator[scrapy.Request]:
        """Requests for the links worth fetching: new URLs, and stored ones announced as changed.

        A stored article is fetched again only when its feed or sitemap gives an
        update time later than its last fetch (or ``refresh``: the operator named
        it), and then conditionally, with its ETag and Last-Modified. ``link_text``:
        the hints are a listing page's link text, which a feed's or sitemap's outrank.
        """
        # Another shard's URL is no loss: that shard fetches it.
        links = [link for link in links if self._in_shard(link.url)]
        known_of: dict[str, KnownPage | None] = {}
        for position, link in enumerate(links):
            if link.url in self._hints:
                self._merge_hints(link, link_text=link_text)
            if self.requests_left <= 0 and self._refusal(link.url) is None:
                self._skip("over_max_pages")  # no lookup: nothing more is queued this run
                continue
            if link.url not in known_of:
                # A slice at a time: one round trip to the article stream's mirror per
                # slice in cluster mode, and few lookups wasted once max_pages is reached.
                batch = [later.url for later in links[position : position + KNOWN_LOOKUP_SLICE]]
                known_of.update(zip(batch, self._known_pages(batch), strict=True))
            known = known_of[link.url]
            headers: dict[str, str] = {}
            if known is not None and known.pruned_at is not None and not refresh:
                self._skip_once(link.url, "pruned")  # fetched, it would be stored anew
                continue
            if known is not None and not refresh and _removed_for_now(known):
                self._skip_once(link.url, "removed_at_source")
                continue
            if known is not None:
                changed = refresh or announces_change(
                    link.hints.updated_at, known.fetched_at, utc_now()
                )
                if not changed:
                    self._skip_known(link.url)
                    continue
                headers = _validators(known, page_kept=known.article_id not in self._pageless)
            if not self._admit(link.url):
                continue
            if self.dry_run:
                # Admitted once: a URL listed twice is counted as a duplicate, not planned twice.
                reason = "new" if known is None else ("refresh" if refresh else "changed")
                self.planned.append(PlannedFetch(self.source_name, link.url, reason))
                continue
            self._note_request(link.url)
            self._hints[link.url] = link.hints
            if link_text:
                self._link_text_only.add(link.url)
            yield self._request(
                link.url,
                self.parse_article,
                headers=headers,
                meta={
                    HINTS_OF: link.url,
                    "handle_httpstatus_list": [304],
                    STORED_VALIDATORS: bool(headers),
                    KNOWN_ARTICLE: known.article_id if known is not None else None,
                    GONE_PENDING: known is not None and known.gone_answers > 0,
                    KNOWN_ALIAS: known is not None and known.alias,
                    CHECK_KEEP: True,
                },
                dont_filter=refresh,
            )

    def _merge_hints(self, link: DiscoveredLink, *, link_text: bool) -> None:
        """Add what another document says of a URL already requested to its hints: a
        feed's or sitemap's go before a listing page's link text, else the first stand."""
        if link.url in self._link_text_only and not link_text:
            self._link_text_only.discard(link.url)
            self._hints[link.url] = merged_hints(link.hints, self._hints[link.url])
        else:
            self._hints[link.url] = merged_hints(self._hints[link.url], link.hints)

    def _skip_known(self, url: str) -> None:
        """Count a stored, unannounced article once, however many discovery pages list it."""
        if url not in self._skipped_known and url not in self._requested:
            self._skipped_known.add(url)
            self.crawler.stats.inc_value(STAT_SKIPPED_KNOWN)

    def _note_request(self, url: str) -> None:
        if url not in self._requested:  # Scrapy drops a repeated request: planned once
            self.crawler.stats.inc_value(stat_keys.ARTICLE_REQUESTS)
        self._requested.add(url)
        if url in self._skipped_known:  # one listing said unchanged, another announced a change
            self._skipped_known.discard(url)
            self.crawler.stats.inc_value(STAT_SKIPPED_KNOWN, -1)

    # --- fetching --------------------------------------------------------------

    def parse_article(
        self, response: Response
    ) -> Iterator[FetchedPage | GoneAnswer | Revalidated | scrapy.Request]:
        stats = self.crawler.stats
        stats.inc_value(stat_keys.ARTICLE_RESPONSES)
        if response.status == 304:
            yield from self._not_modified(response)
            return
        if not isinstance(response, HtmlResponse) or looks_binary(response.body):
            stats.inc_value("newsagg/skipped_non_html")
            self._count_error("non_html", response.url)
            return
        if "partial" in response.flags:
            # No Content-Length and no chunking: the body ended when the server closed.
            stats.inc_value("newsagg/partial_responses")
        stats.inc_value(stat_keys.ARTICLES_FETCHED)
        page = FetchedPage(
            url=canonicalize_url(response.url),
            source=self.source_name,
            html=response.body,
            fetched_at=utc_now(),
            encoding=header_charset(response),
            etag=_header(response, b"ETag"),
            last_modified=_header(response, b"Last-Modified"),
            hints=self._hints.get(response.meta.get(HINTS_OF, ""), FeedHints()),
            requested_url=canonicalize_url(response.meta.get("redirect_urls", [response.url])[0]),
            moved_permanently=_moved_permanently(response),
        )
        first = first_page_of(response.body, page.url)
        if first is not None:  # a sitemap's page 2: read with its page 1, never apart
            stats.inc_value(STAT_LATER_PAGES_ALONE)
            self.logger.info(
                "%s: not stored apart: %s is a later page of the article %s",
                self.source_name,
                page.url,
                first,
            )
            return
        yield from self._article_pages((page,), response.body)

    def _not_modified(self, response: Response) -> Iterator[GoneAnswer | Revalidated]:
        """A stored article answered 304: the store moves its ``fetched_at`` (the change
        its feed or sitemap announced is checked), and forgets a first 404."""
        self.crawler.stats.inc_value(stat_keys.articles("not_modified"))
        article = response.meta.get(KNOWN_ARTICLE)
        if not article:
            return
        if response.meta.get(GONE_PENDING):
            # There after all: a first 404 is forgotten, not trusted on a later run.
            yield self._gone_answer(article, response.url, 304)
        if response.meta.get(STORED_VALIDATORS):  # without, a 304 confirms nothing
            yield Revalidated(
                article_id=article,
                url=canonicalize_url(response.url),
                source=self.source_name,
                answered_at=utc_now(),
                etag=_header(response, b"ETag"),
                last_modified=_header(response, b"Last-Modified"),
            )

    # --- articles split over pages -----------------------------------------------

    def _article_pages(
        self, pages: tuple[FetchedPage, ...], html: bytes
    ) -> Iterator[FetchedPage | scrapy.Request]:
        """The request for the next page of an article split over pages (``html`` is the
        last page fetched), or, when there is none to fetch, the whole article."""
        url = self._next_page_url(pages, html)
        if url is None:
            yield self._whole_article(pages)
            return
        yield self._request(
            url,
            self.parse_later_page,
            errback=self.on_later_page_error,
            meta={PAGES_SO_FAR: pages},
            dont_filter=True,  # a sitemap may have listed it: this request joins it to page 1
        )

    def _next_page_url(self, pages: tuple[FetchedPage, ...], html: bytes) -> str | None:
        """The next page to fetch, or None: the article has none, or the chain ends here
        (said in a log line): max_article_pages, a loop, a URL outside the crawl's bounds."""
        url = next_page(html, pages[-1].url)
        if url is None:
            return None
        if url in {page.url for page in pages}:
            why = "leads back to a page already read"
        elif len(pages) >= self.limits.max_article_pages:
            why = f"is past max_article_pages {self.limits.max_article_pages}"
        elif (refusal := self._refusal(url, document=True)) is not None:
            why = f"is not followed ({refusal})"
        elif self.requests_left <= 0:
            why = "is not followed (over_max_pages)"
        else:
            self.requests_left -= 1
            self._scheduled.add(url)  # a sitemap listing it later: a duplicate
            return url
        self.logger.info(
            "%s: %s's next page %s %s: stored with its first %d pages",
            self.source_name,
            pages[0].url,
            url,
            why,
            len(pages),
        )
        return None

    def _whole_article(self, pages: tuple[FetchedPage, ...]) -> FetchedPage:
        if len(pages) > 1:
            self.logger.info(
                "%s: %s is an article over %d pages", self.source_name, pages[0].url, len(pages)
            )
        return dataclasses.replace(pages[0], later_pages=pages[1:])

    def parse_later_page(self, response: Response) -> Iterator[FetchedPage | scrapy.Request]:
        pages: tuple[FetchedPage, ...] = response.meta[PAGES_SO_FAR]
        self.crawler.stats.inc_value(STAT_LATER_PAGES)
        url = canonicalize_url(response.url)
        if not isinstance(response, HtmlResponse) or looks_binary(response.body):
            why = "is no HTML page"
        elif url in {page.url for page in pages}:  # redirected back to an earlier page
            why = "leads back to a page already read"
        else:
            later = FetchedPage(
                url=url,
                source=self.source_name,
                html=response.body,
                fetched_at=utc_now(),
                encoding=header_charset(response),
            )
            yield from self._article_pages((*pages, later), response.body)
            return
        self._end_of_pages(pages, response.url, why)
        yield self._whole_article(pages)

    def on_later_page_error(self, failure: Failure) -> Iterator[FetchedPage]:
        """A later page that fails or is refused ends the chain: the article is stored with
        the pages read."""
        request = failure.request  # type: ignore[attr-defined]
        pages: tuple[FetchedPage, ...] = request.meta[PAGES_SO_FAR]
        kind = error_kind(failure.value, request) if failure.value is not None else "unknown"
        counted = kind == "timeout" and request.meta.get(TIMEOUT_COUNTED)
        self._count_error(kind, request.url, str(failure.value), counted=bool(counted))
        self._end_of_pages(pages, request.url, f"failed ({kind})")
        yield self._whole_article(pages)

    def _end_of_pages(self, pages: tuple[FetchedPage, ...], url: str, why: str) -> None:
        self.logger.warning(
            "%s: page %d of %s (%s) %s: stored with its first %d pages",
            self.source_name,
            len(pages) + 1,
            pages[0].url,
            url,
            why,
            len(pages),
        )

    def on_error(self, failure: Failure) -> Iterator[GoneAnswer]:
        request = getattr(failure, "request", None)
        if isinstance(failure.value, HostStillBackedOff):
            self._skip("host_backed_off")  # said once per host by the middleware
            return
        if isinstance(failure.value, ClosedUnsent):
            self._skip("closed_unsent")  # counted, not said one by one
            return
        kind = error_kind(failure.value, request) if failure.value is not None else "unknown"
        url = request.url if request is not None else "?"
        if request is not None and request.callback == self.parse_article:
            self.crawler.stats.inc_value(stat_keys.ARTICLE_RESPONSES)  # done, if failed
        if request is not None and request.callback == self.parse_feed and request.meta.get(FOUND):
            self._autodiscovered_feed_failed(url, kind)
            return
        # A timeout is counted as it happens (HostTimeoutsMiddleware), retried or not.
        counted = request is not None and kind == "timeout" and request.meta.get(TIMEOUT_COUNTED)
        self._count_error(kind, url, str(failure.value), counted=bool(counted))
        status = getattr(getattr(failure.value, "response", None), "status", None)
        # A status Scrapy retried is said by its retry middleware ("Gave up retrying …"),
        # a Retry-After too long by ours: one line for one cause.
        retried = self.crawler.settings.getlist("RETRY_HTTP_CODES")
        if (
            request is not None
            and isinstance(status, int)
            and status not in {int(code) for code in retried}
            and not request.meta.get("newsagg_error_kind")
        ):
            self._http_refusal(request, status)
        article = request.meta.get(KNOWN_ARTICLE) if request is not None else None
        if article and status in GONE_STATUSES and article not in self._gone_answered:
            # A stored article's page is gone: the store marks it (storage.removals).
            # Only its own URLs use up its one answer of the run: the store ignores an
            # alias's, and the article's own URL may answer later in the run.
            if request is not None and not request.meta.get(KNOWN_ALIAS):
                self._gone_answered.add(article)
            yield self._gone_answer(article, url, int(status))

    def _gone_answer(self, article_id: int, url: str, status: int) -> GoneAnswer:
        """A stored article's answer for the store, under the URL that gave it (after
        redirects): the store tells the article's own URLs from its aliases."""
        return GoneAnswer(article_id, canonicalize_url(url), self.source_name, status, utc_now())

    def _http_refusal(self, request: scrapy.Request, status: int) -> None:
        """Say an HTTP error status in one WARNING naming the source, the URL and the
        status, once per kind of document and status in a crawl.

        The summary counts it by class only (``http_4xx 1``), and Scrapy logs a status
        it does not retry at INFO: a feed answering 403 to the crawler's user agent was
        a crawl of nothing with no line saying why, and a site refusing every article
        page as quiet.
        """
        what = _DOCUMENT_KINDS.get(getattr(request.callback, "__name__", ""), "article page")
        first = request.meta.get("redirect_urls", [request.url])[0]
        # Each feed, sitemap and start page of the config is named: the operator mends
        # or removes that entry. Discovered ones (articles, child sitemaps, listing
        # pages) are said once per kind and status, then counted.
        configured = first in self._configured_urls
        if not configured:
            if (what, status) in self._statuses_said:
                return
            self._statuses_said.add((what, status))
        self.logger.warning(
            "%s: the %s %s answered HTTP %d%s%s",
            self.source_name,
            what,
            request.url,
            status,
            "" if configured else "; later ones answering it are counted only",
            _STATUS_HINTS.get(status, ""),
        )

    def closed(self, reason: str) -> None:
        """Say, once, what the summary's counts alone left an operator to guess: what the
        link rules missed, and a budget spent on discovery documents."""
        self._say_link_rule_misses()
        self._say_budget_spent(reason)

    def _say_link_rule_misses(self) -> None:
        for line in self.listing_watch.warnings(self.source.link_rules.article_pattern):
            self.logger.warning("%s: %s", self.source_name, line)
        if self.listing_watch.like_articles:
            self.crawler.stats.set_value(
                "newsagg/listings_like_articles", len(self.listing_watch.like_articles)
            )

    def _say_budget_spent(self, reason: str) -> None:
        """A WARNING when no article page was requested while a budget cut sitemaps or
        articles, or max_pages pages were fetched: which key to raise."""
        stats = self.crawler.stats
        if stats.get_value(stat_keys.ARTICLE_REQUESTS, 0) or self.planned or self.refresh:
            return
        sitemaps_cut = stats.get_value(stat_keys.DISCOVERY + "over_max_sitemaps", 0)
        articles_cut = stats.get_value(stat_keys.DISCOVERY + "over_max_pages", 0)
        if not (sitemaps_cut or articles_cut or reason == "closespider_pagecount"):
            return
        self.logger.warning(
            "%s: max_pages %d went on discovery documents (%d sitemaps, %d feeds, %d listing"
            " pages fetched) and no article page was requested (left out: %d sitemaps, %d"
            " articles); set max_age, or raise max_pages or max_sitemaps (%d)",
            self.source_name,
            self.limits.max_pages,
            stats.get_value("newsagg/sitemaps_fetched", 0),
            stats.get_value("newsagg/feeds_fetched", 0),
            stats.get_value("newsagg/listings_fetched", 0),
            sitemaps_cut,
            articles_cut,
            self.limits.max_sitemaps,
        )

    def _count_error(self, kind: str, url: str, detail: str = "", *, counted: bool = False) -> None:
        if not counted:
            self.crawler.stats.inc_value(f"newsagg/errors/{kind}")
        self.logger.info("%s: %s %s", kind, url, detail[:200])


def _removed_for_now(known: KnownPage) -> bool:
    """Is a stored article marked removed at the source, and not due a re-check?"""
    if known.removed_status is None:
        return False
    due = next_check(known.removed_status, known.gone_at or utc_now(), known.gone_answers)
    return due is None or utc_now() < due


def _validators(known: KnownPage, *, page_kept: bool = True) -> dict[str, str]:
    """The conditional headers a stored article is fetched again with; none for one marked
    removed: a 304 would say it is there again, but bring no page to store. None either
    for one whose current version keeps no page where ``retention.keep_pages`` is on
    (not ``page_kept``): a 304 would bring no page to keep."""
    headers: dict[str, str] = {}
    if known.removed_status is not None or not page_kept:
        return headers
    if known.etag:
        headers["If-None-Match"] = known.etag
    if known.last_modified:
        headers["If-Modified-Since"] = known.last_modified
    return headers


def _open_stream(config: Config, run_key: str) -> ArticleStream:
    from storage.stream import ArticleStream, connect

    if config.cluster is None:
        raise ValueError("NEWSAGG_ARTICLE_STREAM is set but the config has no 'cluster:' section")
    url = config.cluster.redis_url
    # A push waits out a Redis restart for as long as a worker's lease lasts.
    return ArticleStream(connect(url), url, run_key, retry_for=config.cluster.lease.total_seconds())


def _root(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}"


def header_charset(response: Response) -> str | None:
    """The charset the Content-Type header names, lower-cased; None when it names none."""
    return charset_of(_header(response, b"Content-Type") or "")


def _header(response: Response, name: bytes) -> str | None:
    value = response.headers.get(name)
    return value.decode("latin-1") if value else None


def _permanent_hops(response: Response) -> int:
    """How many of the redirects that led to ``response`` were permanent (301, 308) before
    the first temporary one (302, 303, 307), which says nothing of where a URL lives."""
    permanent = 0
    for reason in response.meta.get("redirect_reasons") or []:
        if reason not in (301, 308):
            break
        permanent += 1
    return permanent


def _moved_permanently(response: Response) -> bool:
    """Did every redirect that led to ``response`` say its page moved (301, 308)?"""
    hops = response.meta.get("redirect_urls") or []
    return bool(hops) and _permanent_hops(response) == len(hops)
