"""Hosts an earlier run was asked (Retry-After) to leave alone until a time still to come.

``RetryAfterMiddleware`` gives a host up for its crawl when it asks for a longer pause
than the crawl waits, and has the spider remember until when (``host_backoffs``, or the
cluster's Redis). This middleware, first in the chain, refuses every request to such
a host before that time, robots.txt included: one WARNING per host saying until when,
each request counted as the discovery reason ``host_backed_off``.
"""

from __future__ import annotations

import logging
from typing import Any

from scrapy.http import Request
from scrapy.utils.httpobj import urlparse_cached

from aggregator.schema import HostBackoff, utc_now
from spiders.middlewares.errors import HostStillBackedOff

logger = logging.getLogger(__name__)


def backoff_key(request: Request) -> str:
    """The host a back-off is kept for, in a run (``RetryAfterMiddleware``) and between
    runs (``host_backoffs``): the host name, lower-cased, whatever the port.

    As Scrapy's download slots (one per host name by default): a run's pause holds the
    host's slot, which every port shares, so the remembered one covers as much.
    """
    return urlparse_cached(request).hostname or ""


class RememberedBackoffMiddleware:
    """Refuses (``HostStillBackedOff``) every request to a host backed off by an earlier
    run until its time; reads the spider's back-offs once, at the first request."""

    def __init__(self, crawler) -> None:  # type: ignore[no-untyped-def]
        self.crawler = crawler
        self._hosts: dict[str, HostBackoff] | None = None
        self._said: set[str] = set()

    @classmethod
    def from_crawler(cls, crawler):  # type: ignore[no-untyped-def]
        return cls(crawler)

    def _backoffs(self) -> dict[str, HostBackoff]:
        if self._hosts is None:  # read once, at the crawl's first request
            spider = self.crawler.spider
            found = spider.host_backoffs() if hasattr(spider, "host_backoffs") else []
            self._hosts = {backoff.host: backoff for backoff in found}
        return self._hosts

    def process_request(self, request: Request, spider: Any = None) -> None:
        hosts = self._backoffs()
        if not hosts:
            return
        host = backoff_key(request)
        backoff = hosts.get(host)
        if backoff is None:
            return
        if backoff.not_before <= utc_now():
            del hosts[host]  # passed during the run: asked again
            return
        if host not in self._said:
            self._said.add(host)
            logger.warning(
                "%s asked at %s (HTTP %d, Retry-After: %s) not to be requested before %s: "
                "nothing is sent to it until then",
                host,
                backoff.asked_at.isoformat(timespec="seconds"),
                backoff.status,
                backoff.retry_after,
                backoff.not_before.isoformat(timespec="seconds"),
            )
        raise HostStillBackedOff(
            f"{request.url}: {host} is backed off until {backoff.not_before.isoformat()}"
        )
