"""What storage knows of a URL, for the crawl's incremental fetching."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlite_utils import Database

from aggregator.schema import parse_utc


@dataclass(frozen=True)
class KnownPage:
    """What storage knows of a URL, for incremental fetching."""

    article_id: int
    fetched_at: datetime | None
    etag: str | None
    last_modified: str | None


def known_page(db: Database, url: str) -> KnownPage | None:
    row = db.execute(
        "SELECT id, fetched_at, etag, last_modified FROM articles "
        "WHERE canonical_url = ? OR url = ? "
        "OR id = (SELECT article_id FROM url_aliases WHERE url = ?) LIMIT 1",
        [url, url, url],
    ).fetchone()
    if row is None:
        return None
    return KnownPage(row[0], parse_utc(row[1]), row[2], row[3])
