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

import dataclasses
import json
import zlib
from collections import Counter
from collections.abc import Callable, Generator, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import IO, Any

from warcio.archiveiterator import ArchiveIterator

from aggregator.content import GZIP_MAGIC, WARC_MAGIC, charset_of, looks_binary
from aggregator.errors import IngestError
from aggregator.parser.next_page import first_page_of
from aggregator.parser.urls import canonicalize_url
from aggregator.robots_meta import keep_refusal
from aggregator.schema import FeedHints, FetchedPage, utc_now

# Where a record may start, to read on after a broken one: a gzip member's header
# (magic, deflate) in a .warc.gz, a version line in a plain WARC.
_GZIP_MEMBER = b"\x1f\x8b\x08"
_WARC_RECORD = b"WARC/1."
# The types a crawl stores as pages (Scrapy's HtmlResponse).
HTML_TYPES = frozenset({"text/html", "application/xhtml+xml"})
_SCAN_CHUNK = 1 << 20
_INFLATE_STEP = 1 << 20  # the most inflated at once where only the length matters
_RECOMPRESS = "the file is gzipped whole: 'warcio recompress' it to read on past a break"
_CUT = "cut short: the file ends inside a record"

# What newsagg's own ``export --format warc`` adds to a response record: the article it
# was stored as, the source it was stored under, the feed's or sitemap's hints (JSON).
ARTICLE_HEADER = "WARC-Newsagg-Article"
SOURCE_HEADER = "WARC-Newsagg-Source"
HINTS_HEADER = "WARC-Newsagg-Hints"
_HINTS_MOST = 8192  # characters of a hints header read: a title and a few authors are far less
# The keys of a hints header (``FeedHints.to_json``'s).
_HINT_KEYS = frozenset(field.name for field in dataclasses.fields(FeedHints))

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


@dataclass(frozen=True)
class StoredPage(FetchedPage):
    """A page of newsagg's own WARC export, whose record says a crawl stored it as an
    article (``WARC-Newsagg-Article``): its URL is judged by its source's ``deny`` and
    ``allow`` alone, not by its look (a feed named it). ``source`` is the one it was stored
    under where ``Intake.named_source`` honours it (``named_source``: that one, "" where
    its record names none honoured), and ``hints`` the feed's, as the crawl had them
    (``hints_problem``: why its hints header was not read whole, "" where it was)."""

    named_source: str = ""
    hints_problem: str = ""


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
    it is stored under; of a source by that name, ``robots_token_of(source)`` the
    crawler's robots token where it obeys robots meta tags (None where it stores pages
    that ask not to be kept, ``politeness.obey_robots_meta: false``) and
    ``max_bytes_of(source)`` the longest page kept (its ``limits.max_page_bytes``, as its
    crawl's); ``most_bytes`` the largest of those, what is read of a saved page before
    its URL is known."""

    source_of: Callable[[str], str]
    robots_token_of: Callable[[str], str | None]
    max_bytes_of: Callable[[str], int]
    most_bytes: int
    # ``named_source(url, name)``: ``name`` where a record of our own export names the
    # source its page was stored under and that may hold the URL (a configured source
    # whose scope holds it, or any configured source where none does; none when
    # --source chooses one for every page), else None.
    named_source: Callable[[str, str], str | None] = lambda url, name: None


def refusal(
    url: str, headers: list[str], html: bytes, where: str, intake: Intake, source: str = ""
) -> Skipped | None:
    """The page skipped, as a crawl refuses it, when it asks not to be kept (``noarchive``,
    ``noindex``: its X-Robots-Tag ``headers`` or its robots meta tags) and its source
    (``source``, else the URL's) obeys that; a later page of an article (page 2, often
    ``noindex``) is not refused."""
    token = intake.robots_token_of(source or intake.source_of(url))
    if token is None:
        return None
    found = keep_refusal(headers, html, token)
    if found is None or first_page_of(html, url):
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
        gzipped = handle.read(2) == GZIP_MAGIC
        if gzipped and _gzipped_whole(handle):
            # ``gzip crawl.warc``: one gzip stream, not a member a record, read through
            # (no member to search for after a break).
            yield from _whole_gzip(path, intake, _Redirects())
            return
        marker = _GZIP_MEMBER if gzipped else _WARC_RECORD
        redirects = _Redirects()
        while start is not None:
            handle.seek(start)
            broken = yield from _records_from(handle, path, intake, redirects)
            if broken is None:
                return
            offset, problem = broken
            # Read on from the next record that can be read: a candidate marker inside
            # the broken data is passed over silently, so one break is one warning.
            yield Skipped(BROKEN, f"{path}: offset {offset}", problem, failed=True)
            start = _next_start(handle, offset + 1, marker)


def _gzipped_whole(handle: IO[bytes]) -> bool:
    """Is the gzipped WARC one gzip stream (``gzip crawl.warc``) rather than a gzip member
    a record? Its first member goes on past the end of the first record (of the length
    its header gives), which a member of one record does not. Inflated a bounded step at
    a time, each step's bytes let go: a first record of a gigabyte (a gzip bomb) costs
    the time to inflate it, not the memory."""
    handle.seek(0)
    inflate = zlib.decompressobj(16 + zlib.MAX_WBITS)
    head = b""
    inflated = 0
    record_end: int | None = None
    pending = b""  # read, not yet inflated
    while not inflate.eof:
        if not pending and not (pending := handle.read(1 << 16)):
            return False
        try:
            data = inflate.decompress(pending, _INFLATE_STEP)
        except zlib.error:
            return False  # a broken first member: searched past as any broken one
        pending = inflate.unconsumed_tail
        inflated += len(data)
        if record_end is None:
            head += data
            record_end = _record_end(head)
            if record_end is None and len(head) > _INFLATE_STEP:
                return False  # no WARC header block: read as members, and said broken
        if record_end is not None and inflated > record_end + 4:
            return True
    return False


def _record_end(head: bytes) -> int | None:
    """Where the record whose header block ``head`` starts with ends (its block's end),
    or None while the header block is not all there (or gives no length)."""
    blank = head.find(b"\r\n\r\n")
    if blank < 0:
        return None
    for line in head[:blank].split(b"\r\n"):
        name, _, value = line.partition(b":")
        if name.strip().lower() == b"content-length" and value.strip().isdigit():
            return blank + 4 + int(value)
    return None


class _Inflated:
    """A gzip stream inflated for warcio as it reads, remembering whether the file ended
    before the stream's end marker (which warcio would take for the end of the records;
    ``gzip.GzipFile`` would lose the last bytes it inflated, raising)."""

    def __init__(self, raw: IO[bytes]) -> None:
        self._raw = raw
        self._inflate = zlib.decompressobj(16 + zlib.MAX_WBITS)
        self._buffer = b""
        self._at = 0  # in the buffer: what is read of it (sliced off when more comes)
        self._position = 0
        self._done = False
        self.cut = False

    def read(self, size: int = -1) -> bytes:
        while not self._done and (size < 0 or len(self._buffer) - self._at < size):
            self._inflate_more()
        end = len(self._buffer) if size < 0 else self._at + size
        data = self._buffer[self._at : end]
        self._at += len(data)
        self._position += len(data)
        return data

    def tell(self) -> int:
        return self._position

    def _inflate_more(self) -> None:
        if self._inflate.eof:  # a member's end: the file's, or another member's start
            chunk = self._inflate.unused_data or self._raw.read(_SCAN_CHUNK)
            if not chunk:
                self._done = True
                return
            self._inflate = zlib.decompressobj(16 + zlib.MAX_WBITS)
        else:
            chunk = self._raw.read(_SCAN_CHUNK)
            if not chunk:
                self._done = self.cut = True
                return
        self._buffer = self._buffer[self._at :] + self._inflate.decompress(chunk)
        self._at = 0


def _whole_gzip(
    path: Path, intake: Intake, redirects: _Redirects
) -> Iterator[FetchedPage | Skipped]:
    """The records of a WARC gzipped as a whole file; one that breaks ends the file, in
    one line (the offsets are the decompressed stream's)."""
    with path.open("rb") as raw:
        inflated = _Inflated(raw)
        records = _Records(inflated)
        try:
            yield from _read(records, path, " (decompressed)", intake, redirects, _CUT)
            if inflated.cut:
                raise CutShort(_CUT)
        except Exception as exc:  # noqa: BLE001 - any failure of the reader is a broken record
            where = f"{path}: offset {records.offset} (decompressed)"
            yield Skipped(BROKEN, where, f"{_first_line(exc)}; {_RECOMPRESS}", failed=True)


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
    handle: IO[bytes], path: Path, intake: Intake, redirects: _Redirects
) -> Generator[FetchedPage | Skipped, None, tuple[int, str] | None]:
    """The records from the handle's position on; returns (offset, problem) when one
    breaks (the offset where the record that broke starts), None at the end of the file."""
    records = _Records(handle)
    try:
        yield from _read(records, path, "", intake, redirects, f"{_CUT}, or its length is wrong")
    except Exception as exc:  # noqa: BLE001 - any failure of the reader is a broken record
        return max(records.offset, 0), _first_line(exc)
    # warcio ends quietly at a gzip member or a header block cut short: bytes left
    # after the last record it read are a record that could not be read.
    handle.seek(records.offset)
    if handle.read(64).strip():
        return records.offset, _CUT
    return None


def _read(
    records: _Records,
    path: Path,
    offset_note: str,
    intake: Intake,
    redirects: _Redirects,
    cut_short: str,
) -> Iterator[FetchedPage | Skipped]:
    """Each record as a page or as skipped, where it is named ``PATH: offset N`` and
    ``offset_note``; CutShort(``cut_short``) at a record cut short."""
    for record in records:
        where = f"{path}: offset {records.offset}{offset_note}"
        item = redirects.seen(record, _from_record(record, where, intake))
        if _cut_short(record):
            raise CutShort(cut_short)
        yield item


def _first_line(exc: Exception) -> str:
    text = str(exc).strip().splitlines()
    return (text[0] if text else type(exc).__name__)[:200]


class _Redirects:
    """The URLs recent 3xx records sent to, each with the URL asked for and whether the
    redirect was permanent: the page fetched there is also known by that one (its
    ``requested_url``, an alias, as a crawl's)."""

    _KEPT = 256  # a crawler writes a redirect's target soon after it

    def __init__(self) -> None:
        self._asked: dict[str, tuple[str, bool]] = {}

    def seen(self, record: Any, item: FetchedPage | Skipped) -> FetchedPage | Skipped:
        """``item`` (what ``record`` gave), a page with the URL that redirected to it."""
        if isinstance(item, FetchedPage):
            redirect = self._asked.pop(item.url, None)
            if redirect is None:
                return item
            asked_url, permanent = redirect
            return dataclasses.replace(item, requested_url=asked_url, moved_permanently=permanent)
        status = record.http_headers.get_statuscode() if record.http_headers else ""
        location = record.http_headers.get_header("Location") if status.startswith("3") else None
        asked = _target_uri(record)
        if location and asked:
            if len(self._asked) >= self._KEPT:
                del self._asked[next(iter(self._asked))]
            self._asked[canonicalize_url(location, asked)] = (asked, status in ("301", "308"))
        return item


def _target_uri(record: Any) -> str:
    """The record's WARC-Target-URI as a crawl names a page, or "" if it is no http(s) URL."""
    # WARC 1.1 writes the URI in angle brackets, as its specification's examples did.
    target = (record.rec_headers.get_header("WARC-Target-URI") or "").strip().strip("<>")
    return canonicalize_url(target) if target.lower().startswith(("http://", "https://")) else ""


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
    url = _target_uri(record)  # as the crawl names a page: tracking parameters left off
    if not url:
        target = record.rec_headers.get_header("WARC-Target-URI")
        return Skipped(NOT_HTTP, where, target or "no WARC-Target-URI")
    # Our export's record names its source: its size and robots rules are that source's.
    named = intake.named_source(url, (record.rec_headers.get_header(SOURCE_HEADER) or "").strip())
    source = named or intake.source_of(url)
    limit = intake.max_bytes_of(source)
    html = record.content_stream().read(limit + 1)
    if len(html) > limit:
        return Skipped(TOO_LARGE, where, f"over {limit} bytes")
    if looks_binary(html):
        return Skipped(NOT_HTML, where, "binary content")
    robots = [value for name, value in headers.headers if name.lower() == "x-robots-tag"]
    if refused := refusal(url, robots, html, where, intake, source):
        return refused
    page = FetchedPage(
        url=url,
        source=source,
        html=html,
        fetched_at=_warc_date(record.rec_headers.get_header("WARC-Date")),
        encoding=charset_of(content_type),
        etag=headers.get_header("ETag"),
        last_modified=headers.get_header("Last-Modified"),
    )
    return _as_stored(page, record.rec_headers, named or "")


def _as_stored(page: FetchedPage, warc_headers: Any, named_source: str) -> FetchedPage:
    """``page`` as a :class:`StoredPage` with its hints when its record is one of our
    export's (hints that do not read are left off, the page still read), else as it is."""
    if not warc_headers.get_header(ARTICLE_HEADER):
        return page
    hints, problem = _hints_read(warc_headers.get_header(HINTS_HEADER) or "{}")
    fields = {field.name: getattr(page, field.name) for field in dataclasses.fields(page)}
    return StoredPage(
        **{**fields, "hints": hints}, named_source=named_source, hints_problem=problem
    )


def _hints_read(written: str) -> tuple[FeedHints, str]:
    """The hints of a ``WARC-Newsagg-Hints`` header, and why it was not read whole ("":
    it was). One that does not read gives none; a key no export writes (a later
    version's hint) is left off alone, as the cluster's wire leaves one out."""
    # One too long for any feed's hints is no export's (nor is JSON nested to no end).
    if len(written) > _HINTS_MOST:
        return FeedHints(), f"over {_HINTS_MOST} characters"
    try:
        value = json.loads(written)
    except RecursionError:
        return FeedHints(), "nested too deep"
    except ValueError:
        return FeedHints(), "not JSON"
    if not isinstance(value, dict):
        return FeedHints(), "not a JSON object"
    for key in sorted(value.keys() & _HINT_KEYS):  # each alone: the reason names the key
        try:
            FeedHints.from_json({key: value[key]})
        except (TypeError, ValueError):
            return FeedHints(), f"bad {key}"
    unknown = sorted(value.keys() - _HINT_KEYS)
    return FeedHints.from_json(value), f"unknown key {unknown[0]!r}" if unknown else ""


def hints_unread_said(problems: Counter[str]) -> str | None:
    """How many records' hints headers were not read whole, by why (``problems``:
    :attr:`StoredPage.hints_problem` counted), in words for one line; None for none."""
    total = problems.total()
    if not total:
        return None
    listed = ", ".join(f"{count} {problem}" for problem, count in sorted(problems.items()))
    records, pages = ("record", "its page") if total == 1 else ("records", "their pages")
    return (
        f"{HINTS_HEADER} of {total} {records} not read whole ({listed}): left off, "
        f"{pages} read all the same"
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
