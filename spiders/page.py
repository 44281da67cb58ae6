"""One page, fetched as a crawl fetches it: ``aggregator extract URL``.

The same downloader as a crawl (``spiders.settings`` and the source's
``settings_for_source``): the address guard and its resolver, a total timer
per request (``download_timeout``), ``max_page_bytes`` before and after
decompression, redirects (each one judged again). The URL asked for is in
scope like a source's own discovery URL; a redirect leaving its host and port
(or the source's scope, with ``--source``) is judged by the guard like a
redirected feed: a loopback, private or otherwise non-public address is
refused. robots.txt is not consulted: a page asked for by hand is not a crawl.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from http import HTTPStatus
from typing import Any

import scrapy
from scrapy.http import HtmlResponse, Response
from twisted.python.failure import Failure

from aggregator.content import looks_binary
from aggregator.discovery import Scope
from spiders.middlewares import error_kind
from spiders.news import header_charset


class PageFetchError(Exception):
    """The page could not be fetched or was refused; the message says why, in one line."""


class PageSpider(scrapy.Spider):
    """Fetches one URL; keeps the response's body or the reason it failed."""

    name = "page"

    def __init__(self, url: str, scope: Scope, max_page_bytes: int, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.url = url
        # Read by AddressGuardMiddleware: trusted as given inside, judged outside.
        self.scope = scope
        self.allowed_domains = scope.domains
        self.max_page_bytes = max_page_bytes
        # The body, the final URL, the charset its Content-Type header named.
        self.page: tuple[bytes, str, str | None] | None = None
        self.failure: str | None = None

    async def start(self) -> AsyncIterator[scrapy.Request]:
        # dont_filter: the URL asked for, like a source's discovery URL; its redirects
        # leave the offsite filter to the address guard.
        yield scrapy.Request(self.url, callback=self.keep, errback=self.fail, dont_filter=True)

    def keep(self, response: Response) -> None:
        if not isinstance(response, HtmlResponse) or looks_binary(response.body):
            kind = (response.headers.get(b"Content-Type") or b"?").decode("latin-1")
            self.failure = f"{response.url}: not an HTML page (Content-Type {kind})"
            return
        self.page = (response.body, response.url, header_charset(response))

    def fail(self, failure: Failure) -> None:
        exc = failure.value
        kind = error_kind(exc) if exc is not None else "other"
        self.failure = describe_failure(self.url, kind, exc, self.max_page_bytes)


def describe_failure(url: str, kind: str, exc: BaseException | None, max_bytes: int) -> str:
    """One line for an operator: what went wrong with fetching ``url``."""
    from scrapy.spidermiddlewares.httperror import HttpError

    if isinstance(exc, HttpError):
        status = exc.response.status
        try:
            phrase = HTTPStatus(status).phrase
        except ValueError:
            phrase = ""
        note = " (a redirect not followed)" if 300 <= status < 400 else ""
        return f"{url}: HTTP {status} {phrase}{note}".replace("  ", " ")
    if kind == "too_large":
        return f"{url}: page is larger than max_page_bytes ({max_bytes})"
    if kind == "timeout":
        return f"{url}: no complete answer within download_timeout ({exc})"
    if kind in ("blocked_address", "offsite"):
        return f"refused: {exc}"
    return f"{url}: {kind}: {exc}"
