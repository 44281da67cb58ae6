"""The address guard (SSRF) and the resolver behind it (DNS rebinding)."""

from __future__ import annotations

import asyncio
import logging
import socket
from collections.abc import Iterable, Sequence
from typing import Any

from scrapy.http import Request
from scrapy.resolver import CachingThreadedResolver
from scrapy.utils.httpobj import urlparse_cached
from twisted.internet import defer
from twisted.internet.error import DNSLookupError

from aggregator.addresses import is_ip_literal, is_public_address
from spiders.middlewares.errors import BlockedAddress, OutOfScope

logger = logging.getLogger(__name__)


class PublicAddressResolver(CachingThreadedResolver):
    """Scrapy's caching resolver, refusing non-public answers for untrusted names.

    The address guard decides before a request is sent, from its own lookup;
    this resolver gives the answer the connection actually uses, so a name
    that resolves to a public address for the guard and to a private one for
    the connection (DNS rebinding) fails here, as a DNS error. Trusted hosts
    (``NEWSAGG_TRUSTED_HOSTS``: the hosts the crawled sources' entries write
    themselves, exactly: never a subdomain of one) and IP literals (the guard
    has judged those already) pass unchanged.
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
        if is_ip_literal(name) or name.lower() in self.trusted:
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


class AddressGuardMiddleware:
    """Refuse non-http(s) URLs, requests outside the source's scope, and non-public addresses.

    Runs on every request, including redirects and robots.txt fetches (a
    redirect is a new request through the whole chain). A request inside the
    spider's ``scope`` (its hosts *and* ports) on a host the source's entry
    writes itself is trusted as given, which is how the demo outlets on
    127.0.0.1 are reached, unless the source's ``politeness.private_addresses``
    is ``refuse``. Any other request that Scrapy's offsite filter would drop by
    host is refused here by port (``OutOfScope``, counted as ``offsite``); the
    rest (in-scope subdomains of the named hosts, the source's own discovery
    URLs redirected elsewhere, robots.txt redirects) are resolved and refused
    when any address is non-public; the connection's own lookup is checked
    again by :class:`PublicAddressResolver`. A spider without a scope trusts
    nothing.
    """

    def __init__(self, crawler) -> None:  # type: ignore[no-untyped-def]
        self.crawler = crawler
        self._verdicts: dict[str, bool] = {}
        # Set per source by spiders.settings.settings_for_source; anything else trusts none.
        self._trust_named = crawler.settings.get("NEWSAGG_PRIVATE_ADDRESSES") == "named"

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
        in_scope = False
        if scope is not None:
            in_scope = scope.allows(request.url)
            if in_scope and self._trust_named and scope.names(request.url):
                return
            if not (in_scope or request.dont_filter or request.meta.get("allow_offsite")):
                logger.info("Refusing %s: outside the source's hosts and ports", request.url)
                raise OutOfScope(f"{request.url}: outside the source's hosts and ports")
        verdict = self._verdicts.get(host)
        if verdict is None:
            verdict = await self._resolve_public(host)
            self._verdicts[host] = verdict
        if not verdict:
            # An in-scope host the entry does not write itself (a subdomain): say how to trust it.
            named_trusted = in_scope and self._trust_named
            hint = " (name it in the source's allowed_domains to trust it)" if named_trusted else ""
            self._refuse(request, f"host {host!r} is not a public address{hint}")

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
