"""How each source is doing, from ``crawl_runs`` and ``articles``: for the web view's Sources page.

The latest run is not read here: the page takes it from the source's status
(``storage.runs.recent_runs``), the same reading as ``aggregator status``.

Every query is per source and served by an index: ``crawl_runs(source,
started_at)`` and ``articles(source, first_seen_at)``.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime

from sqlite_utils import Database

from aggregator.schema import parse_utc
from storage.sql import marks


def last_success(db: Database, source: str, statuses: Iterable[str]) -> datetime | None:
    """When the source's latest run with one of ``statuses`` (its successes) ended."""
    wanted = sorted(statuses)
    row = db.execute(
        f"SELECT max(ended_at) FROM crawl_runs WHERE source = ? AND status IN ({marks(wanted)})",
        [source, *wanted],
    ).fetchone()
    return parse_utc(row[0]) if row else None


def articles_per_day(db: Database, source: str, since: datetime) -> dict[date, int]:
    """Articles of ``source`` first stored on each UTC day from ``since`` on."""
    rows = db.execute(
        "SELECT substr(first_seen_at, 1, 10), count(*) FROM articles "
        "WHERE source = ? AND first_seen_at >= ? GROUP BY 1",
        [source, since.isoformat()],
    ).fetchall()
    return {date.fromisoformat(day): count for day, count in rows}


@dataclass(frozen=True)
class NewestArticle:
    article_id: int
    story_id: int
    headline: str
    first_seen_at: datetime | None
    published_at: datetime | None


def newest_article(db: Database, source: str) -> NewestArticle | None:
    row = db.execute(
        "SELECT id, story_id, headline, first_seen_at, published_at FROM articles "
        "WHERE source = ? ORDER BY first_seen_at DESC, id DESC LIMIT 1",
        [source],
    ).fetchone()
    if row is None:
        return None
    return NewestArticle(row[0], row[1], row[2], parse_utc(row[3]), parse_utc(row[4]))
