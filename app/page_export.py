"""``aggregator export --format warc``: the kept pages as WARC/1.1 response records.

Each page kept with ``retention.keep_pages`` (every version's, each page of an article
split over pages) is one gzipped ``response`` record (warcio's ``WARCWriter``), after a
``warcinfo`` record naming the software: ``WARC-Target-URI`` the URL fetched,
``WARC-Date`` when, the payload the bytes as fetched behind an HTTP ``200 OK`` head
whose ``Content-Type`` gives the charset the server named (the only header kept),
``WARC-Newsagg-Article`` / ``WARC-Newsagg-Version`` the article and version it gave,
``WARC-Newsagg-Source`` the source it was stored under and ``WARC-Newsagg-Hints`` what
the feed or sitemap said of it (JSON, as ``article_pages.hints``; none when it said
nothing), which ``aggregator ingest`` reads back (:mod:`aggregator.warc`). So a corpus
can be cited, and replayed (pywb), as the pages it was parsed from.
"""

from __future__ import annotations

import io
import json
import zlib
from collections.abc import Callable
from importlib.metadata import PackageNotFoundError, version
from typing import Any, BinaryIO

from sqlite_utils import Database
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from aggregator.schema import KeptPage, as_utc
from aggregator.warc import ARTICLE_HEADER, HINTS_HEADER, SOURCE_HEADER
from storage.page_archive import KeptRow, kept_pages


def _software() -> str:
    try:
        return f"newsagg/{version('newsagg')}"
    except PackageNotFoundError:
        return "newsagg"


def write_warc(
    db: Database,
    handle: BinaryIO,
    *,
    name: str,
    source: str | None = None,
    warn: Callable[[str], None] = lambda line: None,
) -> int:
    """Write every kept page (of ``source``'s articles) to ``handle`` as a WARC file named
    ``name`` (its warcinfo record's); a page that does not read is one ``warn`` line and
    left out. How many pages were written."""
    writer = WARCWriter(handle, gzip=True, warc_version="1.1")
    info = {"software": _software(), "format": "WARC File Format 1.1"}
    writer.write_record(writer.create_warcinfo_record(name, info))
    written = 0
    for row in kept_pages(db, source):
        where = f"article {row.article_id} version {row.version}"
        try:
            if row.page is None:
                raise ValueError(row.problem)
            body = row.page.html()
        except (ValueError, zlib.error) as exc:  # a row that does not read: the others go on
            warn(f"{where}: its kept page does not read: {exc}")
            continue
        writer.write_record(_response(writer, row.page, row, body))
        written += 1
    return written


def _response(writer: WARCWriter, page: KeptPage, row: KeptRow, body: bytes) -> Any:
    content_type = "text/html" + (f"; charset={page.charset}" if page.charset else "")
    stored = {
        "WARC-Date": as_utc(page.fetched_at).strftime("%Y-%m-%dT%H:%M:%S.%fZ"),
        ARTICLE_HEADER: str(row.article_id),
        "WARC-Newsagg-Version": str(row.version),
        SOURCE_HEADER: row.source,
    }
    if hints := page.hints.to_json():  # ASCII: a WARC header line is no place for raw UTF-8
        stored[HINTS_HEADER] = json.dumps(hints, separators=(",", ":"))
    head = StatusAndHeaders(
        "200 OK",
        [("Content-Type", content_type), ("Content-Length", str(len(body)))],
        protocol="HTTP/1.1",
    )
    return writer.create_warc_record(
        page.url,
        "response",
        payload=io.BytesIO(body),
        length=len(body),
        http_headers=head,
        warc_headers_dict=stored,
    )
