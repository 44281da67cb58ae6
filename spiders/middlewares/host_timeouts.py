"""Counts every timeout when it happens, backs a host off while it answers server errors,
and gives up a host that keeps timing out or failing."""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from scrapy import signals
from scrapy.exceptions import IgnoreRequest
from scrapy.http import Request, Response
from scrapy.utils.httpobj import urlparse_cached

from spiders.middlewares.backoffs import backoff_key
from spiders.middlewares.errors import HostFailing, HostTimedOut, error_kind, refuse_slot
from spiders.middlewares.hosts import shared_hosts
from spiders.middlewares.retry_after import (
    RetryAfterMiddleware,
    parse_retry_after,
    required_seconds,
    required_setting,
)

logger = logging.getLogger(__name__)

#: Request meta key: this request's timeout is already in ``newsagg/errors/timeout``
#: (Scrapy's retry copies meta, so the request that finally fails carries it too).
TIMEOUT_COUNTED = "newsagg_timeout_counted"

#: The first widening of a host's delay after a server error, when it had none.
LEAST_ERROR_DELAY = 1.0


def is_server_error(status: int) -> bool:
    """An answer that says the server cannot serve now (5xx, 429), not that the page is wrong."""
    return status >= 500 or status == 429


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

    Server errors (5xx, 429) are a host failing too: each one without a usable
    ``Retry-After`` (which pauses the host itself, ``RetryAfterMiddleware``) doubles
    the host's download-slot delay, from at least :data:`LEAST_ERROR_DELAY` up to
    ``limits.max_crawl_delay``, and any other answer puts it back; after
    ``limits.max_server_errors_in_a_row`` of them in a row with no other answer
    between, the host is given up as for timeouts, failing as ``host_failing``. A
    host answering 500 to everything had each of its URLs asked three times at the
    normal rate, on every run. The answer is read at ``response_downloaded``, before
    the slot hands out its next request, as ``RetryAfterMiddleware`` reads its own.
    """

    def __init__(self, crawler) -> None:  # type: ignore[no-untyped-def]
        self.crawler = crawler
        settings = crawler.settings
        self.limit = max(1, settings.getint("NEWSAGG_HOST_TIMEOUTS_IN_A_ROW"))
        self.error_limit = int(required_setting(settings, "NEWSAGG_MAX_SERVER_ERRORS_IN_A_ROW"))
        self.widest_delay = required_seconds(settings, "NEWSAGG_MAX_CRAWL_DELAY")
        # The counts, the hosts given up and the widened delays are the run's.
        self.hosts = shared_hosts(crawler)
        # This crawl's download slots whose delay was widened, and their delay before.
        self._delay_before: dict[str, float] = {}

    @classmethod
    def from_crawler(cls, crawler):  # type: ignore[no-untyped-def]
        middleware = cls(crawler)
        crawler.signals.connect(middleware._answered, signal=signals.response_downloaded)
        middleware.hosts.failing_hooks.append(middleware._sync_slot)
        return middleware

    def process_request(self, request: Request, spider: Any = None) -> None:
        refusal = self.hosts.failing.get(backoff_key(request))
        if refusal is not None:
            raise refusal(request)

    def process_response(
        self, request: Request, response: Response, spider: Any = None
    ) -> Response:
        host = backoff_key(request)
        self.hosts.timeouts_in_a_row.pop(host, None)
        if host in self.hosts.failing and is_server_error(response.status):
            request.meta["dont_retry"] = True
        return response

    def process_exception(self, request: Request, exception: Exception, spider: Any = None) -> None:
        if error_kind(exception) != "timeout":
            return
        self.crawler.stats.inc_value("newsagg/errors/timeout")
        request.meta[TIMEOUT_COUNTED] = True
        host = backoff_key(request)
        in_a_row = self.hosts.timeouts_in_a_row.get(host, 0) + 1
        self.hosts.timeouts_in_a_row[host] = in_a_row
        if in_a_row >= self.limit:
            self._give_up(
                request,
                f"{in_a_row} requests in a row timed out",
                lambda queued: _timed_out(queued, _netloc(queued)),
            )
        if host in self.hosts.failing:
            request.meta["dont_retry"] = True

    def _answered(self, response: Response, request: Request, spider: Any = None) -> None:
        host = backoff_key(request)
        if not is_server_error(response.status):
            self.hosts.errors_in_a_row.pop(host, None)
            self.hosts.set_error_delay(host, None)
            return
        in_a_row = self.hosts.errors_in_a_row.get(host, 0) + 1
        self.hosts.errors_in_a_row[host] = in_a_row
        if not _pauses_itself(response):
            self._widen_delay(host)
        if in_a_row >= self.error_limit:
            self._give_up(
                request,
                f"{in_a_row} answers in a row were server errors (the last HTTP {response.status})",
                lambda queued: _failing(queued, _netloc(queued)),
            )

    def _give_up(
        self, request: Request, why: str, refusal: Callable[[Request], IgnoreRequest]
    ) -> None:
        """Give the request's host up for the run, in every crawl: one WARNING, the
        requests queued for it fail."""
        host = backoff_key(request)
        if host in self.hosts.failing:
            return
        logger.warning("%s: %s: giving up on %s for this run", request.url, why, _netloc(request))
        self.hosts.fail(host, refusal)

    def _widen_delay(self, host: str) -> None:
        """Double the run's delay for ``host`` (from this crawl's slot delay, at least
        :data:`LEAST_ERROR_DELAY`, at most ``limits.max_crawl_delay``)."""
        slot = self._slot(host)
        current = max(self.hosts.error_delays.get(host, 0.0), slot.delay if slot else 0.0)
        self.hosts.set_error_delay(
            host, min(max(2 * current, LEAST_ERROR_DELAY), self.widest_delay)
        )

    def _sync_slot(self, host: str) -> None:
        """The run gave ``host`` up or changed its error delay: this crawl's slot follows."""
        slot = self._slot(host)
        if slot is None:
            return
        refusal = self.hosts.failing.get(host)
        if refusal is not None:
            refuse_slot(slot, refusal)
        widened = self.hosts.error_delays.get(host)
        if widened is None:
            before = self._delay_before.pop(host, None)
            if before is not None:
                slot.delay = before
            return
        before = self._delay_before.setdefault(host, slot.delay)
        # A download_delay over the widest stays.
        slot.delay = max(before, min(widened, self.widest_delay))

    def _slot(self, host: str) -> Any:
        engine = getattr(self.crawler, "engine", None)  # None: a crawl not started yet
        return engine.downloader.slots.get(host) if engine is not None else None


def _pauses_itself(response: Response) -> bool:
    """A 429 or 503 with a usable Retry-After: RetryAfterMiddleware pauses the host."""
    return response.status in RetryAfterMiddleware.RETRY_AFTER_CODES and (
        parse_retry_after(response.headers.get(b"Retry-After")) is not None
    )


def _netloc(request: Request) -> str:
    return urlparse_cached(request).netloc


def _timed_out(request: Request, host: str) -> HostTimedOut:
    return HostTimedOut(f"{request.url}: {host} timed out too often in a row, given up this run")


def _failing(request: Request, host: str) -> HostFailing:
    return HostFailing(
        f"{request.url}: {host} answered server errors too often in a row, given up this run"
    )
