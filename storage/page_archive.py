"""The pages articles were parsed from (``retention.keep_pages``, table ``article_pages``).

The store keeps a write's page (:class:`~aggregator.schema.KeptPage`, compressed where
it was parsed) beside the version the article gets: :func:`keep_page`, in the write's
transaction. A version keeps the first page that gave it: an unchanged fetch adds no
row. Deleting an article or an earlier version deletes its pages (m027's triggers), so
retention needs no step of its own. :func:`current_pages` reads the page of each
article's current version for ``aggregator reparse``, :func:`kept_pages` every kept page
for ``aggregator export --format warc``, :func:`without_kept_page` which stored articles
a crawl fetches again without validators (their page is not kept yet).
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlite_utils import Database

from aggregator.schema import FeedHints, KeptPage, as_utc

_NAMES = ("part", "url", "charset", "fetched_at", "hints", "size", "content")
_COLUMNS = ", ".join(_NAMES)


def keep_page(db: Database, article_id: int, page: KeptPage) -> None:
    """Keep ``page`` (and its later pages) as the one the current version of article
    ``article_id`` was parsed from, unless that version keeps one already. Runs inside
    the caller's write transaction."""
    (version,) = db.execute("SELECT version FROM articles WHERE id = ?", [article_id]).fetchone()
    kept = db.execute(
        "SELECT 1 FROM article_pages WHERE article_id = ? AND version = ? LIMIT 1",
        [article_id, version],
    ).fetchone()
    if kept is not None:
        return
    parts = (page, *page.later)
    db.conn.executemany(
        f"INSERT INTO article_pages (article_id, version, {_COLUMNS}) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
        [(article_id, version, part, *_values(kept_part)) for part, kept_part in enumerate(parts)],
    )


def _values(page: KeptPage) -> tuple[Any, ...]:
    hints = page.hints.to_json()
    return (
        page.url,
        page.charset,
        page.fetched_at.isoformat(),
        json.dumps(hints, ensure_ascii=False) if hints else None,
        page.size,
        page.content,
    )


@dataclass(frozen=True)
class CurrentPage:
    """A current article (not replaced at its URL) and the page its current version was
    parsed from: ``parts`` are its rows in order (none: that version keeps no page)."""

    article_id: int
    source: str
    version: int
    parts: tuple[tuple[Any, ...], ...]

    def page(self) -> KeptPage:
        """The kept page; ValueError, TypeError or ``zlib.error`` (on reading it,
        :meth:`KeptPage.html`) for a row that is not one."""
        if not self.parts:
            raise ValueError("no kept page")
        first, *later = (_kept(row) for row in self.parts)
        return KeptPage(
            first.url,
            first.content,
            first.fetched_at,
            size=first.size,
            charset=first.charset,
            hints=first.hints,
            later=tuple(later),
        )


def _kept(row: Sequence[Any]) -> KeptPage:
    _, url, charset, fetched_at, hints, size, content = row
    if not isinstance(content, bytes):
        raise TypeError("content: expected bytes")
    return KeptPage(
        url=str(url),
        content=content,
        fetched_at=datetime.fromisoformat(fetched_at),
        size=int(size),
        charset=charset,
        hints=FeedHints.from_json(json.loads(hints)) if hints else FeedHints(),
    )


def current_pages(
    db: Database,
    *,
    after: int = 0,
    limit: int = 64,
    source: str | None = None,
    since: datetime | None = None,
) -> list[CurrentPage]:
    """The current articles after id ``after`` (at most ``limit``, in id order), of
    ``source`` and fetched at or after ``since`` if given, each with its current version's
    kept page."""
    where = ["replaced_at IS NULL", "id > ?"]
    params: list[Any] = [after]
    if source is not None:
        where.append("source = ?")
        params.append(source)
    if since is not None:
        where.append("fetched_at >= ?")
        params.append(as_utc(since).isoformat())  # stored as UTC, compared as text
    rows = db.execute(
        "SELECT a.id, a.source, a.version, "
        + ", ".join(f"p.{name}" for name in _NAMES)
        + " FROM (SELECT id, source, version "
        f"FROM articles WHERE {' AND '.join(where)} ORDER BY id LIMIT ?) a "
        "LEFT JOIN article_pages p ON p.article_id = a.id AND p.version = a.version "
        "ORDER BY a.id, p.part",
        [*params, limit],
    ).fetchall()
    found: dict[int, CurrentPage] = {}
    for row in rows:
        article_id, source_name, version = row[:3]
        part = () if row[3] is None else (tuple(row[3:]),)
        held = found.get(article_id)
        found[article_id] = CurrentPage(
            article_id,
            source_name,
            version,
            parts=(held.parts if held else ()) + part,
        )
    return list(found.values())


def sources_with_articles(db: Database, since: datetime | None = None) -> list[str]:
    """The sources of the current articles (fetched at or after ``since`` if given)."""
    sql = "SELECT DISTINCT source FROM articles WHERE replaced_at IS NULL"
    params: list[Any] = []
    if since is not None:
        sql += " AND fetched_at >= ?"
        params.append(as_utc(since).isoformat())
    return [row[0] for row in db.execute(sql + " ORDER BY source", params)]


def without_kept_page(db: Database, article_ids: Sequence[int]) -> set[int]:
    """Of ``article_ids``, those whose current version keeps no page (stored before
    ``retention.keep_pages`` was on): the crawl fetches them without validators, since a
    304 brings no page to keep. One query: a lookup of each id and of the
    ``article_pages_version`` index."""
    if not article_ids:
        return set()
    marks = ", ".join("?" for _ in article_ids)
    rows = db.execute(
        f"SELECT a.id FROM articles a WHERE a.id IN ({marks}) AND NOT EXISTS "
        "(SELECT 1 FROM article_pages p WHERE p.article_id = a.id AND p.version = a.version)",
        list(article_ids),
    )
    return {row[0] for row in rows}


@dataclass(frozen=True)
class KeptRow:
    """One kept page as stored: the article and version it gave, its part, and the page
    (None, and ``problem`` says why, for a row that does not read)."""

    article_id: int
    version: int
    part: int
    page: KeptPage | None
    problem: str = ""
    source: str = ""  # the article's


def kept_pages(db: Database, source: str | None = None, batch: int = 256) -> Iterator[KeptRow]:
    """Every kept page (of ``source``'s articles if given), in the order they were kept,
    ``batch`` rows read at a time (none from a store not yet migrated to m027)."""
    if not db.table("article_pages").exists():
        return
    after = 0
    sql = (
        f"SELECT p.id, p.article_id, p.version, a.source, {', '.join('p.' + c for c in _NAMES)} "
        "FROM article_pages p JOIN articles a ON a.id = p.article_id WHERE p.id > ?"
        + (" AND a.source = ?" if source is not None else "")
        + " ORDER BY p.id LIMIT ?"
    )
    while found := db.execute(
        sql, [after, *([source] if source is not None else []), batch]
    ).fetchall():
        for row in found:
            after = row[0]
            try:
                yield KeptRow(row[1], row[2], row[4], _kept(row[4:]), source=row[3])
            except (ValueError, TypeError) as exc:
                problem = f"kept page {row[0]}: {exc}"
                yield KeptRow(row[1], row[2], row[4], None, problem, source=row[3])
