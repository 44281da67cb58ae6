"""Scrapy's downloader, holding a host's concurrency when there is no download delay."""

from __future__ import annotations

from collections.abc import Coroutine
from typing import Any

from scrapy import Request
from scrapy.core.downloader import Downloader, Slot
from scrapy.http import Response
from twisted.internet.defer import Deferred

from spiders.middlewares.hosts import shared_hosts


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
