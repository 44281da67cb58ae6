"""Every stored article with its story, for export."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime
from typing import Any

from sqlite_utils import Database

from aggregator.schema import Copy
from storage.queries.rows import (
    EDITED_SINCE,
    PUBLISHED,
    SEEN,
    TimeBasis,
    article_columns,
    copy_from_row,
    kind_condition,
    language_condition,
    utc_text,
)


def articles(
    db: Database,
    *,
    since: datetime | None = None,
    until: datetime | None = None,
    source: str | None = None,
    story_id: int | None = None,
    event_id: int | None = None,
    by: TimeBasis = SEEN,
    changed_after: int | None = None,
    language: str | None = None,
    kinds: tuple[str, ...] | None = None,
) -> Iterator[tuple[int, Copy]]:
    """Every stored article with its story id, in insertion order (for export); each
    copy carries its story's ``event_id``. ``since`` and ``until`` bound its first-seen
    time, or with ``by="published"`` its published time (an article without one is left
    out); ``event_id`` needs the event tier (:func:`storage.queries.has_events`).

    By first seen, ``since`` also keeps an article edited since then, and the articles
    of a story another story was merged into since then (those moved in among them):
    what a reader syncing by time must hear of again. ``changed_after`` (a
    ``change_seq``, docs/readers.md "Syncing") keeps the articles changed after it, in
    the order they changed. ``language`` keeps the articles in that language or a
    regional form of it (``en``: ``en-GB`` too); ``kinds`` the articles of those page
    kinds (``aggregator.schema.Kind``). With ``by="first-seen"`` both bound
    the first-seen time alone: adjacent windows split the articles between them."""
    where: list[str] = []
    params: list[Any] = []
    column = "published_at" if by == PUBLISHED else "first_seen_at"
    if by == PUBLISHED:
        where.append("published_at IS NOT NULL")
    if since is not None and by != SEEN:
        where.append(f"{column} >= ?")
        params.append(utc_text(since))
    elif since is not None:
        where.append(
            f"(first_seen_at >= ? OR id IN ({EDITED_SINCE}) OR story_id IN "
            "(SELECT into_story_id FROM story_merges WHERE merged_at >= ?))"
        )
        params.extend([utc_text(since)] * 3)
    if changed_after is not None:
        where.append("change_seq > ?")
        params.append(changed_after)
    if until is not None:
        where.append(f"{column} <= ?")
        params.append(utc_text(until))
    if source:
        where.append("source = ?")
        params.append(source)
    if story_id is not None:
        where.append("story_id = ?")
        params.append(story_id)
    if event_id is not None:
        where.append("story_id IN (SELECT id FROM stories WHERE event_id = ?)")
        params.append(event_id)
    if language:
        condition, values = language_condition("language", language)
        where.append(condition)
        params.extend(values)
    if kinds is not None:
        condition, values = kind_condition(db, "kind", kinds)
        where.append(condition)
        params.extend(values)
    clause = f"WHERE {' AND '.join(where)}" if where else ""
    order = "change_seq" if changed_after is not None else "id"
    cursor = db.execute(
        f"SELECT {article_columns(db)} FROM articles {clause} ORDER BY {order}", params
    )
    names = [d[0] for d in cursor.description]
    for row in cursor:
        record = dict(zip(names, row, strict=True))
        yield record["story_id"], copy_from_row(record)
