"""Saved HTML pages (a file, or a folder walked in name order) as fetched pages.

A saved page's URL is the one it names itself, read by the parser's rules
(:func:`aggregator.parser.metadata.canonical.canonical_url`: its canonical link, else its
og:url, a relative one joined to the page's address, one naming the site's home page or a
section above the page refused), else the address a browser wrote when saving it (Chrome's
``<!-- saved from url=(NNNN)… -->``), else the ``base_url`` given joined with the file's
path under the folder (for a file given alone, its name; a folder's ``index.html`` the
folder's URL); a page with none is skipped with a line saying so. An absolute og:url
outranks a relative canonical link (a mirroring tool's rewrite of it). Its fetch time is
the file's modification time: when it was saved.
Only regular files are read (a pipe, socket or device is counted, never opened); a file
reached by two links is read once.
"""

from __future__ import annotations

import os
import re
import stat
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import quote, urljoin

from aggregator.content import looks_binary
from aggregator.errors import IngestError
from aggregator.parser.metadata.canonical import canonical_url
from aggregator.parser.tree import Page, parse
from aggregator.parser.urls import canonicalize_url, home_path
from aggregator.schema import FetchedPage
from aggregator.warc import NOT_HTML, TOO_LARGE, Intake, Skipped, refusal

# A file of a folder is read as a page when its name says so, or its first bytes do
# (wget saves /news/1 as a file named "1").
HTML_SUFFIXES = frozenset({".html", ".htm", ".xhtml", ".shtml"})
NO_URL = "no URL"
UNREADABLE = "unreadable"
NOT_FILE = "not a file"
# The file a mirroring tool saves a folder's page (a URL ending in "/") as.
_INDEX_NAMES = frozenset({"index.html", "index.htm"})
# Only the head is needed for the URL: the rest of the page is the parser's.
_HEAD_BYTES = 256 * 1024
# Chrome's and Internet Explorer's mark of where a saved page came from (its length, its URL).
_SAVED_FROM = re.compile(rb"<!--\s*saved from url=\(\d+\)(https?://[^\s>]+?)\s*-->", re.I)


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
        root = path
        files = _walk(path)
    elif path.is_file():
        root = path.parent
        files = iter([path])
    elif path.exists():
        raise IngestError(f"{path}: cannot read: not a file or folder (a pipe?)")
    else:
        raise IngestError(f"{path}: cannot read (no such file or folder)")
    if base_url is not None and not base_url.endswith("/"):
        base_url += "/"  # the folder's URL: "https://x.example/news" holds news/'s files
    read: set[Path] = set()
    for file in files:
        if isinstance(file, Skipped):
            yield file
            continue
        if (real := file.resolve()) in read:
            continue  # a second link to a file read already
        read.add(real)
        yield _saved_page(file, file.relative_to(root), base_url, intake)


def _walk(folder: Path) -> Iterator[Path | Skipped]:
    """Every regular file under ``folder`` (a symlink to one too), in name order; what
    else is there (a pipe, a socket, a device, a broken link, a symlinked folder, which
    is not followed) as skipped, never opened."""
    for parent, folders, names in os.walk(folder):
        folders.sort()
        for name in sorted([*names, *(f for f in folders if Path(parent, f).is_symlink())]):
            file = Path(parent) / name
            try:
                regular = stat.S_ISREG(file.stat().st_mode)
            except OSError:
                regular = False
            yield file if regular else Skipped(NOT_FILE, str(file))


def _saved_page(
    file: Path, relative: Path, base_url: str | None, intake: Intake
) -> FetchedPage | Skipped:
    where = str(file)
    try:
        with file.open("rb") as handle:
            html = handle.read(intake.most_bytes + 1)
        saved_at = datetime.fromtimestamp(file.stat().st_mtime, UTC)
    except OSError as exc:
        return Skipped(UNREADABLE, where, f"cannot read ({exc.strerror or exc})", failed=True)
    if file.suffix.lower() not in HTML_SUFFIXES and not looks_like_html(html[:1024]):
        return Skipped(NOT_HTML, where)
    if looks_binary(html):
        return Skipped(NOT_HTML, where, "binary content")
    url = page_url(html, relative, base_url)
    if url is None:
        return Skipped(
            NO_URL,
            where,
            "the page names no canonical link or og:url (but its site's home page) nor where "
            "it was saved from; give --base-url",
            failed=True,
        )
    if len(html) > (limit := intake.max_bytes_of(intake.source_of(url))):
        return Skipped(TOO_LARGE, where, f"over {limit} bytes")
    if refused := refusal(url, [], html, where, intake):
        return refused
    return FetchedPage(url=url, source=intake.source_of(url), html=html, fetched_at=saved_at)


def page_url(html: bytes, relative: Path, base_url: str | None) -> str | None:
    """The URL of a saved page: the one it names itself by the parser's rules, read
    against the address it was saved from or its file's place under ``base_url`` (a
    folder's ``index.html`` standing for the folder, as a mirroring tool saves
    ``/about/``); else that address. An absolute og:url outranks a relative canonical
    link: a mirroring tool (``wget --convert-links``) rewrites the canonical link to the
    saved file's name and leaves the og:url as served. None when there is none, or the
    page names only its site's home page and nothing says it is that page (a
    template's default, on every article)."""
    head = html[:_HEAD_BYTES]
    saved_from = _SAVED_FROM.search(head[:4096])
    own = canonicalize_url(saved_from.group(1).decode("ascii", "replace")) if saved_from else ""
    if not own and base_url is not None:
        own = canonicalize_url(urljoin(base_url, quote(_served_path(relative))))
    url = _named_url(parse(head, own, xpath_ids=False))
    if not url.startswith(("http://", "https://")) or (not own and home_path(url)):
        return None
    return url


def _named_url(page: Page) -> str:
    """The URL the page names by the parser's rules, its absolute og:url first where
    every canonical link is a saved file's name a mirroring tool wrote (``wget -k``:
    ``X.html``, ``../x/y.html``; never a path from the site's root, which a stale og:url
    must not beat) and the og:url passes those rules (a template's home page default
    does not)."""
    canonical = page.links.get("canonical", [])
    rewritten = canonical and all(map(_file_relative, canonical))
    if rewritten and _absolute(page.meta_first("og:url")):
        page.links["canonical"] = []
        url, found = canonical_url(page)
        page.links["canonical"] = canonical
        if found == "meta":
            return url
    return canonical_url(page)[0]


def _served_path(relative: Path) -> str:
    """The path a saved file was served at under its folder's URL: a folder's
    ``index.html`` (``.htm``) the folder's own ("about/index.html" is "about/")."""
    if relative.name.lower() in _INDEX_NAMES:
        parent = relative.parent.as_posix()
        return "" if parent == "." else f"{parent}/"
    return relative.as_posix()


def _absolute(href: str) -> bool:
    return href.strip().lower().startswith(("http://", "https://"))


def _file_relative(href: str) -> bool:
    """Relative to the page's own folder: neither absolute nor from the site's root."""
    return not _absolute(href) and not href.strip().startswith("/")
