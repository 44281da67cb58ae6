"""Saved HTML pages (a file, or a folder walked in name order) as fetched pages.

A saved page's URL is the one it names itself (its canonical link, else its og:url,
absolute http(s)), else the ``base_url`` given joined with the file's path under the
folder (for a file given alone, its name); a page with neither is skipped with a
line saying so. Its fetch time is the file's modification time: when it was saved.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import quote, urljoin

from lxml import etree
from lxml import html as lxml_html

from aggregator.content import looks_binary
from aggregator.errors import IngestError
from aggregator.schema import FetchedPage
from aggregator.warc import NOT_HTML, TOO_LARGE, Intake, Skipped, refusal

# A file of a folder is read as a page when its name says so, or its first bytes do
# (wget saves /news/1 as a file named "1").
HTML_SUFFIXES = frozenset({".html", ".htm", ".xhtml", ".shtml"})
NO_URL = "no URL"
UNREADABLE = "unreadable"
# Only the head is needed for the URL: the rest of the page is the parser's.
_HEAD_BYTES = 256 * 1024
_CANONICAL = "//link[contains(concat(' ', normalize-space(@rel), ' '), ' canonical ')]/@href"


def looks_like_html(head: bytes) -> bool:
    """Do these first bytes start markup (after a BOM and blanks)?"""
    text = head.lstrip(b"\xef\xbb\xbf").lstrip()
    return text.startswith(b"<") and not looks_binary(head)


def saved_pages(
    path: Path, base_url: str | None, intake: Intake
) -> Iterator[FetchedPage | Skipped]:
    """The page saved in ``path``, or each page of the folder ``path`` (recursively,
    in name order), or why one is skipped. IngestError when ``path`` cannot be read."""
    if path.is_dir():
        files = _walk(path)
    elif path.is_file():
        files = iter([path])
    elif path.exists():
        raise IngestError(f"{path}: cannot read: not a file or folder (a pipe?)")
    else:
        raise IngestError(f"{path}: cannot read (no such file or folder)")
    root = path if path.is_dir() else path.parent
    for file in files:
        yield _saved_page(file, file.relative_to(root), base_url, intake)


def _walk(folder: Path) -> Iterator[Path]:
    """Every file under ``folder``, in name order, symlinked folders not followed."""
    for parent, folders, names in os.walk(folder):
        folders.sort()
        for name in sorted(names):
            yield Path(parent) / name


def _saved_page(
    file: Path, relative: Path, base_url: str | None, intake: Intake
) -> FetchedPage | Skipped:
    where = str(file)
    try:
        with file.open("rb") as handle:
            html = handle.read(intake.max_bytes + 1)
        saved_at = datetime.fromtimestamp(file.stat().st_mtime, UTC)
    except OSError as exc:
        return Skipped(UNREADABLE, where, f"cannot read ({exc.strerror or exc})", failed=True)
    if file.suffix.lower() not in HTML_SUFFIXES and not looks_like_html(html[:1024]):
        return Skipped(NOT_HTML, where)
    if looks_binary(html):
        return Skipped(NOT_HTML, where, "binary content")
    if len(html) > intake.max_bytes:
        return Skipped(TOO_LARGE, where, f"over {intake.max_bytes} bytes")
    url = named_url(html) or (urljoin(base_url, quote(relative.as_posix())) if base_url else None)
    if url is None:
        return Skipped(
            NO_URL,
            where,
            "the page names no canonical link or og:url; give --base-url",
            failed=True,
        )
    if refused := refusal(url, [], html, where, intake):
        return refused
    return FetchedPage(url=url, source=intake.source_of(url), html=html, fetched_at=saved_at)


def named_url(html: bytes) -> str | None:
    """The absolute http(s) URL a page names itself by: its canonical link, else og:url."""
    try:
        root = lxml_html.fromstring(html[:_HEAD_BYTES])
    except (etree.ParserError, ValueError):
        return None
    for href in (*root.xpath(_CANONICAL), *root.xpath("//meta[@property='og:url']/@content")):
        url = str(href).strip()
        if url.lower().startswith(("http://", "https://")):
            return url
    return None
