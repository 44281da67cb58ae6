"""Every stored article with its story, for export."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime
from typing import Any

from sqlite_utils import Database

from aggregator.schema import Copy
from storage.queries.rows import (
    article_columns,
    copy_from_row,
)


def articles(
    db: Database, *, since: datetime | None = None, source: str | None = None
) -> Iterator[tuple[int, Copy]]:
    """Every stored article with its story id, in insertion order (for export); each
    copy carries its story's ``event_id``."""
    where: list[str] = []
    params: list[Any] = []
    if since is not None:
        where.append("first_seen_at >= ?")
        params.append(since.isoformat())
    if source:
        where.append("source = ?")
        params.append(source)
    clause = f"WHERE {' AND '.join(where)}" if where else ""
    cursor = db.execute(f"SELECT {article_columns(db)} FROM articles {clause} ORDER BY id", params)
    names = [d[0] for d in cursor.description]
    for row in cursor:
        record = dict(zip(names, row, strict=True))
        yield record["story_id"], copy_from_row(record)
