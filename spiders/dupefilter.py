"""Scrapy's duplicate-request filter, saying what it drops after a redirect.

Scrapy drops a request whose URL was already requested in the crawl with no
more than a DEBUG line. For a redirect that hid a fault: an article whose URL
redirects in a loop (``/a`` → ``/a/`` → ``/a``, a canonical-slash loop) ended
the crawl with nothing fetched and nothing said, since the loop's second
``/a`` was dropped as a duplicate before ``REDIRECT_MAX_TIMES`` could count it.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING, Any, Self

from scrapy.dupefilters import RFPDupeFilter
from scrapy.http import Request

from spiders.middlewares.redirect_cookies import CHAIN_COOKIES

if TYPE_CHECKING:
    from scrapy.crawler import Crawler

logger = logging.getLogger(__name__)


class RedirectCountingDupeFilter(RFPDupeFilter):
    """Counts a redirect dropped as a duplicate: a loop as the error ``redirect_loop``
    (its target has the request fingerprint of a URL in its own redirect chain),
    any other (two URLs redirecting to one page) as the discovery reason ``duplicate``."""

    stats: Any = None

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        dupefilter = super().from_crawler(crawler)
        dupefilter.stats = crawler.stats
        return dupefilter

    def request_seen(self, request: Request) -> bool:
        seen = super().request_seen(request)
        chain = request.meta.get("redirect_urls")
        if seen and chain and self.stats is not None:
            # Scrapy's own fingerprint: a URL of the chain the filter takes for this
            # one. Ours (canonicalize_url) drops tracking parameters, so a redirect
            # through "?utm_source=rss" to a page already requested was a "loop".
            target = self.fingerprinter.fingerprint(request)
            if any(
                self.fingerprinter.fingerprint(request.replace(url=url)) == target for url in chain
            ):
                self.stats.inc_value("newsagg/errors/redirect_loop")
                logger.warning(
                    "redirect_loop: %s%s", " -> ".join([*chain, request.url]), _cookie_hint(request)
                )
            else:
                self.stats.inc_value("newsagg/discovery/duplicate")
        return seen


def _cookie_hint(request: Request) -> str:
    """What the loop's WARNING adds when a redirect of the chain set a cookie: most likely a
    cookie check the crawl cannot pass, since it keeps no cookies; "" for any other loop."""
    cookies = request.meta.get(CHAIN_COOKIES)
    if not cookies:
        return ""
    given = "; ".join(cookies)
    return (
        f" (the site set a cookie on the way ({', '.join(cookies)}): give the source "
        f'headers: {{Cookie: "{given}"}}; the crawl keeps no cookies, docs/crawling.md)'
    )
