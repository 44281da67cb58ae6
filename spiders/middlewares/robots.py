"""robots.txt per RFC 9309, failing closed where Scrapy's own middleware fails open."""

from __future__ import annotations

import logging
from typing import Any

from protego import Protego
from scrapy import signals
from scrapy.exceptions import NotConfigured
from scrapy.http import Request, Response
from scrapy.http.request import NO_CALLBACK
from scrapy.utils.defer import maybe_deferred_to_future
from scrapy.utils.httpobj import urlparse_cached
from twisted.internet import defer

from aggregator.config.values import robots_token_of
from spiders.middlewares.errors import (
    ClosedUnsent,
    CrawlDelayTooLong,
    RobotsDisallowed,
    RobotsUnreachable,
    error_kind,
)
from spiders.middlewares.hosts import shared_hosts
from spiders.middlewares.retry_after import required_seconds

logger = logging.getLogger(__name__)


def crawler_robots_token(settings: Any) -> str:
    """The crawler's robots token, the name robots.txt groups and robots meta tags are
    matched on: ``ROBOTSTXT_USER_AGENT``, which settings_for_source sets to
    ``Config.robots_agent``; else the token of ``USER_AGENT``, read as the config reads it."""
    token = settings.get("ROBOTSTXT_USER_AGENT")
    return str(token) if token else robots_token_of(settings.get("USER_AGENT") or "")


class RobotsPolicy:
    """One host's robots.txt outcome: rules, or allow-all, or disallow-all."""

    def __init__(
        self,
        rules: Protego | None,
        *,
        reachable: bool = True,
        why: str = "",
        refusal: type[RobotsUnreachable] = RobotsUnreachable,
    ) -> None:
        self.rules = rules
        self.reachable = reachable
        self.why = why
        self.refusal = refusal  # what an unreachable host's requests fail with

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
    §2.3.1.4), whichever of the run's crawls asks first: the parsed outcomes and
    delays are the run's (``spiders.middlewares.hosts``); whether a Crawl-delay is
    too long is each crawl's own ``limits.max_crawl_delay``. A fetch a closing
    crawl drops unsent leaves the host unknown, for the next crawl asking.
    Requests wait for their host's robots.txt. A request marked
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
        self.user_agent = crawler_robots_token(crawler.settings)
        self.hosts = shared_hosts(crawler)
        self._policies: dict[str, RobotsPolicy | defer.Deferred] = self.hosts.policies
        self._responses: dict[str, Response] = self.hosts.robots_responses
        self._delays_read: set[str] = set()  # netlocs whose delay this crawl has noted
        # netloc → this crawl's refusal of a host whose Crawl-delay is over its own cap.
        self._refusals: dict[str, RobotsPolicy] = {}
        self.max_crawl_delay = required_seconds(crawler.settings, "NEWSAGG_MAX_CRAWL_DELAY")
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
                raise policy.refusal(f"{request.url}: {policy.why}")
            return None  # reachable but too big to keep: fetch it for its Sitemap: lines
        if not policy.reachable:
            self.stats.inc_value("robotstxt/unreachable_forbidden")
            raise policy.refusal(f"{request.url}: {policy.why}; host disallowed for this run")
        if not policy.allowed(request.url, self.user_agent):
            self.stats.inc_value("robotstxt/forbidden")
            logger.debug("Forbidden by robots.txt: %s", request.url)
            raise RobotsDisallowed(f"{request.url}: forbidden by robots.txt")
        self._apply_delay(request)
        return None

    async def _policy(self, request: Request) -> RobotsPolicy:
        """The host's robots.txt outcome for this crawl: the run's parsed policy, or
        this crawl's refusal when its Crawl-delay is over this crawl's own cap."""
        parts = urlparse_cached(request)
        netloc = parts.netloc
        policy = None
        while policy is None:  # None: the fetch waited on was dropped by a closing crawl
            entry = self._policies.get(netloc)
            if entry is None:
                policy = await self._fetch_policy(f"{parts.scheme}://{netloc}/robots.txt", netloc)
            elif isinstance(entry, defer.Deferred):
                policy = await self._wait(entry)
            else:
                policy = entry
        delay = policy.delay(self.user_agent)
        if delay and delay > self.max_crawl_delay:
            return self._too_slow(netloc, delay)
        self._note_delay(netloc, parts.hostname or "", policy)
        return policy

    async def _fetch_policy(self, url: str, netloc: str) -> RobotsPolicy:
        """Fetch ``netloc``'s robots.txt for the run, its waiters told the outcome.

        A fetch the closing crawl drops unsent (``ClosedUnsent``) says nothing of the
        host: nothing is stored, the waiters are woken with None to ask again (a live
        crawl fetches it anew) and this crawl's request ends unsent.
        """
        waiting: defer.Deferred = defer.Deferred()
        self._policies[netloc] = waiting
        try:
            policy = await self._fetch(url, netloc)
        except ClosedUnsent:
            del self._policies[netloc]
            waiting.callback(None)
            raise
        self._policies[netloc] = policy
        if not policy.reachable:
            logger.warning("%s: %s; nothing on it is fetched this run", netloc, policy.why)
        waiting.callback(policy)
        return policy

    @staticmethod
    async def _wait(fetching: defer.Deferred) -> RobotsPolicy | None:
        """The outcome of another request's fetch (a fresh Deferred per waiter)."""
        waiter: defer.Deferred[RobotsPolicy | None] = defer.Deferred()

        def relay(result: Any) -> Any:
            waiter.callback(result)
            return result

        fetching.addBoth(relay)
        return await maybe_deferred_to_future(waiter)

    def _too_slow(self, netloc: str, delay: float) -> RobotsPolicy:
        """A Crawl-delay over this crawl's ``limits.max_crawl_delay``: the host is given up
        for this crawl (it would end before many requests, and its close would wait for
        them); other crawls of the run decide by their own cap. One WARNING per host."""
        refusal = self._refusals.get(netloc)
        if refusal is None:
            why = (
                f"robots.txt asks for {delay:g} s between requests, more than the "
                f"{self.max_crawl_delay:g} s this run waits (limits.max_crawl_delay)"
            )
            refusal = RobotsPolicy(None, reachable=False, why=why, refusal=CrawlDelayTooLong)
            self._refusals[netloc] = refusal
            logger.warning("%s: %s; nothing on it is fetched this run", netloc, why)
        return refusal

    def _note_delay(self, netloc: str, host: str, policy: RobotsPolicy) -> None:
        """Keep the delay robots.txt asks of this crawl's user agent, once per host."""
        if netloc in self._delays_read:
            return
        self._delays_read.add(netloc)
        delay = policy.delay(self.user_agent)
        if delay:
            self.hosts.note_delay(host, delay)
            logger.info("robots.txt of %s asks for %.3g s between requests", netloc, delay)

    async def _fetch(self, url: str, netloc: str) -> RobotsPolicy:
        """Fetch robots.txt, following up to five redirects ourselves (RFC 9309 §2.3.1.2).

        ``handle_httpstatus_all`` makes Scrapy's RedirectMiddleware hand every
        3xx back untouched, so the chain is walked here: each hop is a new
        request through the address guard, to any host it accepts, and the
        file reached is obeyed for the host first asked (§2.3.1.2: "in the
        context of the initial authority"). A sixth redirect, a redirect
        without a usable Location, or a hop the guard refuses leaves the
        host unreachable for this run.
        """
        for _hop in range(self.ROBOTS_REDIRECTS + 1):
            try:
                response = await self._download(url)
            except ClosedUnsent:
                raise  # the crawl closed before sending it: nothing learnt of the host
            except Exception as exc:  # timeout, DNS, refused, blocked address: unreachable
                kind = error_kind(exc)
                self.stats.inc_value(f"robotstxt/exception/{kind}")
                # The cause (timeout, dns, connection …) is counted once per host; each
                # request then dropped is counted as robots_unreachable.
                self.stats.inc_value(f"newsagg/errors/{kind}")
                return RobotsPolicy(None, reachable=False, why=f"robots.txt fetch failed ({kind})")
            self.stats.inc_value(f"robotstxt/response_status_count/{response.status}")
            if not 300 <= response.status < 400:
                if len(response.body) <= self.KEEP_BYTES:
                    self._responses[netloc] = response
                return robots_policy_for_response(response)
            url = self._redirect_target(response)
            if not url:
                return RobotsPolicy(
                    None, reachable=False, why="robots.txt redirect without an http(s) Location"
                )
        return RobotsPolicy(
            None,
            reachable=False,
            why=f"robots.txt redirected more than {self.ROBOTS_REDIRECTS} times",
        )

    async def _download(self, url: str) -> Response:
        request = Request(
            url,
            priority=self.DOWNLOAD_PRIORITY,
            callback=NO_CALLBACK,
            meta={
                "dont_obey_robotstxt": True,
                "allow_offsite": True,
                "dont_redirect": True,
                "handle_httpstatus_all": True,
            },
        )
        self.stats.inc_value("robotstxt/request_count")
        return await self.crawler.engine.download_async(request)

    @staticmethod
    def _redirect_target(response: Response) -> str:
        """The absolute http(s) URL a 3xx points to, or "" when it points nowhere usable."""
        location = response.headers.get(b"Location")
        if not location:
            return ""
        target = response.urljoin(location.decode("latin-1").strip())
        return target if target.split(":", 1)[0].lower() in ("http", "https") else ""

    def _slot(self, request: Request):  # type: ignore[no-untyped-def]
        downloader = self.crawler.engine.downloader
        return downloader._get_slot(request)[1]

    def _apply_delay(self, request: Request) -> None:
        delay = self.hosts.delays.get(urlparse_cached(request).hostname or "")
        if delay:
            slot = self._slot(request)
            slot.delay = max(slot.delay, delay)

    def _response_downloaded(self, response: Response, request: Request, spider: Any) -> None:
        # Connected after AutoThrottle's handler: undo any lowering below Crawl-delay.
        delay = self.hosts.delays.get(urlparse_cached(request).hostname or "")
        if delay:
            slot = self.crawler.engine.downloader.slots.get(request.meta.get("download_slot"))
            if slot is not None and slot.delay < delay:
                slot.delay = delay
