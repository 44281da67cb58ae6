"""Scrapy's retries, plus ``Retry-After`` on 429 and 503: the whole host waits."""

from __future__ import annotations

import logging
import time
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from typing import Any

from scrapy import signals
from scrapy.downloadermiddlewares.retry import RetryMiddleware
from scrapy.http import Request, Response
from scrapy.utils.asyncio import call_later
from scrapy.utils.defer import maybe_deferred_to_future
from twisted.internet.defer import CancelledError, Deferred

from aggregator.schema import HostBackoff, utc_now
from spiders.middlewares.backoffs import backoff_key
from spiders.middlewares.errors import ClosedUnsent, HostBackedOff, crawl_closing, refuse_slot
from spiders.middlewares.hosts import SharedHosts, shared_hosts
from storage.backoffs import capped_not_before

logger = logging.getLogger(__name__)


def parse_retry_after(value: str | bytes | None, now: datetime | None = None) -> float | None:
    """Seconds to wait from a Retry-After value (delta-seconds or HTTP-date); None if unusable."""
    if value is None:
        return None
    text = value.decode("latin-1") if isinstance(value, bytes) else value
    text = text.strip()
    if not text:
        return None
    if text.isdigit():
        return float(int(text))
    try:
        when = parsedate_to_datetime(text)
    except (TypeError, ValueError, IndexError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return max(0.0, (when - (now or datetime.now(UTC))).total_seconds())


class RetryAfterMiddleware(RetryMiddleware):
    """RetryMiddleware that honours Retry-After on 429 and 503, host-wide.

    A Retry-After within ``NEWSAGG_MAX_RETRY_AFTER`` seconds (the source's
    ``limits.max_retry_after``, which ``spiders.settings`` sets for every crawl: its
    default is the config model's, declared once) pauses every
    request to that host until it has passed, then retries (counting against
    RETRY_TIMES). A longer one gives the host up for the rest of the crawl: its
    remaining requests are dropped as ``retry_after_too_long``, and the spider
    remembers until when it asked, for the next runs (``storage.backoffs``).

    Requests pass ``process_request`` before they join their download slot's
    queue, so up to ``CONCURRENT_REQUESTS`` of them already wait there when
    the answer comes. The answer is therefore read at ``response_downloaded``,
    which Scrapy sends before the slot hands out its next request: the slot's
    queue is paused (its ``latercall``, the timer Scrapy's own download delay
    uses) or, for a host given up, emptied, each queued request failing as
    ``retry_after_too_long``. ``process_request`` holds back those not queued yet.

    The pause is the run's (``spiders.middlewares.hosts``): the site asked it of every
    crawl of the run. Whether it is too long is each crawl's own verdict, by its own
    ``max_retry_after`` and time cap, as for a Crawl-delay: a crawl that can wait holds
    its slot for the host and its requests not queued yet; one that cannot gives the host
    up for itself only, and a crawl whose cap is far off still waits and fetches.
    """

    RETRY_AFTER_CODES = (429, 503)
    hosts: SharedHosts  # the run's, set by from_crawler

    def __init__(self, settings) -> None:  # type: ignore[no-untyped-def]
        super().__init__(settings)
        self.max_retry_after = required_seconds(settings, "NEWSAGG_MAX_RETRY_AFTER")
        #: Seconds after the spider opens that the crawl closes itself (0: never).
        self.time_cap = settings.getfloat("CLOSESPIDER_TIMEOUT")
        #: When the crawl closes at its time cap (monotonic), once the spider is open.
        self._ends_at: float | None = None
        #: Hosts this crawl gave up: the pause was too long for it.
        self._given_up: set[str] = set()
        #: Hosts whose too-long answer to this crawl was said (and remembered).
        self._said_given_up: set[str] = set()
        #: Hosts given up for a pause weighed (mostly another crawl's), said once. Kept
        #: apart from ``_said_given_up``: a request of this crawl already in flight may
        #: still be answered a longer pause, which is this crawl's own to say and remember.
        self._said_paused: set[str] = set()
        self._holding: set[Deferred[None]] = set()
        self._closing: str | None = None

    @classmethod
    def from_crawler(cls, crawler):  # type: ignore[no-untyped-def]
        middleware = super().from_crawler(crawler)
        crawler.signals.connect(middleware._hold_host, signal=signals.response_downloaded)
        crawler.signals.connect(middleware._release, signal=crawl_closing)
        crawler.signals.connect(middleware._opened, signal=signals.spider_opened)
        middleware.hosts = shared_hosts(crawler)
        middleware.hosts.holds.append(middleware._hold_slot)
        return middleware

    async def process_request(self, request: Request, spider: Any = None) -> None:
        host = backoff_key(request)
        now = time.monotonic()
        resume_at = self.hosts.resume_at.get(host, 0.0)
        if host not in self._given_up and resume_at > now:
            self._weigh_pause(host, resume_at, now)
            if host not in self._given_up:
                await self._hold(request, resume_at - now)
        # Also when the crawl gave the host up while this request was held back.
        if host in self._given_up:
            raise _backed_off(request, host)

    async def _hold(self, request: Request, wait: float) -> None:
        """Wait ``wait`` seconds before the request joins its slot; a crawl closing
        meanwhile fails it unsent (``closed_unsent``) instead."""
        from twisted.internet import reactor
        from twisted.internet.task import deferLater

        if self._closing is not None:
            raise ClosedUnsent.of(request, self._closing)
        pause = deferLater(reactor, wait, lambda: None)
        self._holding.add(pause)
        try:
            await maybe_deferred_to_future(pause)
        except CancelledError:
            raise ClosedUnsent.of(request, self._closing or "") from None
        finally:
            self._holding.discard(pause)

    def _opened(self, spider: Any = None) -> None:
        """The time cap counts from here, as Scrapy's CloseSpider counts it."""
        if self.time_cap > 0:
            self._ends_at = time.monotonic() + self.time_cap

    def _too_long(self, resume_at: float, now: float) -> str | None:
        """Why a pause until ``resume_at`` (``time.monotonic``), weighed at ``now``, gives
        its host up for this crawl, None to wait it: over ``max_retry_after``, or ending
        after the crawl closes at its own time cap (it would hold a crawl slot to the end,
        fetching nothing, and retry nothing).

        Both are compared as ends (an addition rounds monotonically, a subtraction could
        make a Retry-After equal to ``max_retry_after`` a hair longer), and a later
        weighing of the same pause, at a later ``now``, finds it no longer: a pause once
        waited stays waited."""
        if resume_at > now + self.max_retry_after:
            return f"more than the {self.max_retry_after:.0f} s this run waits"
        if self._ends_at is not None and resume_at >= self._ends_at:
            left = max(0.0, self._ends_at - now)
            return f"past this run's own end in {left:.0f} s (limits.run_timeout)"
        return None

    def _release(self, reason: str) -> None:
        """The crawl closes: no request held back waits out its pause."""
        self._closing = reason
        for pause in list(self._holding):
            pause.cancel()

    def _retry_after(self, request: Request, response: Response) -> float | None:
        """Seconds a 429 or 503 asks to wait, None when it asks nothing we obey."""
        if request.meta.get("dont_retry", False) or response.status not in self.RETRY_AFTER_CODES:
            return None
        return parse_retry_after(response.headers.get(b"Retry-After"))

    def _hold_host(self, response: Response, request: Request, spider: Any = None) -> None:
        delay = self._retry_after(request, response)
        if delay is None:
            return
        host = backoff_key(request)
        # One reading of the clock for the verdict and the pause's end: this crawl's own
        # hold (``_hold_slot``) weighs that same end, and never gives up a pause waited.
        now = time.monotonic()
        resume_at = now + delay
        # Decided once per answer: process_response, moments later, follows it.
        too_long = request.meta[_VERDICT] = self._too_long(resume_at, now)
        if too_long is not None:
            self._give_up(host)
        # The site asked it of the whole run: every other crawl weighs it by its own limits.
        self.hosts.pause(host, resume_at)

    def _weigh_pause(self, host: str, resume_at: float, now: float) -> None:
        """The run paused ``host`` until ``resume_at`` (mostly: another crawl was
        answered): give it up in this crawl, saying why once, when that is too long for it."""
        too_long = self._too_long(resume_at, now)
        if too_long is None:
            return
        self._give_up(host)
        if host not in self._said_paused:
            self._said_paused.add(host)
            logger.warning(
                "%s is paused %.0f s more (Retry-After, answered to another source of "
                "the run), %s: giving up on %s for this crawl",
                host,
                resume_at - now,
                too_long,
                host,
            )

    def _give_up(self, host: str) -> None:
        """Send ``host`` nothing more in this crawl: the requests queued in its slot fail
        now, later ones in ``process_request``."""
        self._given_up.add(host)
        slot = self._slot(host)
        if slot is not None:
            refuse_slot(slot, lambda queued: _backed_off(queued, host))

    def _slot(self, host: str) -> Any:
        """This crawl's download slot for ``host``; None before the crawl starts or sends it."""
        engine = getattr(self.crawler, "engine", None)
        return None if engine is None else engine.downloader.slots.get(host)

    def _hold_slot(self, host: str, resume_at: float) -> None:
        """The run paused ``host`` until ``resume_at``: hold this crawl's download slot
        for it until then, or give the host up when that is too long for this crawl."""
        if host in self._given_up or getattr(self.crawler, "engine", None) is None:
            return  # a crawl not started yet weighs the pause at its first request
        self._weigh_pause(host, resume_at, time.monotonic())
        slot = self._slot(host)
        if host in self._given_up or slot is None:
            return
        if slot.latercall:
            slot.latercall.cancel()
        downloader = self.crawler.engine.downloader
        slot.latercall = call_later(resume_at - time.monotonic(), downloader._latercall, slot)

    def process_response(self, request: Request, response: Response, spider: Any = None):  # type: ignore[no-untyped-def]
        delay = self._retry_after(request, response)
        if delay is None:
            if request.meta.get("dont_retry", False):
                return response
            return super().process_response(request, response)
        host = backoff_key(request)
        if _VERDICT in request.meta:
            too_long = request.meta.pop(_VERDICT)
        else:
            now = time.monotonic()
            too_long = self._too_long(now + delay, now)
        if too_long is not None:
            self.crawler.stats.inc_value("newsagg/retry_after/given_up")
            request.meta["newsagg_error_kind"] = "retry_after_too_long"
            # Said once per host: the answers of the requests already in flight
            # when it gave the host up ask the same, and are counted only. A crawl
            # that gave the host up for another crawl's pause still says its own.
            if host not in self._said_given_up:
                self._said_given_up.add(host)
                logger.warning(
                    "%s asked to wait %.0f s (Retry-After), %s: giving up on %s for this crawl",
                    request.url,
                    delay,
                    too_long,
                    host,
                )
                self._remember(request, response, delay)
            return response
        self.crawler.stats.inc_value("newsagg/retry_after/waited")
        reason = f"{response.status} with Retry-After {delay:.0f}s"
        return self._retry(request, reason) or response

    def _remember(self, request: Request, response: Response, delay: float) -> None:
        """Have the spider keep the host's "not before" time for the next runs (capped at
        ``storage.backoffs.LONGEST_BACKOFF``; spiders.middlewares.backoffs obeys it)."""
        spider: Any = self.crawler.spider
        if not hasattr(spider, "remember_backoff"):
            return
        asked_at = utc_now()
        value = response.headers.get(b"Retry-After") or b""
        spider.remember_backoff(
            HostBackoff(
                host=backoff_key(request),
                not_before=capped_not_before(asked_at, delay),
                asked_at=asked_at,
                retry_after=value.decode("latin-1").strip()[:100],
                status=response.status,
                source=getattr(spider, "source_name", ""),
                url=request.url,
            )
        )


#: request.meta key: the answer's Retry-After verdict (:meth:`RetryAfterMiddleware._too_long`).
_VERDICT = "newsagg_retry_after_too_long"


def required_seconds(settings: Any, name: str) -> float:
    """A duration every crawl gets from its source's config (:func:`required_setting`)."""
    return float(required_setting(settings, name))


def required_setting(settings: Any, name: str) -> Any:
    """A setting every crawl gets from its source's config (``spiders.settings``); a
    crawl built without it is refused, rather than given a second copy of its default."""
    value = settings.get(name)
    if value is None:
        raise ValueError(
            f"the Scrapy setting {name} is not set: spiders.settings.settings_for_source "
            "sets it from the source's limits"
        )
    return value


def _backed_off(request: Request, host: str) -> HostBackedOff:
    return HostBackedOff(f"{request.url}: {host} asked for a pause longer than this run waits")
