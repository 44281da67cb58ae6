"""Lists of stories: the latest, by event, related to one, who ran them, and the totals."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime

from sqlite_utils import Database

from aggregator.schema import Story
from storage import sql
from storage.queries.one_story import story
from storage.queries.rows import (
    SEEN,
    Place,
    StoryFilter,
    TimeBasis,
    has_events,
    newest_first,
    one_filter,
    place_key,
    select_rows,
    story_filters,
    story_from_row,
    story_order,
)
from storage.sql import marks


def stories(
    db: Database,
    *,
    limit: int = 50,
    since: datetime | None = None,
    until: datetime | None = None,
    source: str | None = None,
    author: str | None = None,
    min_outlets: int = 1,
    story_id: int | None = None,
    event_id: int | None = None,
    by: TimeBasis = SEEN,
    after: int | Place | None = None,
    before: int | Place | None = None,
    changed_after: int | None = None,
    language: str | None = None,
    kinds: tuple[str, ...] | None = None,
    selection: StoryFilter | None = None,
) -> list[Story]:
    """Latest stories first (by first-seen time, or by published time with ``by``),
    optionally filtered (``event_id`` needs the event tier, :func:`has_events`).

    ``after``/``before`` page by keyset: the stories that come after a story in this
    order (older), or the ``limit`` right before it (newer), still newest first. A page
    so read holds the same stories however many a crawl adds at the top.

    Given a :class:`Place` (the story as a reader saw it), the page starts from there,
    leaving that story out, wherever it has moved since or whether it is stored at all.
    Given a story id, it starts from that story's place now; none when it is gone
    (pruned, merged into another).

    ``changed_after`` (a ``change_seq``, docs/readers.md "Syncing") lists the stories
    changed after it instead, in the order they changed (oldest change first), so that
    the last one's ``change_seq`` is where the next sync starts; give it without
    ``after``/``before``.

    ``selection`` is the filter as one record (what the CLI, the web view, the feeds and
    the alerts build; the keywords are its fields, for a notebook): given, no keyword
    may be.
    """
    keywords = StoryFilter(
        since,
        until,
        source,
        author,
        min_outlets,
        story_id,
        event_id,
        by,
        changed_after,
        language,
        kinds,
    )
    return list(
        iter_stories(
            db,
            one_filter(selection, keywords),
            limit=limit,
            after=after,
            before=before,
        )
    )


def iter_stories(
    db: Database,
    selection: StoryFilter,
    *,
    limit: int | None = None,
    after: int | Place | None = None,
    before: int | Place | None = None,
) -> Iterator[Story]:
    """:func:`stories` read one row at a time, for an export of any size (no ``limit``:
    every story selected); ``before`` pages are read whole, as they are reversed."""
    by = selection.by
    where, params = story_filters(selection, db)
    for anchor, newer in ((after, False), (before, True)):
        if anchor is not None:
            condition, values = _keyset(anchor, by, newer)
            where.append(condition)
            params.extend(values)
    direction = "ASC" if before is not None and after is None else "DESC"
    clause = f"WHERE {' AND '.join(where)}" if where else ""
    keys = ", ".join(f"{column} {direction}" for column in story_order(by))
    if selection.changed_after is not None:
        keys = "s.change_seq ASC"
    cursor = db.execute(
        f"SELECT * FROM stories s {clause} ORDER BY {keys} LIMIT ?",
        params + [-1 if limit is None else limit],
    )
    names = [d[0] for d in cursor.description]
    found = (story_from_row(dict(zip(names, row, strict=True))) for row in cursor)
    if direction == "ASC" and selection.changed_after is None:
        yield from list(found)[::-1]
    else:
        yield from found


def selected(db: Database, selection: StoryFilter, story_ids: Sequence[int]) -> set[int]:
    """Which of ``story_ids`` ``selection`` keeps (the alerts ask it of the stories their
    query found: the filter of the readers, read the same way)."""
    where, params = story_filters(selection, db)
    condition = "".join(f" AND {w}" for w in where)
    found: set[int] = set()
    for chunk in sql.chunks(story_ids):
        found.update(
            story_id
            for (story_id,) in db.execute(
                f"SELECT s.id FROM stories s WHERE s.id IN ({marks(chunk)}){condition}",
                [*chunk, *params],
            )
        )
    return found


def place_of(db: Database, anchor: int | Place) -> Place | None:
    """Where a page from ``anchor`` starts: a :class:`Place` as given, a story id's place
    now; None for the id of no stored story (pruned, merged into another, never stored)."""
    if isinstance(anchor, Place):
        return anchor
    found = story(db, anchor)
    return Place.of(found) if found is not None else None


def _keyset(anchor: int | Place, by: TimeBasis, newer: bool) -> tuple[str, list[str | int]]:
    """The condition (and its parameters) of the stories past ``anchor`` in the order
    ``by``: newer than it with ``newer``, else older."""
    order = ", ".join(story_order(by))
    side = ">" if newer else "<"
    if isinstance(anchor, Place):
        key = place_key(anchor, by)
        # The story itself moved if its times did: shown on the page the reader saw,
        # it is not shown again on the next.
        return f"({order}) {side} ({marks(key)}) AND s.id != ?", [*key, anchor.story_id]
    now = f"(SELECT {', '.join(story_order(by, 'k'))} FROM stories k WHERE k.id = ?)"
    return f"({order}) {side} {now}", [anchor]


@dataclass(frozen=True)
class Totals:
    articles: int
    stories: int
    multi_copy_stories: int


def totals(db: Database) -> Totals:
    row = db.execute(
        "SELECT (SELECT count(*) FROM articles), (SELECT count(*) FROM stories), "
        "(SELECT count(*) FROM stories WHERE copies > 1)"
    ).fetchone()
    return Totals(*row)


def related_stories(db: Database, story_id: int, limit: int = 20) -> list[Story] | None:
    """The other stories of the story's event (its related coverage), newest first by
    the time readers show for each: its first published time, else its first seen.

    ``None`` when the database has no event tier (not yet migrated to m009), so a
    reader can tell "no related coverage" from "not tracked"; ``[]`` for a story
    alone in its event or not yet given one (``aggregator migrate --backfill-events``).
    One range scan of the ``stories_event`` index.
    """
    if not has_events(db):
        return None
    rows = select_rows(
        db,
        "SELECT o.* FROM stories s JOIN stories o ON o.event_id = s.event_id AND o.id != s.id "
        "WHERE s.id = ? ORDER BY coalesce(o.first_published_at, o.first_seen_at) DESC, o.id DESC "
        "LIMIT ?",
        [story_id, limit],
    )
    return [story_from_row(r) for r in rows]


@dataclass(frozen=True)
class Coverage:
    """Who ran a story, for a line in a list of stories."""

    outlets: tuple[str, ...]  # distinct outlet names, earliest copy first
    flagged_copies: int  # copies whose byline is flagged


def coverage(db: Database, story_ids: Iterable[int]) -> dict[int, Coverage]:
    """Outlets and byline flags of each story (one query for a page of stories)."""
    ids = list(story_ids)
    if not ids:
        return {}
    rows = db.execute(
        "SELECT story_id, coalesce(site_name, source), byline_flag IS NOT NULL FROM articles "
        f"WHERE story_id IN ({marks(ids)}) "
        "ORDER BY story_id, coalesce(published_at, first_seen_at), id",
        ids,
    ).fetchall()
    outlets: dict[int, dict[str, None]] = {i: {} for i in ids}
    flagged = dict.fromkeys(ids, 0)
    for story_id, outlet, is_flagged in rows:
        outlets[story_id][outlet] = None
        flagged[story_id] += is_flagged
    return {i: Coverage(tuple(outlets[i]), flagged[i]) for i in ids}


def languages(db: Database, article_ids: Iterable[int]) -> dict[int, str]:
    """The stored language of each of these articles that has one (one query for a page
    of stories): what a page says its text is in."""
    ids = list(dict.fromkeys(article_ids))
    if not ids:
        return {}
    rows = db.execute(
        f"SELECT id, language FROM articles WHERE id IN ({marks(ids)}) AND language != ''",
        ids,
    ).fetchall()
    return dict(rows)


# --- the event tier: stories about one happening ------------------------------------


@dataclass(frozen=True)
class RelatedCoverage:
    """A related story as readers list it: the story and who ran it."""

    story: Story
    outlets: tuple[str, ...]  # distinct outlets that ran it, earliest copy first


def related_coverage(db: Database, story_id: int, limit: int = 20) -> list[RelatedCoverage]:
    """:func:`related_stories` with the outlets that ran each (``aggregator show``, the Atom
    feed); empty without the event tier."""
    related = related_stories(db, story_id, limit) or []
    ran = coverage(db, [s.story_id for s in related])
    return [RelatedCoverage(s, ran[s.story_id].outlets) for s in related]


@dataclass(frozen=True)
class Event:
    """Stories about one happening (``event_id`` None: a story without an event yet)."""

    event_id: int | None
    stories: list[Story]
    # The headline of its most-covered story, of all its stories whatever the filters
    # (:func:`event_summary`); a story without an event: its own headline.
    title: str = ""


@dataclass(frozen=True)
class EventSummary:
    """What names an event: its title and how many stories it holds."""

    event_id: int
    title: str  # the headline of its most-covered story
    stories: int


# Its most-covered story first: most copies, then most outlets, then the earliest
# (first published, else first seen), then the lowest id.
_MOST_COVERED = "copies DESC, outlets DESC, coalesce(first_published_at, first_seen_at) ASC, id ASC"


def event_summaries(db: Database, event_ids: Sequence[int]) -> dict[int, EventSummary]:
    """The title and size of each event of ``event_ids`` that holds a story (one range scan
    of the ``stories_event`` index per chunk of ids).

    An event's title is the headline of its most-covered story: the one with the most
    copies, then the most outlets, then the earliest. Not its newest story's (a follow-up,
    a roundup that quotes it) nor its first (a brief first report), but the one most
    outlets ran. The store has no notion of a briefing or roundup, so one that holds
    more copies than the event's reports names the event.
    """
    found: dict[int, EventSummary] = {}
    for chunk in sql.chunks(list(event_ids)):
        rows = db.execute(
            "SELECT event_id, headline, total FROM (SELECT event_id, headline, "
            "count(*) OVER (PARTITION BY event_id) AS total, "
            f"row_number() OVER (PARTITION BY event_id ORDER BY {_MOST_COVERED}) AS place "
            f"FROM stories WHERE event_id IN ({marks(chunk)})) WHERE place = 1",
            chunk,
        )
        found.update({e: EventSummary(e, headline, total) for e, headline, total in rows})
    return found


def event_summary(db: Database, event_id: int) -> EventSummary | None:
    """:func:`event_summaries` of one event; None for an event that holds no story (or a
    database without the event tier)."""
    if not has_events(db):
        return None
    return event_summaries(db, [event_id]).get(event_id)


def events(
    db: Database,
    *,
    limit: int = 20,
    since: datetime | None = None,
    until: datetime | None = None,
    source: str | None = None,
    author: str | None = None,
    min_outlets: int = 1,
    by: TimeBasis = SEEN,
    kinds: tuple[str, ...] | None = None,
    selection: StoryFilter | None = None,
) -> list[Event]:
    """Latest events first, each with its stories that pass the filters, newest first,
    and its title (:func:`event_summaries`).

    An event is as new as its newest story in the order :func:`stories` lists stories
    (a story's first seen time, or first published with ``by``: its earliest copy's,
    so a copy joining an old story moves neither the story nor its event up); the
    stories are those :func:`stories` would list with the same filters. Stories are read
    newest first until ``limit`` events are found, then each event's other stories
    through its index. ``selection``: the filter as one record, as :func:`stories` takes it.
    """
    keywords = StoryFilter(since, until, source, author, min_outlets, by=by, kinds=kinds)
    selection = one_filter(selection, keywords)
    # Groups, members and titles from one snapshot: a merge or retention committed between
    # the statements could empty an event found by the first (no title: a KeyError).
    with _read_snapshot(db):
        return _events(db, limit, selection)


@contextmanager
def _read_snapshot(db: Database) -> Iterator[None]:
    """The statements inside read one state of the database (a deferred transaction: a
    WAL reader's snapshot, taken at its first read); inside a transaction already, that
    one's."""
    if db.conn.in_transaction:
        yield
        return
    db.conn.execute("BEGIN")
    try:
        yield
    finally:
        db.conn.execute("COMMIT")  # it only read: nothing to keep or undo


def _events(db: Database, limit: int, selection: StoryFilter) -> list[Event]:
    """:func:`events` in one read transaction."""
    where, params = story_filters(selection, db)
    order = newest_first(selection.by)
    tracked = has_events(db)
    event = "s.event_id" if tracked else "NULL"
    clause = f"WHERE {' AND '.join(where)}" if where else ""
    cursor = db.execute(
        f"SELECT s.id, {event} FROM stories s {clause} ORDER BY {order}",
        params,
    )
    groups: dict[tuple[str, int], None] = {}  # ("event", id) or ("story", id), newest first
    for story_id, event_id in cursor:
        groups[("event", event_id) if event_id is not None else ("story", story_id)] = None
        if len(groups) >= limit:
            break
    cursor.close()
    event_ids = [i for kind, i in groups if kind == "event"]
    members: dict[tuple[str, int], list[Story]] = {group: [] for group in groups}
    if event_ids:
        rows = select_rows(
            db,
            f"SELECT * FROM stories s WHERE s.event_id IN ({marks(event_ids)}) "
            f"{'AND ' + ' AND '.join(where) if where else ''} ORDER BY {order}",
            event_ids + params,
        )
        for row in rows:
            members[("event", row["event_id"])].append(story_from_row(row))
    for kind, story_id in groups:
        if kind == "story":
            found = story(db, story_id)
            members[(kind, story_id)] = [found] if found else []
    titles = event_summaries(db, event_ids)
    return [
        Event(i, members[(kind, i)], titles[i].title)
        if kind == "event"
        else Event(None, members[(kind, i)], _own_headline(members[(kind, i)]))
        for kind, i in groups
    ]


def _own_headline(stories: list[Story]) -> str:
    """A story without an event is titled by its own headline."""
    return stories[0].headline if stories else ""
