"""Conditional GET for discovery documents through Scrapy's HTTP cache.

Feeds, sitemaps and listing pages are kept with their ``ETag`` and
``Last-Modified``, one file each, in a per-source directory (``HTTPCACHE_DIR``, set
by ``spiders.settings.settings_for_source``). Every later request for one asks the
server with ``If-None-Match`` / ``If-Modified-Since``; a 304 hands the spider the
kept body, flagged ``cached``, so it reads the document exactly as if fetched:
links a stopped crawl or ``max_pages`` left unfetched are found again, and the
database's incremental skip passes over the stored ones.

Only requests whose meta holds :data:`DISCOVERY` are kept: article pages have
their own conditional GET through the database, and robots.txt its own policy.
"""

from __future__ import annotations

import contextlib
import gzip
import json
import logging
import os
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from scrapy.downloadermiddlewares.httpcache import HttpCacheMiddleware
from scrapy.extensions.httpcache import RFC2616Policy
from scrapy.http import Request, Response
from scrapy.settings import BaseSettings
from scrapy.utils.project import data_path
from scrapy.utils.response import response_from_dict

logger = logging.getLogger(__name__)

# Request meta key marking a discovery document (feed, sitemap, listing page) to keep.
DISCOVERY = "newsagg_discovery"
# Request meta key of a sitemap an index lists with a <lastmod>: that time (POSIX
# seconds). Kept with or without validators; while its kept copy is as recent, that
# copy is read unasked (the index says nothing changed since).
INDEX_LASTMOD = "newsagg_index_lastmod"
# The flag (beside Scrapy's ``cached``, which a 304 gets too) of a kept copy read
# unasked: no request was sent, so no 304 was answered.
READ_UNASKED = "unasked"
# An entry is <HTTPCACHE_DIR>/<first two hex digits of its fingerprint>/<fingerprint>.entry;
# it is written as a temporary file beside it first.
_ENTRY_SUFFIX = ".entry"
_TEMP_PREFIX = ".tmp-"


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

    One exception: a sitemap its index lists with a ``<lastmod>`` no later than
    when its kept copy was fetched (or revalidated) is read from that copy unasked:
    the index, just fetched, says it has not changed since. Such a child is kept
    without validators too, so its fetch time is known next run.
    """

    def should_cache_request(self, request: Request) -> bool:
        return bool(request.meta.get(DISCOVERY)) and super().should_cache_request(request)

    def should_cache_response(self, response: Response, request: Request) -> bool:
        if response.status != 200:
            return False
        if request.meta.get(INDEX_LASTMOD) is not None:
            # An index's dated child: its next <lastmod> is compared with this fetch.
            return b"no-store" not in (response.headers.get(b"Cache-Control") or b"").lower()
        # Without a validator a kept copy could never be revalidated: only a cost.
        validated = b"ETag" in response.headers or b"Last-Modified" in response.headers
        return validated and super().should_cache_response(response, request)

    def is_cached_response_fresh(self, cachedresponse: Response, request: Request) -> bool:
        lastmod, kept_at = request.meta.get(INDEX_LASTMOD), request.meta.get("cache_timestamp")
        if lastmod is not None and kept_at is not None and lastmod <= kept_at:
            # Its index says it has not changed since it was kept.
            cachedresponse.flags.append(READ_UNASKED)
            return True
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
# What a 304 says of the kept document (RFC 9110 15.4.5, RFC 9111 4.3.4); the rest of a
# 304's headers (Content-Length: 0, Connection) are about the 304 itself.
_REVALIDATION_HEADERS = (
    b"ETag",
    b"Last-Modified",
    b"Cache-Control",
    b"Expires",
    b"Date",
    b"Vary",
    b"Content-Location",
)


class DiscoveryCacheMiddleware(HttpCacheMiddleware):
    """Scrapy's cache middleware, without its error recovery: a timeout or a refused
    connection on a feed stays an error (retried, counted), not a silent old copy.

    A discovery request's validators come from its own entry only: Scrapy's redirect
    copies the headers onto the new request, and a moved feed's new address answering
    304 to the old address's ETag would leave nothing to read (no entry of its own).
    """

    def process_request(self, request: Request, spider: Any = None) -> Request | Response | None:
        if request.meta.get(DISCOVERY):
            for name in _CONDITIONAL_HEADERS:
                request.headers.pop(name, None)
        return super().process_request(request)

    def _freshen_cached_response(self, cachedresponse: Response, response: Response) -> None:
        # Scrapy's copies every header of the 304 onto the kept response.
        for name in _REVALIDATION_HEADERS:
            if name in response.headers:
                cachedresponse.headers[name] = response.headers.getlist(name)

    def _cache_response(self, response: Response, request: Request) -> None:
        # A document now served uncacheable (no-store, no validator) must not be answered
        # by its old copy when a later 304 comes from elsewhere (a CDN, another version).
        if response.status == 200 and not self.policy.should_cache_response(response, request):
            self.stats.inc_value("httpcache/uncacheable")
            self.storage.forget(request)
            return
        super()._cache_response(response, request)

    def process_exception(
        self, request: Request, exception: Exception, spider: Any = None
    ) -> Request | Response | None:
        request.meta.pop("cached_response", None)
        return None


@dataclass(frozen=True)
class KeptDocument:
    """One kept entry: the URL it was requested as, when it was last stored (a fetch or
    a 304), and the response a 304 hands the spider."""

    url: str
    stored_at: float
    response: Response


class DiscoveryCacheStorage:
    """Scrapy's ``HTTPCACHE_STORAGE`` interface over one file per kept document, in one
    directory per source (``HTTPCACHE_DIR``). An entry is written whole to a temporary
    file beside it and renamed into place (``os.replace``, atomic), at every fetch and
    every 304: a reader sees the old entry or the new one, never one's validators with
    another's body, whatever other crawls of the source (``--processes N``) write at once.
    Entries not renewed for ``HTTPCACHE_EXPIRATION_SECS`` are removed when the crawl closes.
    """

    _said_store_failed = False

    def __init__(self, settings: BaseSettings) -> None:
        self.cachedir = Path(data_path(settings["HTTPCACHE_DIR"]))
        self.expiration_secs = settings.getint("HTTPCACHE_EXPIRATION_SECS")

    def open_spider(self, spider: Any) -> None:
        self._fingerprinter = spider.crawler.request_fingerprinter

    def close_spider(self, spider: Any) -> None:
        prune_cache(self.cachedir, self.expiration_secs)

    def entry_path(self, request: Request) -> Path:
        key = self._fingerprinter.fingerprint(request).hex()
        return self.cachedir / key[:2] / (key + _ENTRY_SUFFIX)

    def forget(self, request: Request) -> None:
        """Remove ``request``'s entry, if any: the next request for it asks unconditionally."""
        with contextlib.suppress(OSError):
            self.entry_path(request).unlink(missing_ok=True)

    def retrieve_response(self, spider: Any, request: Request) -> Response | None:
        kept = read_entry(self.entry_path(request))
        if kept is None or 0 < self.expiration_secs < time.time() - kept.stored_at:
            return None
        request.meta["cache_timestamp"] = kept.stored_at
        return kept.response

    def store_response(self, spider: Any, request: Request, response: Response) -> None:
        try:
            _replace_file(self.entry_path(request), _entry_bytes(request.url, response))
        except OSError as exc:
            # A folder that cannot be written (a full disk, a read-only mount) costs the
            # next crawl a whole fetch, never this one's response.
            spider.crawler.stats.inc_value("newsagg/discovery_cache_store_failed")
            if not self._said_store_failed:
                self._said_store_failed = True
                logger.warning(
                    "Cannot keep %s for a conditional GET next time, in %s: %s",
                    request.url,
                    self.cachedir,
                    exc,
                )


def is_discovery_cache(folder: Path) -> bool:
    """Whether ``folder`` holds kept documents in this layout and nothing else: a folder
    someone else put under httpcache/ (an old copy, another program's) is not ours to delete."""
    try:
        shards = list(folder.iterdir())
        if not shards:
            return False
        for shard in shards:
            if not (shard.is_dir() and len(shard.name) == 2 and _is_hex(shard.name)):
                return False
            for item in shard.iterdir():
                ours = item.name.endswith(_ENTRY_SUFFIX) or item.name.startswith(_TEMP_PREFIX)
                if not (ours and item.is_file()):
                    return False
    except OSError:
        return False
    return True


def _is_hex(text: str) -> bool:
    return all(c in "0123456789abcdef" for c in text)


def read_entry(path: Path) -> KeptDocument | None:
    """The document kept in the entry file ``path``; None if there is none."""
    try:
        data = gzip.decompress(path.read_bytes())
    except FileNotFoundError:
        return None
    head, _, body = data.partition(b"\n")
    meta = json.loads(head)
    headers = {
        name.encode("latin-1"): [v.encode("latin-1") for v in values]
        for name, values in meta["headers"].items()
    }
    response = response_from_dict(
        {
            "_class": meta["class"],
            "url": meta["response_url"],
            "status": meta["status"],
            "headers": headers,
            "body": body,
        }
    )
    return KeptDocument(url=meta["url"], stored_at=meta["stored_at"], response=response)


def kept_documents(cache_dir: Path) -> Iterator[KeptDocument]:
    """Every document kept in a source's ``cache_dir``."""
    for path in sorted(cache_dir.glob("*/*" + _ENTRY_SUFFIX)):
        if (kept := read_entry(path)) is not None:
            yield kept


def _entry_bytes(url: str, response: Response) -> bytes:
    """An entry file: one JSON line (what the response is, its headers as latin-1, the
    way HTTP carries them) then the body, gzipped together. Not pickle: reading a file
    must never run code; not base64: the body is most of the bytes."""
    meta = {
        "url": url,
        "response_url": response.url,
        "status": response.status,
        "class": f"{type(response).__module__}.{type(response).__qualname__}",
        "stored_at": time.time(),
        "headers": {
            name.decode("latin-1"): [v.decode("latin-1") for v in values]
            for name, values in response.headers.items()
        },
    }
    head = json.dumps(meta, separators=(",", ":")).encode("ascii")
    # Level 1: feeds shrink about as much as at 9, in a fraction of the CPU.
    return gzip.compress(head + b"\n" + response.body, compresslevel=1, mtime=0)


def _replace_file(path: Path, data: bytes) -> None:
    """Write ``path`` whole or not at all: a temporary file in the same directory, renamed.

    Not ``storage.files.replacing``: that one writes text and fsyncs, which every 304
    would pay for; an entry an OS crash lost costs one whole fetch. The temporary
    names are ``mkstemp``'s own, under a prefix ``prune_cache`` knows.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, temp = tempfile.mkstemp(dir=path.parent, prefix=_TEMP_PREFIX)
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data)
        os.replace(temp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temp)
        raise


def prune_cache(cache_dir: Path, max_age_seconds: float) -> int:
    """Remove the entries of ``cache_dir`` not stored for ``max_age_seconds``, and the
    temporary files a killed writer left as long; how many files.

    An entry is stored again at each fetch or 304, so only documents no longer
    requested age. A younger temporary file may be another crawl's write in progress.
    """
    if max_age_seconds <= 0 or not cache_dir.is_dir():
        return 0
    oldest = time.time() - max_age_seconds
    removed = 0
    for path in cache_dir.glob("*/*"):
        try:
            if path.is_file() and path.stat().st_mtime < oldest:
                path.unlink()
                removed += 1
        except OSError:  # renamed or removed by another crawl meanwhile
            continue
    return removed
