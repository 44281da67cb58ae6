"""Scrapy's downloader, holding a host's concurrency when there is no download delay, and
sending nothing more once the crawl closes."""

from __future__ import annotations

import logging
from collections.abc import Coroutine
from typing import Any

from scrapy import Request, signals
from scrapy.core.downloader import Downloader, Slot
from scrapy.http import Response
from twisted.internet.defer import Deferred

from spiders.middlewares.errors import ClosedUnsent, crawl_closing, refuse_slot
from spiders.middlewares.hosts import shared_hosts

logger = logging.getLogger(__name__)


class SlotCountingDownloader(Downloader):
    """Counts a request as transferring from the moment its slot hands it out.

    Scrapy 2.19 hands a request out by scheduling an asyncio task, and counts it as
    transferring only once that task runs. With a download delay the slot hands out one
    request per delay, so the count is right by the next one; with none, it hands out
    every queued request in the same event-loop turn, each time seeing the slot as free:
    a feed's 20 links were 12 requests at once to a host allowed 2. The request's own
    download adds it again (a set) and removes it when it ends, as before.

    It also tells the run's other crawls when it sends a host a request, and starts a
    new slot from the run's last request to its host (``spiders.middlewares.hosts``):
    each crawl's delay for a host counts from the run's last request to it.
    """

    def __init__(self, crawler: Any) -> None:
        super().__init__(crawler)
        self.hosts = shared_hosts(crawler)
        self.hosts.downloaders.append(self)

    def _get_slot(self, request: Request, spider: Any = None) -> tuple[str, Slot]:
        key, slot = super()._get_slot(request)  # Scrapy 2.19 deprecates passing spider
        slot.lastseen = max(slot.lastseen, self.hosts.last_sent.get(key, 0.0))
        return key, slot

    def _wait_for_download(
        self, slot: Slot, request: Request, queue_dfd: Deferred[Response]
    ) -> Coroutine[Any, Any, None]:
        slot.transferring.add(request)
        self.hosts.sent(request.meta.get(self.DOWNLOAD_SLOT, ""), slot.lastseen)
        return super()._wait_for_download(slot, request, queue_dfd)


class ClosingDownloader(SlotCountingDownloader):
    """Once the crawl starts to close, fails every request not yet sent (``closed_unsent``).

    Scrapy 2.19's close (its time or page cap, SIGTERM) waits until every request handed
    to the downloader has ended, those still queued in a host's download slot too, each
    after the slot's delay: up to ``CONCURRENT_REQUESTS`` (16) requests behind a 5 s
    ``download_delay`` went on for 35 s past ``run_timeout``, behind a Crawl-delay of
    40 s for minutes, and the daemon killed the crawl. Scrapy sends no signal when the
    close begins, so the engine's ``close_spider_async`` is wrapped when the engine
    starts: it sends :data:`crawl_closing` and empties every slot's queue before Scrapy
    waits. A request reaching a slot later (one that waited for robots.txt) fails the
    same way. Requests on the wire end as they would: the crawl ends within one
    request's time (``download_timeout``) of its close.
    """

    def __init__(self, crawler: Any) -> None:
        super().__init__(crawler)
        self.closing_reason: str | None = None
        crawler.signals.connect(self._wrap_close, signal=signals.engine_started)

    def _wrap_close(self) -> None:
        engine = self.crawler.engine
        close = engine.close_spider_async

        async def close_spider_async(*, reason: str = "cancelled") -> None:
            self._close(reason)
            await close(reason=reason)

        engine.close_spider_async = close_spider_async  # type: ignore[method-assign]

    def _close(self, reason: str) -> None:
        if self.closing_reason is not None:
            return
        self.closing_reason = reason
        self.crawler.signals.send_catch_log(signal=crawl_closing, reason=reason)
        unsent = sum(self._refuse(slot) for slot in self.slots.values())
        if unsent:
            logger.info(
                "closing (%s): %d requests waiting for their turn dropped unsent", reason, unsent
            )

    def _refuse(self, slot: Slot) -> int:
        reason = self.closing_reason or ""
        return refuse_slot(slot, lambda request: ClosedUnsent.of(request, reason))

    def _process_queue(self, slot: Slot) -> None:
        if self.closing_reason is not None:
            self._refuse(slot)
            return
        super()._process_queue(slot)
