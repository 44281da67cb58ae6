"""Named refusals and :func:`error_kind`, the one name of why a request failed.

The spider counts failures under ``newsagg/errors/<kind>`` and the pipeline
copies those into ``crawl_runs.errors``.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

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
    """The host asked for a longer pause (Retry-After) than this run waits."""


class HostStillBackedOff(IgnoreRequest):
    """An earlier run's host asked (Retry-After) not to be requested before a time still
    to come (``host_backoffs``): not sent this run, counted as ``host_backed_off``."""


class HostTimedOut(IgnoreRequest):
    """Requests to the host timed out too many times in a row: given up this run."""


class OutOfScope(IgnoreRequest):
    """A request to a host or port outside the source's scope (docs/crawling.md, "Scope")."""


def refuse_queued(
    crawler: Any, request: Request, refusal: Callable[[Request], IgnoreRequest]
) -> None:
    """Fail every request waiting in ``request``'s download slot with ``refusal(queued)``:
    a host given up must not still be sent the requests already queued for it."""
    refuse_slot(crawler.engine.downloader.slots.get(request.meta.get("download_slot", "")), refusal)


def refuse_slot(slot: Any, refusal: Callable[[Request], IgnoreRequest]) -> None:
    """Fail every request waiting in the download ``slot`` (None: none) with ``refusal(queued)``."""
    while slot is not None and slot.queue:
        queued, deferred = slot.queue.popleft()
        deferred.errback(refusal(queued))


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
        (RobotsUnreachable, "robots_unreachable"),
        (BlockedAddress, "blocked_address"),
        (OutOfScope, "offsite"),
        (HostStillBackedOff, "host_backed_off"),
        (HostBackedOff, "retry_after_too_long"),
        (HostTimedOut, "host_timed_out"),
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
