"""Downloader middlewares that fail closed where Scrapy's own fail open.

* :class:`AddressGuardMiddleware` – only http(s), and never a loopback,
  private, link-local or otherwise non-public address unless the source names
  that host (SSRF through related links and redirects).
* :class:`RobotsPolicyMiddleware` – robots.txt per RFC 9309: 2xx parsed
  (BOM stripped), 4xx "unavailable" → allow, 5xx/429/timeouts/network errors
  "unreachable" → disallow the host for this run; Crawl-delay and
  Request-rate become the host's download-slot delay.
* :class:`RetryAfterMiddleware` – Scrapy's retries, plus ``Retry-After`` on
  429/503 (delta-seconds or HTTP-date): the whole host waits that long; a wait
  over ``Limits.max_retry_after`` gives the host up for this run.

:func:`error_kind` names what went wrong with a request; the spider counts
failures under ``newsagg/errors/<kind>`` and the pipeline copies those into
``crawl_runs.errors``.
"""

from __future__ import annotations

import asyncio
import logging
import socket
import time
from collections.abc import Iterable, Sequence
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from typing import Any

from protego import Protego
from scrapy import signals
from scrapy.downloadermiddlewares.retry import RetryMiddleware
from scrapy.exceptions import IgnoreRequest, NotConfigured
from scrapy.http import Request, Response
from scrapy.http.request import NO_CALLBACK
from scrapy.resolver import CachingThreadedResolver
from scrapy.utils.defer import maybe_deferred_to_future
from scrapy.utils.httpobj import urlparse_cached
from twisted.internet import defer
from twisted.internet.error import DNSLookupError

from aggregator.addresses import is_ip_literal, is_public_address
from aggregator.discovery import host_in_domains

logger = logging.getLogger(__name__)


# --- named refusals ------------------------------------------------------------------


class RobotsDisallowed(IgnoreRequest):
    """robots.txt forbids this URL."""


class RobotsUnreachable(IgnoreRequest):
    """robots.txt could not be fetched (5xx, 429, timeout, network error): disallowed this run."""


class BlockedAddress(IgnoreRequest):
    """A non-http(s) URL, or a loopback/private/link-local host the source does not name."""


class HostBackedOff(IgnoreRequest):
    """The host asked for a longer pause (Retry-After) than this run waits."""


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
        (HostBackedOff, "retry_after_too_long"),
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


# --- addresses (SSRF) ------------------------------------------------------------------


class PublicAddressResolver(CachingThreadedResolver):
    """Scrapy's caching resolver, refusing non-public answers for untrusted names.

    The address guard decides before a request is sent, from its own lookup;
    this resolver gives the answer the connection actually uses, so a name
    that resolves to a public address for the guard and to a private one for
    the connection (DNS rebinding) fails here, as a DNS error. Trusted hosts
    (``NEWSAGG_TRUSTED_HOSTS``: every crawled source's own domains) and IP
    literals (the guard has judged those already) pass unchanged.
    """

    def __init__(
        self, reactor: Any, cache_size: int, timeout: float, trusted: Iterable[str] = ()
    ) -> None:
        super().__init__(reactor, cache_size, timeout)
        self.trusted = tuple(h.lower() for h in trusted)

    @classmethod
    def from_crawler(cls, crawler, reactor):  # type: ignore[no-untyped-def]
        settings = crawler.settings
        cache_size = settings.getint("DNSCACHE_SIZE") if settings.getbool("DNSCACHE_ENABLED") else 0
        return cls(
            reactor,
            cache_size,
            settings.getfloat("DNS_TIMEOUT"),
            settings.getlist("NEWSAGG_TRUSTED_HOSTS"),
        )

    def getHostByName(self, name: str, timeout: Sequence[int] = ()) -> defer.Deferred:  # noqa: N802
        answer = super().getHostByName(name, timeout)
        if is_ip_literal(name) or host_in_domains(name.lower(), self.trusted):
            return answer
        return answer.addCallback(self._public_only, name)

    @staticmethod
    def _public_only(address: str, name: str) -> str:
        if not is_public_address(address):
            # Twisted turns this into "no results for hostname lookup" (counted as dns):
            # the log line is where the reason survives.
            logger.warning(
                "Refusing to connect to %s: it resolved to non-public address %s", name, address
            )
            raise DNSLookupError(f"{name} resolved to non-public address {address}; refused")
        return address


class OutOfScope(IgnoreRequest):
    """A request to a host or port outside the source's scope (docs/crawling.md, "Scope")."""


class AddressGuardMiddleware:
    """Refuse non-http(s) URLs, requests outside the source's scope, and non-public addresses.

    Runs on every request, including redirects and robots.txt fetches (a
    redirect is a new request through the whole chain). A request inside the
    spider's ``scope`` (its hosts *and* ports) is trusted as given, which is
    how the demo outlets on 127.0.0.1 are reached. Any other request that
    Scrapy's offsite filter would drop by host is refused here by port
    (``OutOfScope``, counted as ``offsite``); the rest (the source's own
    discovery URLs redirected elsewhere, robots.txt redirects) are resolved and
    refused when any address is non-public; the connection's own lookup is
    checked again by :class:`PublicAddressResolver`. A spider without a scope
    trusts nothing.
    """

    def __init__(self, crawler) -> None:  # type: ignore[no-untyped-def]
        self.crawler = crawler
        self._verdicts: dict[str, bool] = {}

    @classmethod
    def from_crawler(cls, crawler):  # type: ignore[no-untyped-def]
        return cls(crawler)

    async def process_request(self, request: Request, spider: Any = None) -> None:
        parts = urlparse_cached(request)
        if parts.scheme not in ("http", "https"):
            self._refuse(request, f"scheme {parts.scheme!r}")
        host = (parts.hostname or "").lower()
        if not host:
            self._refuse(request, "no host")
        scope = getattr(self.crawler.spider, "scope", None)
        if scope is not None and scope.allows(request.url):
            return
        if scope is not None and not (request.dont_filter or request.meta.get("allow_offsite")):
            logger.info("Refusing %s: outside the source's hosts and ports", request.url)
            raise OutOfScope(f"{request.url}: outside the source's hosts and ports")
        verdict = self._verdicts.get(host)
        if verdict is None:
            verdict = await self._resolve_public(host)
            self._verdicts[host] = verdict
        if not verdict:
            self._refuse(request, f"host {host!r} is not a public address")

    async def _resolve_public(self, host: str) -> bool:
        if is_ip_literal(host):
            return is_public_address(host)
        try:
            infos = await asyncio.get_running_loop().getaddrinfo(
                host, None, type=socket.SOCK_STREAM
            )
        except (OSError, UnicodeError):
            # Unresolvable: the download fails with a DNS error of its own.
            return True
        return all(is_public_address(str(info[4][0])) for info in infos)

    def _refuse(self, request: Request, why: str) -> None:
        self.crawler.stats.inc_value("newsagg/blocked_address")
        logger.warning("Refusing %s: %s", request.url, why)
        raise BlockedAddress(f"{request.url}: {why}")


# --- robots.txt --------------------------------------------------------------------------


class RobotsPolicy:
    """One host's robots.txt outcome: rules, or allow-all, or disallow-all."""

    def __init__(self, rules: Protego | None, *, reachable: bool = True, why: str = "") -> None:
        self.rules = rules
        self.reachable = reachable
        self.why = why

    def allowed(self, url: str, user_agent: str) -> bool:
        if not self.reachable:
            return False
        return self.rules is None or self.rules.can_fetch(url, user_agent)

    def delay(self, user_agent: str) -> float | None:
        """Seconds between requests asked for by Crawl-delay or Request-rate."""
        if self.rules is None:
            return None
        delays = []
        if (crawl_delay := self.rules.crawl_delay(user_agent)) is not None:
            delays.append(float(crawl_delay))
        rate = self.rules.request_rate(user_agent)
        if rate is not None and rate.requests:
            delays.append(rate.seconds / rate.requests)
        return max(delays) if delays else None


def decode_robots(body: bytes) -> str:
    """robots.txt text: UTF-8 (BOM stripped, RFC 9309 §2.3), undecodable bytes dropped."""
    return body.decode("utf-8-sig", errors="ignore")


def robots_policy_for_response(response: Response) -> RobotsPolicy:
    """RFC 9309 §2.3.1: 2xx → parse; 4xx (but 429) → allow; 5xx, 429, other → disallow.

    A 200 that is an HTML page (a CMS answering every path) is parsed like any
    other body: it has no parseable group lines, so it allows everything, as
    §2.2 says for a file without matching rules.
    """
    status = response.status
    if 200 <= status < 300:
        return RobotsPolicy(Protego.parse(decode_robots(response.body)))
    if 400 <= status < 500 and status != 429:
        return RobotsPolicy(None)
    return RobotsPolicy(None, reachable=False, why=f"robots.txt answered HTTP {status}")


class RobotsPolicyMiddleware:
    """Obey robots.txt and fail closed: replaces Scrapy's ``RobotsTxtMiddleware``.

    Each host's robots.txt is fetched once per run (the run is short; the next
    scheduled run fetches it again, which is the "disallow for now" of RFC 9309
    §2.3.1.4). Requests wait for their host's robots.txt. A request marked
    ``meta["newsagg_robots_txt"]`` (the spider reading ``Sitemap:`` lines) is
    answered with that same response instead of a second fetch.
    """

    DOWNLOAD_PRIORITY = 1000
    ROBOTS_REDIRECTS = 5  # RFC 9309 §2.3.1.2: follow at least five redirects
    KEEP_BYTES = 512 * 1024  # RFC 9309 §2.5: parsers must read at least 500 KiB

    def __init__(self, crawler) -> None:  # type: ignore[no-untyped-def]
        if not crawler.settings.getbool("ROBOTSTXT_OBEY"):
            raise NotConfigured
        self.crawler = crawler
        self.stats = crawler.stats
        agent = crawler.settings.get("ROBOTSTXT_USER_AGENT") or crawler.settings.get("USER_AGENT")
        # Groups are matched on the product token ("newsagg" of "newsagg/0.1 (+…)").
        self.user_agent = str(agent).split("/")[0].split()[0] if agent else "*"
        self._policies: dict[str, RobotsPolicy | defer.Deferred] = {}
        self._responses: dict[str, Response] = {}
        self._delays: dict[str, float] = {}
        crawler.signals.connect(self._response_downloaded, signal=signals.response_downloaded)

    @classmethod
    def from_crawler(cls, crawler):  # type: ignore[no-untyped-def]
        return cls(crawler)

    async def process_request(self, request: Request, spider: Any = None) -> Response | None:
        if request.meta.get("dont_obey_robotstxt"):
            return None
        policy = await self._policy(request)
        if request.meta.get("newsagg_robots_txt"):
            fetched = self._responses.get(urlparse_cached(request).netloc)
            if fetched is not None:
                return fetched.replace(request=request)
            if not policy.reachable:
                raise RobotsUnreachable(f"{request.url}: {policy.why}")
            return None  # reachable but too big to keep: fetch it for its Sitemap: lines
        if not policy.reachable:
            self.stats.inc_value("robotstxt/unreachable_forbidden")
            raise RobotsUnreachable(f"{request.url}: {policy.why}; host disallowed for this run")
        if not policy.allowed(request.url, self.user_agent):
            self.stats.inc_value("robotstxt/forbidden")
            logger.debug("Forbidden by robots.txt: %s", request.url)
            raise RobotsDisallowed(f"{request.url}: forbidden by robots.txt")
        self._apply_delay(request)
        return None

    async def _policy(self, request: Request) -> RobotsPolicy:
        parts = urlparse_cached(request)
        netloc = parts.netloc
        if netloc not in self._policies:
            waiting: defer.Deferred = defer.Deferred()
            self._policies[netloc] = waiting
            policy = await self._fetch(f"{parts.scheme}://{netloc}/robots.txt", netloc)
            self._policies[netloc] = policy
            delay = policy.delay(self.user_agent)
            if delay:
                self._delays[parts.hostname or ""] = delay
                logger.info("robots.txt of %s asks for %.3g s between requests", netloc, delay)
            if not policy.reachable:
                logger.warning("%s: %s; nothing on it is fetched this run", netloc, policy.why)
            waiting.callback(policy)
        entry = self._policies[netloc]
        if isinstance(entry, defer.Deferred):
            # Another request is fetching it; a fresh Deferred per waiter.
            waiter: defer.Deferred[RobotsPolicy] = defer.Deferred()

            def relay(result: Any) -> Any:
                waiter.callback(result)
                return result

            entry.addBoth(relay)
            return await maybe_deferred_to_future(waiter)
        return entry

    async def _fetch(self, url: str, netloc: str) -> RobotsPolicy:
        request = Request(
            url,
            priority=self.DOWNLOAD_PRIORITY,
            callback=NO_CALLBACK,
            meta={
                "dont_obey_robotstxt": True,
                "allow_offsite": True,
                "redirect_max_times": self.ROBOTS_REDIRECTS,
                "handle_httpstatus_all": True,
            },
        )
        self.stats.inc_value("robotstxt/request_count")
        try:
            response = await self.crawler.engine.download_async(request)
        except Exception as exc:  # timeout, DNS, refused, blocked redirect: unreachable
            kind = error_kind(exc)
            self.stats.inc_value(f"robotstxt/exception/{kind}")
            # The cause (timeout, dns, connection …) is counted once per host; each
            # request then dropped is counted as robots_unreachable.
            self.stats.inc_value(f"newsagg/errors/{kind}")
            return RobotsPolicy(None, reachable=False, why=f"robots.txt fetch failed ({kind})")
        self.stats.inc_value(f"robotstxt/response_status_count/{response.status}")
        if len(response.body) <= self.KEEP_BYTES:
            self._responses[netloc] = response
        if 300 <= response.status < 400:
            return RobotsPolicy(None, reachable=False, why="robots.txt redirect not followed")
        return robots_policy_for_response(response)

    def _slot(self, request: Request):  # type: ignore[no-untyped-def]
        downloader = self.crawler.engine.downloader
        return downloader._get_slot(request)[1]

    def _apply_delay(self, request: Request) -> None:
        delay = self._delays.get(urlparse_cached(request).hostname or "")
        if delay:
            slot = self._slot(request)
            slot.delay = max(slot.delay, delay)
            slot.jitter = 0

    def _response_downloaded(self, response: Response, request: Request, spider: Any) -> None:
        # Connected after AutoThrottle's handler: undo any lowering below Crawl-delay.
        delay = self._delays.get(urlparse_cached(request).hostname or "")
        if delay:
            slot = self.crawler.engine.downloader.slots.get(request.meta.get("download_slot"))
            if slot is not None and slot.delay < delay:
                slot.delay = delay


# --- retries ------------------------------------------------------------------------------


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

    A Retry-After within ``NEWSAGG_MAX_RETRY_AFTER`` seconds pauses every
    request to that host until it has passed, then retries (counting against
    RETRY_TIMES). A longer one gives the host up for the rest of the run: its
    remaining requests are dropped as ``retry_after_too_long``.
    """

    RETRY_AFTER_CODES = (429, 503)

    def __init__(self, settings) -> None:  # type: ignore[no-untyped-def]
        super().__init__(settings)
        self.max_retry_after = settings.getfloat("NEWSAGG_MAX_RETRY_AFTER", 120.0)
        self._resume_at: dict[str, float] = {}
        self._given_up: set[str] = set()

    async def process_request(self, request: Request, spider: Any = None) -> None:
        host = urlparse_cached(request).hostname or ""
        if host in self._given_up:
            raise HostBackedOff(
                f"{request.url}: {host} asked for a pause longer than this run waits"
            )
        resume_at = self._resume_at.get(host)
        if resume_at is not None:
            wait = resume_at - time.monotonic()
            if wait > 0:
                from twisted.internet import reactor
                from twisted.internet.task import deferLater

                await maybe_deferred_to_future(deferLater(reactor, wait, lambda: None))

    def process_response(self, request: Request, response: Response, spider: Any = None):  # type: ignore[no-untyped-def]
        if request.meta.get("dont_retry", False):
            return response
        if response.status in self.RETRY_AFTER_CODES:
            delay = parse_retry_after(response.headers.get(b"Retry-After"))
            if delay is not None:
                host = urlparse_cached(request).hostname or ""
                if delay > self.max_retry_after:
                    self._given_up.add(host)
                    self.crawler.stats.inc_value("newsagg/retry_after/given_up")
                    request.meta["newsagg_error_kind"] = "retry_after_too_long"
                    logger.warning(
                        "%s asked to wait %.0f s (Retry-After), more than the %.0f s this run "
                        "waits: giving up on %s for this run",
                        request.url,
                        delay,
                        self.max_retry_after,
                        host,
                    )
                    return response
                self._resume_at[host] = max(
                    self._resume_at.get(host, 0.0), time.monotonic() + delay
                )
                self.crawler.stats.inc_value("newsagg/retry_after/waited")
                reason = f"{response.status} with Retry-After {delay:.0f}s"
                return self._retry(request, reason) or response
        return super().process_response(request, response)
