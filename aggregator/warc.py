"""Pages out of WARC files (a crawler's archive: Common Crawl's CC-NEWS, ``wget
--warc-file``, Browsertrix), read with warcio as a stream: one record in memory at a time.

Each ``response`` record answered 200 with an HTML type becomes a :class:`FetchedPage`
as the crawl would have made it (the URL the record names, its WARC-Date as the fetch
time, the charset and validators of its HTTP headers). Every other record is a
:class:`Skipped` with its reason. A record that cannot be read (a corrupt or cut gzip
member, a header block that is no WARC's) is one :class:`Skipped` marked ``broken``,
and reading goes on at the next record found after it.
"""

from __future__ import annotations

import zlib
from collections.abc import Callable, Generator, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import IO, Any

from warcio.archiveiterator import ArchiveIterator

from aggregator.content import charset_of, looks_binary
from aggregator.errors import IngestError
from aggregator.parser.next_page import first_page_of
from aggregator.parser.urls import canonicalize_url
from aggregator.robots_meta import keep_refusal
from aggregator.schema import FetchedPage, utc_now

GZIP_MAGIC = b"\x1f\x8b"
WARC_MAGIC = b"WARC/"
# Where a record may start, to read on after a broken one: a gzip member's header
# (magic, deflate) in a .warc.gz, a version line in a plain WARC.
_GZIP_MEMBER = b"\x1f\x8b\x08"
_WARC_RECORD = b"WARC/1."
# The types a crawl stores as pages (Scrapy's HtmlResponse).
HTML_TYPES = frozenset({"text/html", "application/xhtml+xml"})
_SCAN_CHUNK = 1 << 20

# The reasons a record is skipped, as the summary names them.
NOT_RESPONSE = "not a response"
REVISIT = "revisit"
NOT_200 = "not 200"
NOT_HTML = "not HTML"
TRUNCATED = "truncated"
NOT_HTTP = "not http(s)"
TOO_LARGE = "too large"
BROKEN = "broken"


@dataclass(frozen=True)
class Skipped:
    """An input not stored: ``reason`` one of a few short words (the summary counts them),
    ``where`` the file (and offset) it was read from, ``detail`` what was wrong with it.
    ``failed``: it could not be read or stored at all (the command then exits 1), rather
    than being no article page (a request record, a 404, an image)."""

    reason: str
    where: str
    detail: str = ""
    failed: bool = False


class CutShort(Exception):
    """A record whose block ends before the length its header gives."""


class _Records(ArchiveIterator):  # type: ignore[misc]
    """warcio's reader, without its own three-line warning on stderr for a record not
    followed by a blank line: the record after it then fails to parse, and that is
    reported as broken, in one line."""

    INC_RECORD = ""


@dataclass(frozen=True)
class Intake:
    """What the readers ask of the command for each page: ``source_of(url)`` the source
    it is stored under; ``robots_token_of(url)`` the crawler's robots token where that
    source obeys robots meta tags (None where it stores pages that ask not to be kept,
    ``politeness.obey_robots_meta: false``); ``max_bytes`` the longest page kept (the
    crawl's ``max_page_bytes``)."""

    source_of: Callable[[str], str]
    robots_token_of: Callable[[str], str | None]
    max_bytes: int


def refusal(
    url: str, headers: list[str], html: bytes, where: str, intake: Intake
) -> Skipped | None:
    """The page skipped, as a crawl refuses it, when it asks not to be kept (``noarchive``,
    ``noindex``: its X-Robots-Tag ``headers`` or its robots meta tags) and its source obeys
    that; a later page of an article (page 2, often ``noindex``) is not refused."""
    token = intake.robots_token_of(url)
    if token is None:
        return None
    found = keep_refusal(headers, html, token)
    if found is None or first_page_of(html, canonicalize_url(url)):
        return None
    return Skipped(found.counted_as, where, f"{found.said_by} says {found.directive}")


def is_warc(path: Path) -> bool:
    """Does ``path`` hold a WARC, plain or gzipped (read from its first bytes, not its name)?"""
    try:
        with path.open("rb") as handle:
            head = handle.read(4096)
    except OSError:
        return False
    if head.startswith(GZIP_MAGIC):
        try:
            head = zlib.decompressobj(16 + zlib.MAX_WBITS).decompress(head, 64)
        except zlib.error:
            return False
    return head.startswith(WARC_MAGIC)


def warc_pages(path: Path, intake: Intake) -> Iterator[FetchedPage | Skipped]:
    """Every record of the WARC file ``path`` in order, as a page or as skipped (a page
    longer than ``intake.max_bytes`` too, as a crawl drops it, and one that asks not to
    be kept). IngestError only when the file cannot be opened.
    """
    try:
        handle = path.open("rb")
    except OSError as exc:
        raise IngestError(f"{path}: cannot read ({exc.strerror or exc})") from None
    with handle:
        if not handle.seekable():
            raise IngestError(
                f"{path}: not a file (a pipe?): a WARC is read from a file, searched for "
                "the next record after a broken one"
            )
        start: int | None = 0
        marker = _GZIP_MEMBER if handle.read(2) == GZIP_MAGIC else _WARC_RECORD
        while start is not None:
            handle.seek(start)
            broken = yield from _records_from(handle, path, intake)
            if broken is None:
                return
            offset, problem = broken
            # Read on from the next record that can be read: a candidate marker inside
            # the broken data is passed over silently, so one break is one warning.
            yield Skipped(BROKEN, f"{path}: offset {offset}", problem, failed=True)
            start = _next_start(handle, offset + 1, marker)


def _next_start(handle: IO[bytes], after: int, marker: bytes) -> int | None:
    """The offset of the first record from ``after`` on that reads (None: none left)."""
    while (found := _find(handle, marker, after)) is not None:
        handle.seek(found)
        try:
            next(iter(_Records(handle)))
        except Exception:  # noqa: BLE001 - a marker inside broken data: look further
            after = found + 1
            continue
        return found
    return None


def _find(handle: IO[bytes], marker: bytes, start: int) -> int | None:
    """The offset of ``marker``'s first occurrence at or after ``start``, read in chunks."""
    handle.seek(start)
    position = start
    carry = b""
    while chunk := handle.read(_SCAN_CHUNK):
        data = carry + chunk
        at = data.find(marker)
        if at >= 0:
            return position - len(carry) + at
        carry = data[-(len(marker) - 1) :]
        position += len(chunk)
    return None


def _records_from(
    handle: IO[bytes], path: Path, intake: Intake
) -> Generator[FetchedPage | Skipped, None, tuple[int, str] | None]:
    """The records from the handle's position on; returns (offset, problem) when one
    breaks (the offset where the record that broke starts), None at the end of the file."""
    records = _Records(handle)
    try:
        for record in records:
            where = f"{path}: offset {records.offset}"
            item = _from_record(record, where, intake)
            if _cut_short(record):
                raise CutShort("cut short: the file ends inside a record, or its length is wrong")
            yield item
    except Exception as exc:  # noqa: BLE001 - any failure of the reader is a broken record
        return records.offset, _first_line(exc)
    # warcio ends quietly at a gzip member or a header block cut short: bytes left
    # after the last record it read are a record that could not be read.
    handle.seek(records.offset)
    if handle.read(64).strip():
        return records.offset, "cut short: the file ends inside a record"
    return None


def _first_line(exc: Exception) -> str:
    text = str(exc).strip().splitlines()
    return (text[0] if text else type(exc).__name__)[:200]


def _from_record(record: Any, where: str, intake: Intake) -> FetchedPage | Skipped:
    """One record as a page, or why it is none."""
    if record.rec_type == "revisit":
        return Skipped(REVISIT, where)
    if record.rec_type != "response" or record.http_headers is None:
        return Skipped(NOT_RESPONSE, where)
    headers = record.http_headers
    status = headers.get_statuscode()
    if status != "200":
        return Skipped(NOT_200, where, f"status {status}")
    content_type = (headers.get_header("Content-Type") or "").lower()
    if content_type.split(";")[0].strip() not in HTML_TYPES:
        return Skipped(NOT_HTML, where, content_type or "no Content-Type")
    if record.rec_headers.get_header("WARC-Truncated"):
        return Skipped(TRUNCATED, where, record.rec_headers.get_header("WARC-Truncated"))
    html = record.content_stream().read(intake.max_bytes + 1)
    if len(html) > intake.max_bytes:
        return Skipped(TOO_LARGE, where, f"over {intake.max_bytes} bytes")
    if looks_binary(html):
        return Skipped(NOT_HTML, where, "binary content")
    # WARC 1.1 writes the URI in angle brackets, as its specification's examples did.
    url = (record.rec_headers.get_header("WARC-Target-URI") or "").strip().strip("<>")
    if not url.lower().startswith(("http://", "https://")):
        return Skipped(NOT_HTTP, where, url or "no WARC-Target-URI")
    robots = [value for name, value in headers.headers if name.lower() == "x-robots-tag"]
    if refused := refusal(url, robots, html, where, intake):
        return refused
    return FetchedPage(
        url=url,
        source=intake.source_of(url),
        html=html,
        fetched_at=_warc_date(record.rec_headers.get_header("WARC-Date")),
        encoding=charset_of(content_type),
        etag=headers.get_header("ETag"),
        last_modified=headers.get_header("Last-Modified"),
    )


def _cut_short(record: Any) -> bool:
    """Did the record's block end before the length its header gives (a file cut inside
    it: warcio reads what there is without a word)? Reads the rest of the block, as
    warcio would before the next record."""
    while record.raw_stream.read(_SCAN_CHUNK):
        pass
    return bool(getattr(record.raw_stream, "limit", 0))


def _warc_date(value: str | None) -> datetime:
    """The record's WARC-Date (ISO 8601, UTC), or now when it gives none that reads."""
    try:
        moment = datetime.fromisoformat((value or "").strip())
    except ValueError:
        return utc_now()
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)
