"""The one spider: discovers a source's articles and fetches them, nothing more.

Parsing, dedup and storage happen in ``spiders.pipelines`` (through plain
functions of ``aggregator`` and ``storage``). The database, not Scrapy's JOBDIR,
decides what is new: a URL already stored is not requested again unless its
feed or sitemap says it changed, and then conditionally.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from typing import Any

import scrapy
from scrapy.http import HtmlResponse, Response, TextResponse
from scrapy.linkextractors import LinkExtractor

from aggregator.config import Config, load_config
from aggregator.discovery import (
    DiscoveredLink,
    LinkClassifier,
    maybe_gunzip,
    parse_feed,
    parse_sitemap,
)
from aggregator.parser.urls import canonicalize_url
from aggregator.schema import FeedHints, FetchedPage, utc_now
from spiders.runner import settings_for_source
from storage.db import check_writable, open_db
from storage.queries import known_page


class NewsSpider(scrapy.Spider):
    name = "news"

    def __init__(
        self, source: str, config: Config, db_path: str, run_id: int | None = None, **kwargs: Any
    ):
        super().__init__(**kwargs)
        self.run_id = int(run_id) if run_id is not None else None
        self.source_name = source
        self.config = config
        self.source = config.source(source)
        from aggregator.discovery import plan_for

        self.plan = plan_for(self.source, config)
        self.allowed_domains = self.plan.allowed_domains
        self.limits = config.limits_for(self.source)
        self.links = LinkClassifier.for_source(self.source)
        self.db_path = db_path
        self.db = open_db(db_path)
        # Fail before the first HTTP request when nothing could be stored.
        check_writable(self.db)

    @classmethod
    def from_crawler(cls, crawler, *args: Any, **kwargs: Any):  # type: ignore[no-untyped-def]
        config = kwargs.pop("config", None)
        if config is None:  # `scrapy crawl news -a source=…`: read the project config once
            config = load_config(crawler.settings.get("AGGREGATOR_CONFIG"))
        db_path = kwargs.pop("db_path", None) or crawler.settings.get("AGGREGATOR_DB") or str(
            config.database
        )
        source = config.source(kwargs.pop("source", None) or "")
        crawler.settings.setdict(settings_for_source(config, source), priority="spider")
        spider = super().from_crawler(
            crawler, *args, source=source.name, config=config, db_path=db_path, **kwargs
        )
        return spider

    # --- discovery -----------------------------------------------------------

    async def start(self) -> AsyncIterator[scrapy.Request]:
        for url in self.plan.feeds:
            yield scrapy.Request(url, callback=self.parse_feed, dont_filter=True)
        for url in self.plan.sitemaps:
            yield scrapy.Request(url, callback=self.parse_sitemap, dont_filter=True)
        for url in self.plan.start_pages:
            yield scrapy.Request(
                url, callback=self.parse_listing, dont_filter=True, cb_kwargs={"page": 0}
            )

    def parse_feed(self, response: Response) -> Iterator[scrapy.Request]:
        self.crawler.stats.inc_value("newsagg/feeds_fetched")
        yield from self._article_requests(parse_feed(response.body, response.url))

    def parse_sitemap(self, response: Response) -> Iterator[scrapy.Request]:
        self.crawler.stats.inc_value("newsagg/sitemaps_fetched")
        try:
            body = maybe_gunzip(response.body, self.limits.max_page_bytes)
        except (OSError, ValueError) as exc:
            self.logger.warning("Skipping sitemap %s: %s", response.url, exc)
            self.crawler.stats.inc_value("newsagg/errors/bad_sitemap")
            return
        entries = parse_sitemap(body, response.url, max_age=self.limits.max_age)
        for url in entries.sitemaps:
            yield scrapy.Request(url, callback=self.parse_sitemap)
        yield from self._article_requests(entries.links)

    def parse_listing(self, response: Response, page: int) -> Iterator[scrapy.Request]:
        self.crawler.stats.inc_value("newsagg/listings_fetched")
        if not isinstance(response, TextResponse):
            return
        found: list[DiscoveredLink] = []
        for link in LinkExtractor(unique=True).extract_links(response):
            url = canonicalize_url(link.url)
            # LinkExtractor's allow_domains compares host:port; compare hosts.
            if not self.plan.allows_host(url) or not self.links.followable(url):
                continue
            if self.links.is_article(url):
                found.append(DiscoveredLink(url, FeedHints(title=link.text.strip() or None)))
            elif page < self.source.link_rules.max_pagination:
                yield scrapy.Request(url, callback=self.parse_listing, cb_kwargs={"page": page + 1})
        yield from self._article_requests(found)

    def _article_requests(self, links: list[DiscoveredLink]) -> Iterator[scrapy.Request]:
        for link in links:
            if not self.links.followable(link.url):
                continue
            known = known_page(self.db, link.url)
            headers: dict[str, str] = {}
            if known is not None:
                changed = link.hints.updated_at is not None and (
                    known.fetched_at is None or link.hints.updated_at > known.fetched_at
                )
                if not changed:
                    self.crawler.stats.inc_value("newsagg/articles_skipped_known")
                    continue
                if known.etag:
                    headers["If-None-Match"] = known.etag
                if known.last_modified:
                    headers["If-Modified-Since"] = known.last_modified
            yield scrapy.Request(
                link.url,
                callback=self.parse_article,
                headers=headers,
                meta={"hints": link.hints, "handle_httpstatus_list": [304]},
            )

    # --- fetching --------------------------------------------------------------

    def parse_article(self, response: Response) -> Iterator[FetchedPage]:
        stats = self.crawler.stats
        if response.status == 304:
            stats.inc_value("newsagg/articles_not_modified")
            return
        if not isinstance(response, HtmlResponse):
            stats.inc_value("newsagg/skipped_non_html")
            self.logger.info("Skipping non-HTML response %s", response.url)
            return
        stats.inc_value("newsagg/articles_fetched")
        yield FetchedPage(
            url=canonicalize_url(response.url),
            source=self.source_name,
            html=response.body,
            fetched_at=utc_now(),
            encoding=response.encoding,
            etag=_header(response, b"ETag"),
            last_modified=_header(response, b"Last-Modified"),
            hints=response.meta.get("hints") or FeedHints(),
        )


def _header(response: Response, name: bytes) -> str | None:
    value = response.headers.get(name)
    return value.decode("latin-1") if value else None
