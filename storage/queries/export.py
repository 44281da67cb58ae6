"""Every stored article with its story, for export."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime

from sqlite_utils import Database

from aggregator.schema import Copy
from storage.queries.rows import (
    SEEN,
    StoryFilter,
    TimeBasis,
    article_columns,
    article_filters,
    copy_from_row,
    one_filter,
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
    selection: StoryFilter | None = None,
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
    the first-seen time alone: adjacent windows split the articles between them.

    ``selection`` is the filter as one record (:class:`StoryFilter`, what the CLI and
    the exporters build; the keywords are its fields, for a notebook): given, no
    keyword may be (:func:`storage.queries.rows.article_filters`)."""
    selection = one_filter(
        selection,
        StoryFilter(
            since,
            until,
            source,
            story_id=story_id,
            event_id=event_id,
            by=by,
            changed_after=changed_after,
            language=language,
            kinds=kinds,
        ),
    )
    where, params = article_filters(selection, db)
    clause = f"WHERE {' AND '.join(where)}" if where else ""
    order = "change_seq" if selection.changed_after is not None else "id"
    cursor = db.execute(
        f"SELECT {article_columns(db)} FROM articles {clause} ORDER BY {order}", params
    )
    names = [d[0] for d in cursor.description]
    for row in cursor:
        record = dict(zip(names, row, strict=True))
        yield record["story_id"], copy_from_row(record)
