"""Scrapy's downloader, holding a host's concurrency when there is no download delay."""

from __future__ import annotations

from collections.abc import Coroutine
from typing import Any

from scrapy import Request
from scrapy.core.downloader import Downloader, Slot
from scrapy.http import Response
from twisted.internet.defer import Deferred


class SlotCountingDownloader(Downloader):
    """Counts a request as transferring from the moment its slot hands it out.

    Scrapy 2.19 hands a request out by scheduling an asyncio task, and counts it as
    transferring only once that task runs. With a download delay the slot hands out one
    request per delay, so the count is right by the next one; with none, it hands out
    every queued request in the same event-loop turn, each time seeing the slot as free:
    a feed's 20 links were 12 requests at once to a host allowed 2. The request's own
    download adds it again (a set) and removes it when it ends, as before.
    """

    def _wait_for_download(
        self, slot: Slot, request: Request, queue_dfd: Deferred[Response]
    ) -> Coroutine[Any, Any, None]:
        slot.transferring.add(request)
        return super()._wait_for_download(slot, request, queue_dfd)
