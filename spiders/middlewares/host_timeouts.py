"""Counts every timeout when it happens, and gives up a host that keeps timing out."""

from __future__ import annotations

import logging
from typing import Any

from scrapy.http import Request, Response
from scrapy.utils.httpobj import urlparse_cached

from spiders.middlewares.errors import HostTimedOut, error_kind, refuse_queued

logger = logging.getLogger(__name__)

#: Request meta key: this request's timeout is already in ``newsagg/errors/timeout``
#: (Scrapy's retry copies meta, so the request that finally fails carries it too).
TIMEOUT_COUNTED = "newsagg_timeout_counted"


class HostTimeoutsMiddleware:
    """Counts each attempt that times out under ``newsagg/errors/timeout`` as it
    happens, a retried one too, and gives a host up for the rest of the run once
    ``NEWSAGG_HOST_TIMEOUTS_IN_A_ROW`` attempts to it in a row timed out (any
    answer from it resets the count).

    Without it a host that accepts connections and never answers took the whole
    ``run_timeout``: Scrapy queues a retry behind every new URL, so no request used
    up its retries before the time cap and the run ended with no error counted.
    A host given up gets one WARNING; its later requests, and those already
    waiting in its download slot, fail as ``host_timed_out`` without being sent.
    Its order sits nearer the downloader than the retry middleware's, so it sees
    each timeout before the retry does, and the timeout that gives the host up
    is not retried.
    """

    def __init__(self, crawler) -> None:  # type: ignore[no-untyped-def]
        self.crawler = crawler
        self.limit = max(1, crawler.settings.getint("NEWSAGG_HOST_TIMEOUTS_IN_A_ROW"))
        self.in_a_row: dict[str, int] = {}
        self.given_up: set[str] = set()

    @classmethod
    def from_crawler(cls, crawler):  # type: ignore[no-untyped-def]
        return cls(crawler)

    def process_request(self, request: Request, spider: Any = None) -> None:
        host = _host(request)
        if host in self.given_up:
            raise _given_up(request, host)

    def process_response(
        self, request: Request, response: Response, spider: Any = None
    ) -> Response:
        self.in_a_row.pop(_host(request), None)
        return response

    def process_exception(self, request: Request, exception: Exception, spider: Any = None) -> None:
        if error_kind(exception) != "timeout":
            return
        self.crawler.stats.inc_value("newsagg/errors/timeout")
        request.meta[TIMEOUT_COUNTED] = True
        host = _host(request)
        self.in_a_row[host] = self.in_a_row.get(host, 0) + 1
        if self.in_a_row[host] >= self.limit and host not in self.given_up:
            self.given_up.add(host)
            logger.warning(
                "%s: %d requests in a row timed out: giving up on %s for this run",
                request.url,
                self.in_a_row[host],
                host,
            )
            refuse_queued(self.crawler, request, lambda queued: _given_up(queued, host))
        if host in self.given_up:
            request.meta["dont_retry"] = True


def _host(request: Request) -> str:
    return urlparse_cached(request).netloc


def _given_up(request: Request, host: str) -> HostTimedOut:
    return HostTimedOut(f"{request.url}: {host} timed out too often in a row, given up this run")
