"""A source's own request headers, sent to its own origins only (credentials never across)."""

from __future__ import annotations

import logging
from typing import Any
from urllib.parse import urlsplit

from scrapy.exceptions import NotConfigured
from scrapy.http import Request

from aggregator.discovery import host_port

logger = logging.getLogger(__name__)

# Never sent again once a request's redirect chain has left its origin, even on
# the way back: Scrapy's RedirectMiddleware drops them on a cross-host redirect.
CREDENTIAL_HEADERS = frozenset({"authorization", "cookie"})


def origin(url: str) -> tuple[str, str, int]:
    """(scheme, host, port) of a URL, the port written or the scheme's default."""
    return (urlsplit(url).scheme.lower(), *host_port(url))


def _site(url: str) -> tuple[str, int]:
    """(host, port) of a URL, http's and https's default ports alike (an upgrade stays
    home), and a host and its "www." one alike (a site's move between them)."""
    _, host, port = origin(url)
    return host.removeprefix("www."), 0 if port in (80, 443) else port


def _www_moves(scheme: str, host: str, port: int) -> set[tuple[str, str, int]]:
    """An origin and its bare or "www." twin: operators write example.com for a site
    that serves www.example.com."""
    twin = host.removeprefix("www.") if host.startswith("www.") else f"www.{host}"
    return {(scheme, host, port), (scheme, twin, port)}


class SourceHeadersMiddleware:
    """Adds the source's ``headers`` to a request for one of its own origins.

    The origins are the scheme, host and port of the source's configured
    feeds, sitemaps and start pages (``NEWSAGG_SOURCE_ORIGINS``), and https
    for one on http's default port (the usual upgrade redirect), each with its
    bare or "www." twin (a site moving between them): another host in scope (a
    subdomain, an ``allowed_domains`` entry, the target of a redirect) gets
    Scrapy's default headers only, with a WARNING once per origin.
    ``Authorization`` and ``Cookie`` are left out as well when the request's
    redirect chain passed through another host or port. Runs after
    Scrapy's DefaultHeadersMiddleware, so a name it also sends is replaced,
    and on every request again after a redirect, which carries the headers of
    the request it replaces.
    """

    def __init__(self, settings) -> None:  # type: ignore[no-untyped-def]
        self.headers: dict[str, str] = settings.getdict("NEWSAGG_SOURCE_HEADERS")
        if not self.headers:
            raise NotConfigured  # no headers of its own (with a message Scrapy logs a WARNING)
        configured = {origin(url) for url in settings.getlist("NEWSAGG_SOURCE_ORIGINS")}
        configured |= {("https", host, 443) for scheme, host, port in configured if port == 80}
        self.origins = {twin for own in configured for twin in _www_moves(*own)}
        self.held_back: set[tuple[str, str, int]] = set()  # origins a WARNING named
        self.defaults = {
            name.lower(): value
            for name, value in settings.getdict("DEFAULT_REQUEST_HEADERS").items()
        }

    @classmethod
    def from_crawler(cls, crawler):  # type: ignore[no-untyped-def]
        return cls(crawler.settings)

    def process_request(self, request: Request, spider: Any = None) -> None:
        here = origin(request.url)
        chain_left = any(
            _site(url) != _site(request.url) for url in request.meta.get("redirect_urls", ())
        )
        for name, value in self.headers.items():
            if here in self.origins and not (chain_left and name.lower() in CREDENTIAL_HEADERS):
                request.headers[name] = value
            elif name.lower() in self.defaults:
                request.headers[name] = self.defaults[name.lower()]
            else:
                request.headers.pop(name, None)
        if here not in self.origins and here not in self.held_back:
            self.held_back.add(here)
            # The whole origin: two ports of one host are two origins, and an
            # operator must see which one to list.
            logger.warning(
                "The source's headers (%s) are not sent to %s://%s:%d: not one of its own "
                "origins (list a URL of it under feeds, sitemaps or start_pages to send them)",
                ", ".join(self.headers),
                *here,
            )
