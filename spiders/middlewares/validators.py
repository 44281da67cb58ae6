"""An article's validators go to its own URL only, never to a redirect's target."""

from __future__ import annotations

from typing import Any

from scrapy.http import Request

#: Request meta key: the spider set ``If-None-Match`` / ``If-Modified-Since`` from the
#: stored copy of this request's first URL.
STORED_VALIDATORS = "newsagg_stored_validators"
VALIDATOR_HEADERS = (b"If-None-Match", b"If-Modified-Since")


class RedirectValidatorsMiddleware:
    """Drops the stored copy's validators from a redirected article request.

    Scrapy's RedirectMiddleware copies a request's headers onto the next hop, so
    a stored page that moved to a page never stored asked the target "changed
    since my copy?" with the old page's ETag or date: a target answering 304 was
    never fetched, whatever ``--refresh`` said. The target is fetched whole; the
    move is recorded as the stored page's alias when it is stored.
    """

    def process_request(self, request: Request, spider: Any = None) -> None:
        if request.meta.get(STORED_VALIDATORS) and request.meta.get("redirect_urls"):
            for name in VALIDATOR_HEADERS:
                request.headers.pop(name, None)
