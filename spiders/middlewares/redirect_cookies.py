"""Notes the cookies a redirect sets, for the WARNING of the redirect loop they may cause.

The crawl keeps no cookies (``COOKIES_ENABLED = False``), so a site's cookie check (a
page that redirects a client without its cookie to a page that sets it and redirects
back) ends as a ``redirect_loop``; the duplicate filter's WARNING then names the cookie
and the source key that sends it (``headers: {Cookie: …}``), read from here.

Why the crawl does not answer the check itself. A cookie jar across the crawl would make
it one long session: a metered paywall counts the articles read per cookie and closes
after a few, and a site that tests or personalises by cookie would serve the same URL
differently from one crawl to the next, which storage takes for edits. Answering within
one redirect chain only would have to let a request through to a URL its own chain
already asked for, the one sign of a loop the duplicate filter has, and many sites set a
cookie on every answer: a real loop would then run to ``REDIRECT_MAX_TIMES``. A cookie
an operator gives in the source's ``headers`` is one chosen value, sent to the source's
own origins only.
"""

from __future__ import annotations

from typing import Any

from scrapy.http import Request, Response

#: Request meta key: the ``name=value`` of each cookie a redirect of this request's chain
#: set, in order (Scrapy's RedirectMiddleware copies meta to the redirected request).
CHAIN_COOKIES = "newsagg_chain_cookies"


class RedirectCookieNotesMiddleware:
    """Adds the cookies a 3xx answer sets to its request's meta, before Scrapy's
    RedirectMiddleware (order below this one's) builds the redirected request from it."""

    def process_response(
        self, request: Request, response: Response, spider: Any = None
    ) -> Response:
        if 300 <= response.status < 400 and (set_cookies := response.headers.getlist("Set-Cookie")):
            pairs = [_name_value(raw) for raw in set_cookies]
            request.meta[CHAIN_COOKIES] = [
                *request.meta.get(CHAIN_COOKIES, ()),
                *(pair for pair in pairs if pair),
            ]
        return response


def _name_value(raw: bytes) -> str:
    """``name=value`` of a Set-Cookie header (its attributes left out)."""
    return raw.decode("latin-1").partition(";")[0].strip()
