"""Conditional GET for discovery documents through Scrapy's HTTP cache.

Feeds, sitemaps and listing pages are kept with their ``ETag`` and
``Last-Modified`` in a per-source directory (``HTTPCACHE_DIR``, set by
``spiders.settings.settings_for_source``). Every later request for one asks the
server with ``If-None-Match`` / ``If-Modified-Since``; a 304 hands the spider the
kept body, flagged ``cached``, so it reads the document exactly as if fetched:
links a stopped crawl or ``max_pages`` left unfetched are found again, and the
database's incremental skip passes over the stored ones.

Only requests whose meta holds :data:`DISCOVERY` are kept: article pages have
their own conditional GET through the database, and robots.txt its own policy.
"""

from __future__ import annotations

import logging
import os
import shutil
import time
from pathlib import Path
from typing import Any

from scrapy.downloadermiddlewares.httpcache import HttpCacheMiddleware
from scrapy.extensions.httpcache import FilesystemCacheStorage, RFC2616Policy
from scrapy.http import Request, Response
from w3lib.http import headers_dict_to_raw

logger = logging.getLogger(__name__)

# Request meta key marking a discovery document (feed, sitemap, listing page) to keep.
DISCOVERY = "newsagg_discovery"
# Written last into an entry's directory: an entry a kill left half-written is no entry.
_COMPLETE = "complete"


class RevalidatingPolicy(RFC2616Policy):
    """RFC 2616 caching, except that a kept document is never used unasked.

    Scrapy's policy serves a response without asking the server while it is
    "fresh": for ``max-age``, ``Expires``, or 10 % of the age its
    ``Last-Modified`` gives. A news feed that changed an hour after a day of
    quiet would then be read stale for over two hours, and a CDN's
    ``max-age=3600`` would hold back a source scheduled every ten minutes. Every
    request asks instead; an unchanged document costs a 304. Sending
    ``Cache-Control: max-age=0`` would do the same from the request, but tells
    every proxy and CDN on the way to go back to the origin: less polite.
    """

    def should_cache_request(self, request: Request) -> bool:
        return bool(request.meta.get(DISCOVERY)) and super().should_cache_request(request)

    def should_cache_response(self, response: Response, request: Request) -> bool:
        # Without a validator a kept copy could never be revalidated: only a cost.
        validated = b"ETag" in response.headers or b"Last-Modified" in response.headers
        return (
            response.status == 200
            and validated
            and super().should_cache_response(response, request)
        )

    def is_cached_response_fresh(self, cachedresponse: Response, request: Request) -> bool:
        self._set_conditional_validators(request, cachedresponse)
        return False

    def is_cached_response_valid(
        self, cachedresponse: Response, response: Response, request: Request
    ) -> bool:
        # Scrapy's policy also answers a 5xx with the kept copy: that would hide the
        # error from the retries and the run's error counts.
        return response.status == 304


# The request headers a kept entry's validators become (RevalidatingPolicy).
_CONDITIONAL_HEADERS = (b"If-None-Match", b"If-Modified-Since")


class DiscoveryCacheMiddleware(HttpCacheMiddleware):
    """Scrapy's cache middleware, without its error recovery: a timeout or a refused
    connection on a feed stays an error (retried, counted), not a silent old copy.

    A discovery request's validators come from its own entry only: Scrapy's redirect
    copies the headers onto the new request, and a moved feed's new address answering
    304 to the old address's ETag would leave nothing to read (no entry of its own).
    """

    def process_request(
        self, request: Request, spider: Any = None
    ) -> Request | Response | None:
        if request.meta.get(DISCOVERY):
            for name in _CONDITIONAL_HEADERS:
                request.headers.pop(name, None)
        return super().process_request(request)

    def process_exception(
        self, request: Request, exception: Exception, spider: Any = None
    ) -> Request | Response | None:
        request.meta.pop("cached_response", None)
        return None


class DiscoveryCacheStorage(FilesystemCacheStorage):
    """Scrapy's filesystem storage, one directory per source (``HTTPCACHE_DIR``), with
    entries that count only once whole, and entries not renewed for
    ``HTTPCACHE_EXPIRATION_SECS`` (a feed dropped from the config, a listing page no
    longer linked) removed when the crawl closes."""

    _said_store_failed = False

    def _get_request_path(self, spider: Any, request: Request) -> str:
        key = self._fingerprinter.fingerprint(request).hex()
        return str(Path(self.cachedir, key[0:2], key))

    def _read_meta(self, spider: Any, request: Request) -> dict[str, Any] | None:
        if not (Path(self._get_request_path(spider, request)) / _COMPLETE).exists():
            return None
        return super()._read_meta(spider, request)

    def store_response(self, spider: Any, request: Request, response: Response) -> None:
        entry = Path(self._get_request_path(spider, request))
        try:
            if "cached" in response.flags and (entry / _COMPLETE).exists():
                self._renew(entry, response)
            else:
                (entry / _COMPLETE).unlink(missing_ok=True)
                super().store_response(spider, request, response)
                (entry / _COMPLETE).touch()
        except OSError as exc:
            # A folder that cannot be written (a worker host without the database's
            # folder, a full disk) costs the next crawl a whole fetch, never this one's
            # response.
            spider.crawler.stats.inc_value("newsagg/discovery_cache_store_failed")
            if not self._said_store_failed:
                self._said_store_failed = True
                logger.warning(
                    "Cannot keep %s for a conditional GET next time, in %s: %s",
                    request.url,
                    self.cachedir,
                    exc,
                )

    def _renew(self, entry: Path, response: Response) -> None:
        """After a 304: the kept body stands; only the headers the 304 updated are written
        again, and the entry's time renewed (Scrapy's storage rewrote all seven files).

        A kill while the headers are written leaves ones Scrapy cannot read (a miss) or
        none (no validator to send): either way the next crawl fetches the document whole.
        """
        with self._open(entry / "response_headers", "wb") as f:
            f.write(headers_dict_to_raw(response.headers))
        for stamp in (entry / "pickled_meta", entry / _COMPLETE):
            os.utime(stamp)

    def close_spider(self, spider: Any) -> None:
        prune_cache(Path(self.cachedir), self.expiration_secs)


def prune_cache(cache_dir: Path, max_age_seconds: float) -> int:
    """Remove the entries of ``cache_dir`` not stored for ``max_age_seconds``; how many.

    An entry is stored again at each fetch or 304, so only documents no longer
    requested age (and half-written ones, which have no ``complete`` marker).
    """
    if max_age_seconds <= 0 or not cache_dir.is_dir():
        return 0
    oldest = time.time() - max_age_seconds
    removed = 0
    for entry in cache_dir.glob("*/*"):
        meta = entry / "pickled_meta"
        stamp = (entry / _COMPLETE) if (entry / _COMPLETE).exists() else meta
        try:
            stale = not stamp.exists() or stamp.stat().st_mtime < oldest
        except OSError:
            continue
        if stale:
            shutil.rmtree(entry, ignore_errors=True)
            removed += 1
    return removed
