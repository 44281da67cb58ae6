"""Named refusals and :func:`error_kind`, the one name of why a request failed.

The spider counts failures under ``newsagg/errors/<kind>`` and the pipeline
copies those into ``crawl_runs.errors``.
"""

from __future__ import annotations

from collections.abc import Callable

from scrapy.core.downloader import Slot
from scrapy.exceptions import IgnoreRequest
from scrapy.http import Request
from twisted.internet import defer


class RobotsDisallowed(IgnoreRequest):
    """robots.txt forbids this URL."""


class RobotsUnreachable(IgnoreRequest):
    """robots.txt could not be fetched (5xx, 429, timeout, network error): disallowed this run."""


class BlockedAddress(IgnoreRequest):
    """A non-http(s) URL, or a loopback/private/link-local host the source does not name."""


class HostBackedOff(IgnoreRequest):
    """The host asked for a longer pause (Retry-After) than this crawl waits."""


class HostStillBackedOff(IgnoreRequest):
    """An earlier run's host asked (Retry-After) not to be requested before a time still
    to come (``host_backoffs``): not sent this run, counted as ``host_backed_off``."""


class HostTimedOut(IgnoreRequest):
    """Requests to the host timed out too many times in a row: given up this run."""


class HostFailing(IgnoreRequest):
    """The host answered too many server errors (5xx, 429) in a row: given up this run."""


class CrawlDelayTooLong(RobotsUnreachable):
    """robots.txt asks for a longer Crawl-delay than this run keeps: the host is given up
    for the run, as for robots.txt it cannot read."""


class ClosedUnsent(IgnoreRequest):
    """The crawl was closing (its time or page cap, a signal) before the request's turn
    came: dropped unsent, counted as ``closed_unsent``."""

    @classmethod
    def of(cls, request: Request, reason: str) -> ClosedUnsent:
        return cls(f"{request.url}: not sent, the crawl was closing ({reason})")


#: A Scrapy signal sent once, with ``reason``, when a crawl starts to close
#: (``spiders.downloader.ClosingDownloader``): a middleware holding requests back before
#: they reach a download slot (a Retry-After pause) fails them as :class:`ClosedUnsent`.
crawl_closing = object()


class OutOfScope(IgnoreRequest):
    """A request to a host or port outside the source's scope (docs/crawling.md, "Scope")."""


def refuse_slot(slot: Slot, refusal: Callable[[Request], IgnoreRequest]) -> int:
    """Fail every request waiting in a download slot (queued, not yet handed out) with
    ``refusal(queued)``; how many there were. Those on the wire are left to end."""
    refused = 0
    while slot.queue:
        queued, deferred = slot.queue.popleft()
        deferred.errback(refusal(queued))
        refused += 1
    return refused


def error_kind(exc: BaseException, request: Request | None = None) -> str:
    """A short, stable name for why a request failed, used as ``newsagg/errors/<kind>``."""
    if request is not None and request.meta.get("newsagg_error_kind"):
        return str(request.meta["newsagg_error_kind"])
    # HTTP errors and our named refusals first: they are IgnoreRequest subclasses too.
    kind = _refusal_kind(exc)
    if kind is None and isinstance(exc, IgnoreRequest):
        kind = _ignored_kind(exc)
    return kind if kind is not None else _transport_kind(exc)


def _refusal_kind(exc: BaseException) -> str | None:
    """The kind of an HTTP error status or of one of our named refusals, else None."""
    from scrapy.spidermiddlewares.httperror import HttpError

    if isinstance(exc, HttpError):
        return f"http_{exc.response.status // 100}xx"
    for cls, kind in (
        (RobotsDisallowed, "robots_disallowed"),
        (CrawlDelayTooLong, "crawl_delay_too_long"),
        (RobotsUnreachable, "robots_unreachable"),
        (BlockedAddress, "blocked_address"),
        (OutOfScope, "offsite"),
        (HostStillBackedOff, "host_backed_off"),
        (HostBackedOff, "retry_after_too_long"),
        (HostTimedOut, "host_timed_out"),
        (HostFailing, "host_failing"),
        (ClosedUnsent, "closed_unsent"),
    ):
        if isinstance(exc, cls):
            return kind
    return None


def _ignored_kind(exc: IgnoreRequest) -> str:
    """Scrapy's own refusals carry their reason only in the message."""
    text = str(exc)
    if "DOWNLOAD_MAXSIZE" in text:
        return "too_large"
    if "offsite" in text.lower():
        return "offsite"
    if "max redirections" in text.lower() or "redirect" in text.lower():
        return "redirect_limit"
    return "ignored"


def _transport_kind(exc: BaseException) -> str:
    """Timeouts, DNS, truncated bodies, cancelled downloads and broken connections."""
    from scrapy.exceptions import (
        CannotResolveHostError,
        DownloadCancelledError,
        DownloadConnectionRefusedError,
        DownloadFailedError,
        DownloadTimeoutError,
        ResponseDataLossError,
    )
    from twisted.internet import error as tx_error
    from twisted.web._newclient import ResponseFailed

    if isinstance(exc, DownloadTimeoutError | tx_error.TimeoutError | tx_error.TCPTimedOutError):
        return "timeout"
    if isinstance(exc, CannotResolveHostError | tx_error.DNSLookupError):
        return "dns"
    if isinstance(exc, ResponseDataLossError):
        return "data_loss"
    if isinstance(exc, DownloadCancelledError | defer.CancelledError):
        # Scrapy cancels a download when its body passes DOWNLOAD_MAXSIZE.
        return "too_large"
    if isinstance(
        exc,
        DownloadConnectionRefusedError
        | DownloadFailedError
        | tx_error.ConnectError
        | tx_error.ConnectionLost
        | tx_error.ConnectionDone
        | ResponseFailed,
    ):
        return "connection"
    return "other"
