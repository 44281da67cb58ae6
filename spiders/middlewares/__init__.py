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
  over ``Limits.max_retry_after`` gives the host up for this crawl.

:func:`error_kind` names what went wrong with a request; the spider counts
failures under ``newsagg/errors/<kind>`` and the pipeline copies those into
``crawl_runs.errors``.

One module each: ``errors`` (the named refusals and :func:`error_kind`),
``addresses``, ``robots`` and ``retry_after``; the Scrapy settings name the
classes by their modules, and every public name is importable from here.
"""

from __future__ import annotations

from spiders.middlewares.addresses import AddressGuardMiddleware, PublicAddressResolver
from spiders.middlewares.errors import (
    BlockedAddress,
    HostBackedOff,
    OutOfScope,
    RobotsDisallowed,
    RobotsUnreachable,
    error_kind,
)
from spiders.middlewares.retry_after import RetryAfterMiddleware, parse_retry_after
from spiders.middlewares.robots import (
    RobotsPolicy,
    RobotsPolicyMiddleware,
    decode_robots,
    robots_policy_for_response,
)

__all__ = [
    "AddressGuardMiddleware",
    "BlockedAddress",
    "HostBackedOff",
    "OutOfScope",
    "PublicAddressResolver",
    "RetryAfterMiddleware",
    "RobotsDisallowed",
    "RobotsPolicy",
    "RobotsPolicyMiddleware",
    "RobotsUnreachable",
    "decode_robots",
    "error_kind",
    "parse_retry_after",
    "robots_policy_for_response",
]
