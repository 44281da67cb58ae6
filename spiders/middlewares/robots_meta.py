"""Article pages that ask not to be kept (``noarchive``, ``noindex``, ``none``) are refused.

The page's ``X-Robots-Tag`` headers and robots meta tags are read by
:func:`aggregator.robots_meta.keep_refusal`, for every crawler or for the crawler's robots
token (``Config.robots_agent``). Such a page is not parsed or stored: its request fails
with :class:`RobotsMetaRefused`, counted as ``robots_noindex`` or ``robots_noarchive``
(``newsagg/errors/<kind>``, the crawl's summary, which adds how many and the key that
stores them), and each host is named once in a WARNING. A later page of an article
(page 2, which sites mark ``noindex, follow``) reached on its own, from a sitemap, is let
through: the spider skips it as any later page alone, counted as such, not as a failure.
A source's ``politeness.obey_robots_meta: false`` (an operator with the site's licence)
turns this off.
"""

from __future__ import annotations

import logging
from typing import Any

from scrapy.exceptions import IgnoreRequest, NotConfigured
from scrapy.http import Request, Response
from scrapy.utils.httpobj import urlparse_cached

from aggregator.parser.next_page import first_page_of
from aggregator.parser.urls import canonicalize_url
from aggregator.robots_meta import OVERRIDE, keep_refusal
from spiders.middlewares.robots import crawler_robots_token

logger = logging.getLogger(__name__)

#: Request meta: an article page, whose answer is checked (set by the spider).
CHECK_KEEP = "newsagg_check_keep"


class RobotsMetaRefused(IgnoreRequest):
    """The page asks (X-Robots-Tag or a robots meta tag) not to be kept."""


class RobotsMetaMiddleware:
    """Refuse a 200 answer to an article request whose page asks not to be kept."""

    def __init__(self, crawler: Any) -> None:
        # Set for every crawl from the source's politeness.obey_robots_meta (settings_for_source).
        if not crawler.settings.getbool("NEWSAGG_OBEY_ROBOTS_META"):
            raise NotConfigured
        self.token = crawler_robots_token(crawler.settings)
        self._hosts_said: set[str] = set()

    @classmethod
    def from_crawler(cls, crawler: Any) -> RobotsMetaMiddleware:
        return cls(crawler)

    def process_response(
        self, request: Request, response: Response, spider: Any = None
    ) -> Response:
        if not request.meta.get(CHECK_KEEP) or response.status != 200:
            return response
        headers = [value.decode("latin-1") for value in response.headers.getlist(b"X-Robots-Tag")]
        refusal = keep_refusal(headers, response.body, self.token)
        if refusal is None or first_page_of(response.body, canonicalize_url(response.url)):
            return response
        kind = refusal.counted_as
        request.meta["newsagg_error_kind"] = kind
        host = urlparse_cached(response).netloc
        if host not in self._hosts_said:
            self._hosts_said.add(host)
            logger.warning(
                "%s asks not to keep its pages (%s: %s on %s): such pages are not stored, "
                "counted as %s (%s stores them, with the site's licence)",
                host,
                refusal.said_by,
                refusal.directive,
                response.url,
                kind,
                OVERRIDE,
            )
        raise RobotsMetaRefused(f"{response.url}: {refusal.said_by} says {refusal.directive}")
