"""What every reader query shares: this database's article columns, rows as schema
objects, and the story filters."""

from __future__ import annotations

import json
import re
import weakref
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta, tzinfo
from typing import Any, Literal

from sqlite_utils import Database

from aggregator.fold import fold_key
from aggregator.schema import DEFAULT_KIND, Copy, Story, as_utc, parse_utc
from storage.article_row import ARTICLE_FIELDS, article_from_row
from storage.migrations import migrations


def _loads_json(value: str | None, default: Any) -> Any:
    return json.loads(value) if value else default


# What a copy adds to its article's fields (storage.article_row.ARTICLE_FIELDS).
_COPY_COLUMNS = (
    "id, first_seen_at, similarity, byline_flag, paragraph_diff, story_id, version, "
    "dedup_evidence, "
    # Whether it is its story's canonical copy, its origin's own (primary-key lookups).
    "(SELECT s.canonical_article_id = articles.id FROM stories s "
    "WHERE s.id = articles.story_id) AS is_canonical, "
    "(SELECT json_extract(s.origin_evidence, '$.article_id') = articles.id FROM stories s "
    "WHERE s.id = articles.story_id) AS is_origin, "
    # When the current text replaced the previous one (unique (article_id, version) index).
    "(SELECT max(replaced_at) FROM article_versions v WHERE v.article_id = articles.id) "
    "AS last_edited_at, "
    # Its earlier texts stored (the bound, retention.versions_per_article, drops the ones between).
    "(SELECT count(*) FROM article_versions v WHERE v.article_id = articles.id) "
    "AS versions_stored"
)


@dataclass(frozen=True)
class _Shape:
    """What the readers need to know of a database's tables, for one schema version."""

    schema_version: int
    has_events: bool
    article_columns: str
    has_change_seq: bool
    has_removals: bool
    has_replacements: bool
    has_kind: bool
    has_reread: bool


# Per connection (a Database object), so a reader does not re-read the tables'
# columns for every query; checked against the schema cookie, which SQLite bumps on
# every schema change (a migration by this or any other connection), so it cannot go stale.
_shapes: weakref.WeakKeyDictionary[Database, _Shape] = weakref.WeakKeyDictionary()


def _shape(db: Database) -> _Shape:
    version = db.execute("PRAGMA schema_version").fetchone()[0]
    shape = _shapes.get(db)
    if shape is None or shape.schema_version != version:
        shape = _read_shape(db, version)
        _shapes[db] = shape
    return shape


def _read_shape(db: Database, version: int) -> _Shape:
    """The article columns, and the event of the article's story (a primary-key lookup).

    A database not yet upgraded to the event tier (migration m009) reads events
    (and credits) as NULL, one not yet upgraded to the page offsets (m011) the offsets, one not yet
    upgraded to the change sequence (m017) ``change_seq``, one not yet upgraded to the
    removal marks (m018) no mark, one not yet upgraded to replaced articles (m020) none
    replaced, one not yet upgraded to re-reading times (m028) none re-read.
    """
    tracked = any(row[1] == "event_id" for row in db.execute("PRAGMA table_info(stories)"))
    event = (
        "(SELECT event_id FROM stories WHERE stories.id = articles.story_id)" if tracked else "NULL"
    )
    credit = "credit" if tracked else "NULL AS credit"  # both added by m009
    columns = {row[1] for row in db.execute("PRAGMA table_info(articles)")}
    # Each Article field from its column; one a store not yet upgraded lacks (the page
    # offsets before m011), NULL.
    fields = ", ".join(name if name in columns else f"NULL AS {name}" for name in ARTICLE_FIELDS)
    sequenced = "change_seq" in columns
    change = "change_seq" if sequenced else "NULL AS change_seq"
    removed = (
        "removed_at, removed_status"
        if "removed_at" in columns
        else "NULL AS removed_at, NULL AS removed_status"
    )
    replaced = "replaced_at" if "replaced_at" in columns else "NULL AS replaced_at"
    reread = "reread_at" if "reread_at" in columns else "NULL AS reread_at"
    return _Shape(
        version,
        tracked,
        f"{fields}, {_COPY_COLUMNS}, {event} AS event_id, {credit}, {change}, {removed}, "
        f"{replaced}, {reread}",
        sequenced,
        "removed_at" in columns,
        "replaced_at" in columns,
        "kind" in columns,
        "reread_at" in columns,
    )


def stored_sources(db: Database) -> list[str]:
    """The sources that have a stored article, by name (what ``--source`` filters on)."""
    return [row[0] for row in db.execute("SELECT DISTINCT source FROM articles ORDER BY 1")]


def store_created(db: Database) -> datetime | None:
    """When this store was created: when its first migration (m001) was applied, as
    ``_sqlite_migrations`` recorded it, to the microsecond. It travels with the file (a
    rename, a copy, a backup restored) and no other store has it, so feeds name their
    entries by it (app/feeds.py); None for a database no migration has run on."""
    applied = migrations.applied(db)
    return datetime.fromisoformat(applied[0].applied_at).astimezone(UTC) if applied else None


def last_stored(db: Database) -> datetime | None:
    """When a story was last stored or gained a copy (its ``last_seen_at``; one step of
    the ``stories.last_seen_at`` index); None in a store without a story."""
    return parse_utc(db.execute("SELECT max(last_seen_at) FROM stories").fetchone()[0])


def has_events(db: Database) -> bool:
    """Does the database have the event tier (``stories.event_id``, migration m009)?

    Readers open the file read-only and never migrate it, so a database not yet
    upgraded by a writer is read without events.
    """
    return _shape(db).has_events


def has_removals(db: Database) -> bool:
    """Does the database mark articles removed at the source (migration m018)? A dry run
    reads a database no writer has upgraded yet."""
    return _shape(db).has_removals


def has_replacements(db: Database) -> bool:
    """Can the database hold articles replaced at their URL by another story
    (``articles.replaced_at``, migration m020)? A dry run reads one no writer upgraded."""
    return _shape(db).has_replacements


def has_change_seq(db: Database) -> bool:
    """Does the database number its changes (``change_seq``, migration m017)? A reader
    of one not yet upgraded by a writer cannot sync by it."""
    return _shape(db).has_change_seq


def article_columns(db: Database) -> str:
    """The SELECT list of an article row as ``copy_from_row`` reads it, for this database."""
    return _shape(db).article_columns


def select_rows(db: Database, sql: str, params: list[Any]) -> list[dict[str, Any]]:
    """The rows of ``sql`` as dicts keyed by column name."""
    cursor = db.execute(sql, params)
    names = [d[0] for d in cursor.description]
    return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]


def copy_from_row(row: dict[str, Any]) -> Copy:
    """A row of ``article_columns`` as the story's copy it is."""
    diff = _loads_json(row["paragraph_diff"], {})
    return Copy(
        article_id=row["id"],
        article=article_from_row(row),
        first_seen_at=parse_utc(row["first_seen_at"]),
        similarity=row["similarity"],
        byline_flag=row["byline_flag"],
        shared_paragraphs=diff.get("shared", 0),
        added_paragraphs=diff.get("added", []),
        cut_paragraphs=diff.get("cut", []),
        edited_paragraphs=diff.get("edited", 0),
        compared_with=diff.get("against"),
        credit=row["credit"],
        is_canonical=bool(row["is_canonical"]),
        is_origin=bool(row["is_origin"]),
        dedup_evidence=_loads_json(row["dedup_evidence"], {}),
        versions=row["version"] or 1,
        last_edited_at=parse_utc(row["last_edited_at"]),
        versions_dropped=max((row["version"] or 1) - 1 - row["versions_stored"], 0),
        event_id=row["event_id"],
        change_seq=row["change_seq"],
        removed_at=parse_utc(row["removed_at"]),
        removed_status=row["removed_status"],
        replaced_at=parse_utc(row["replaced_at"]),
        reread_at=parse_utc(row["reread_at"]),
    )


def story_from_row(row: dict[str, Any]) -> Story:
    """A ``stories`` row as a :class:`Story`."""
    return Story(
        story_id=row["id"],
        headline=row["headline"],
        first_seen_at=parse_utc(row["first_seen_at"]),  # type: ignore[arg-type]
        first_published_at=parse_utc(row["first_published_at"]),
        origin=row["origin"],
        outlets=row["outlets"],
        copies=row["copies"],
        canonical_article_id=row["canonical_article_id"],
        origin_evidence=_loads_json(row["origin_evidence"], {}),
        event_id=row.get("event_id"),  # absent before migration m009
        last_seen_at=parse_utc(row["last_seen_at"]),
        change_seq=row.get("change_seq"),  # absent before migration m017
    )


#: Which time a reader's window (``since``/``until``) and order read: when newsagg first
#: stored the story or article (``seen``), or when its page says it was published
#: (``published``: a story's ``first_published_at``, an article's ``published_at``;
#: rows without one are left out). Under ``seen`` a row is also "since" a time when it
#: changed since then (a copy joined, an edit, a merge: what is new to a person);
#: ``first-seen`` reads the first-seen time alone, for both bounds, so adjacent
#: windows split the rows between them, each row in one (QA pass R, stop 44). It
#: orders as ``seen`` does.
TimeBasis = Literal["seen", "published", "first-seen"]
SEEN: TimeBasis = "seen"
PUBLISHED: TimeBasis = "published"
FIRST_SEEN: TimeBasis = "first-seen"
#: Each time basis by the name a reader gives it (--by, the web view's "Dates").
TIME_BASES: dict[str, TimeBasis] = {SEEN: SEEN, PUBLISHED: PUBLISHED, FIRST_SEEN: FIRST_SEEN}


#: The resolution of the stored times (``isoformat`` to the microsecond): a reader's
#: bare date as an upper bound (``--until 2026-12-06``, the web view's ``to``) is that
#: day's last instant, its next midnight less this, as every window bound is inclusive.
TIME_RESOLUTION = timedelta(microseconds=1)


#: The first and last instants a time in UTC holds: a window's bound past them (a reader's
#: ``--until 9999-12-31``, or ``0001-01-01T00:00+09:00``) is read as them.
FIRST_INSTANT = datetime.min.replace(tzinfo=UTC)
LAST_INSTANT = datetime.max.replace(tzinfo=UTC)


def in_utc(moment: datetime) -> datetime:
    """``moment`` in UTC; one outside the years 1 to 9999 there (the year 1 east of
    Greenwich, 9999 west of it) is the first or last instant UTC holds, the same bound
    for every stored time, rather than an OverflowError."""
    try:
        return as_utc(moment)
    except OverflowError:
        return FIRST_INSTANT if moment.year == 1 else LAST_INSTANT


def last_instant_of(day: date, zone: tzinfo = UTC) -> datetime:
    """The last stored instant of ``day`` in ``zone`` (a window's inclusive upper bound);
    for 9999-12-31, whose next midnight no date holds, the last instant UTC holds."""
    if day == date.max:
        return LAST_INSTANT
    return in_utc(datetime.combine(day + timedelta(days=1), time(), zone)) - TIME_RESOLUTION


def last_day_named(text: str) -> date | None:
    """The last day ``text`` names when it is a date without a time: the day itself
    (``2026-12-06``, ``2026-W49-7``), or an ISO week's Sunday (``2026-W49``, which
    ``date.fromisoformat`` reads as its Monday: as an upper bound, ``--until`` or the
    web view's ``to``, a week is its seven days; 9999-W52, its Sunday past the last
    date, ends with 9999-12-31); else None."""
    try:
        day = date.fromisoformat(text)
    except ValueError:
        return None
    if not _ISO_WEEK.fullmatch(text):
        return day
    try:
        return day + timedelta(days=6)
    except OverflowError:
        return date.max


_ISO_WEEK = re.compile(r"\d{4}-?W\d{2}")


def utc_text(moment: datetime) -> str:
    """A window's bound as the stored times are written (ISO 8601 in UTC), so the text
    comparison of SQLite is a comparison of instants whatever offset the reader gave."""
    return in_utc(moment).isoformat()


@dataclass(frozen=True)
class StoryFilter:
    """Which stories a reader query returns; every field optional."""

    since: datetime | None = None
    until: datetime | None = None
    source: str | None = None
    author: str | None = None
    min_outlets: int = 1
    story_id: int | None = None
    # Needs the event tier (``stories.event_id``, migration m009): see :func:`has_events`.
    event_id: int | None = None
    by: TimeBasis = SEEN
    # Only stories whose change sequence passed this number (docs/readers.md, "Syncing";
    # needs migration m017, :func:`has_change_seq`).
    changed_after: int | None = None
    # Only stories with a copy in this language (:func:`language_condition`).
    language: str | None = None
    # Only stories with a copy of one of these page kinds (:func:`kind_condition`).
    kinds: tuple[str, ...] | None = None


def one_filter(selection: StoryFilter | None, keywords: StoryFilter) -> StoryFilter:
    """The filter a reader query reads: ``selection`` (the record the CLI, the web view,
    the exporters and the alerts build) or, without it, the one its ``keywords`` make (a
    notebook's); a TypeError when both say something, as one would be ignored."""
    if selection is None:
        return keywords
    if keywords != StoryFilter():
        raise TypeError("give the filter as selection= or as keywords, not both")
    return selection


def language_condition(column: str, language: str) -> tuple[str, list[str]]:
    """An SQL condition that ``column`` (an article's ``language``) is ``language``, or a
    regional form of it (``en`` is ``en``, ``en-GB``, ``EN-us``), and its parameters."""
    code = language.casefold()
    return f"(lower({column}) = ? OR lower({column}) LIKE ?)", [code, f"{code}-%"]


def kind_condition(db: Database, column: str, kinds: tuple[str, ...]) -> tuple[str, list[str]]:
    """An SQL condition that ``column`` (an article's ``kind``) is one of ``kinds``, and
    its parameters. In a store not yet upgraded to page kinds (migration m022) every
    article reads as an ``article``: the condition is then true or false for all."""
    if not kinds:
        return "0", []
    if not _shape(db).has_kind:
        return ("1" if DEFAULT_KIND in kinds else "0"), []
    return f"{column} IN ({', '.join('?' * len(kinds))})", list(kinds)


@dataclass(frozen=True)
class Place:
    """Where a story stood in a list of stories when a reader saw it: its id and the
    times a list orders it by, as they were then.

    A story's times move (its first published time moves earlier when an earlier copy
    joins it, both move when another story is merged into it), so a page that starts
    from a place starts where the reader left off, wherever that story is now, or
    whether it is still stored at all.
    """

    story_id: int
    first_seen_at: datetime
    first_published_at: datetime | None

    @classmethod
    def of(cls, story: Story) -> Place:
        return cls(story.story_id, story.first_seen_at, story.first_published_at)


def in_order(story: Story | Place, by: TimeBasis) -> bool:
    """Whether ``story`` has a place in the order ``by`` lists stories in: by published
    time only a story some copy of which gives one (a keyset from one without is empty)."""
    return by != PUBLISHED or story.first_published_at is not None


def place_key(place: Place, by: TimeBasis) -> list[str | int]:
    """The values of :func:`story_order`'s columns at ``place`` (``in_order`` under ``by``)."""
    published = utc_text(place.first_published_at) if place.first_published_at else ""
    if by == PUBLISHED:
        return [published, place.story_id]
    return [utc_text(place.first_seen_at), published, place.story_id]


class PlaceError(ValueError):
    """A place to page from (:func:`read_place`) that does not read; the message says why."""


def place_token(place: Place) -> str:
    """``place`` as one word a reader can give back (``stories --after``, the web view's
    page links): ``ID@FIRST-SEEN`` or ``ID@FIRST-SEEN@FIRST-PUBLISHED``, times in UTC to
    the microsecond as stored, so a page from it starts exactly there."""
    times = [t for t in (place.first_seen_at, place.first_published_at) if t is not None]
    return "@".join([str(place.story_id), *(utc_text(t).replace("+00:00", "Z") for t in times)])


def read_place(token: str) -> Place:
    """The place :func:`place_token` wrote as ``token``; :class:`PlaceError` naming what
    does not read."""
    story_id, *times = token.strip().split("@")
    readable_id = story_id.isascii() and story_id.isdigit() and 0 < int(story_id) < 2**63
    if not readable_id or not 1 <= len(times) <= 2:
        raise PlaceError(f"'{token}' is not a place to page from (ID@TIME or ID@TIME@TIME)")
    read = []
    for text in times:
        try:
            moment = datetime.fromisoformat(text)
        except ValueError:
            raise PlaceError(f"'{text}' in '{token}' is not a time (ISO 8601)") from None
        if moment.tzinfo is None:
            raise PlaceError(f"'{text}' in '{token}' has no UTC offset")
        read.append(moment.astimezone(UTC))
    return Place(int(story_id), read[0], read[1] if len(read) == 2 else None)


def story_order(by: TimeBasis, alias: str = "s") -> tuple[str, ...]:
    """The columns a list of stories is ordered by, newest first (a page's keyset compares
    them as one row value): first seen, first published (none last), id; or first
    published, id under ``published``."""
    if by == PUBLISHED:
        return (f"{alias}.first_published_at", f"{alias}.id")
    return (f"{alias}.first_seen_at", f"coalesce({alias}.first_published_at, '')", f"{alias}.id")


def newest_first(by: TimeBasis, alias: str = "s") -> str:
    """The ORDER BY list of :func:`story_order`, newest first."""
    return ", ".join(f"{column} DESC" for column in story_order(by, alias))


#: A subquery of the ids of the articles edited since its one parameter (a time as
#: :func:`utc_text` writes it): those whose previous text was replaced then or later (the
#: ``article_versions_replaced_at`` index, m017). An edit moves no first- or last-seen
#: time, yet a reader of what changed since a time wants it.
EDITED_SINCE = "SELECT v.article_id FROM article_versions v WHERE v.replaced_at >= ?"


def changed_since(db: Database) -> tuple[str, int]:
    """A subquery of the ids of the articles edited (:data:`EDITED_SINCE`) or re-read in
    place (``articles.reread_at``, m028: its partial index) since a time, and how many
    times it takes that time as a parameter (one in a store before m028)."""
    if not _shape(db).has_reread:
        return EDITED_SINCE, 1
    return f"{EDITED_SINCE} UNION SELECT r.id FROM articles r WHERE r.reread_at >= ?", 2


def stored_authors(db: Database, author: str) -> tuple[str, ...]:
    """The author names stored that are ``author`` to a reader, whatever their case and
    accents (:func:`aggregator.fold.fold_key`); none when no article is by them. One
    read of every article's authors."""
    key = fold_key(author)
    rows = db.execute(
        "SELECT DISTINCT j.value FROM articles a, json_each(a.authors) j "
        "WHERE a.authors IS NOT NULL AND j.type = 'text'"
    )
    return tuple(name for (name,) in rows if fold_key(name) == key)


def story_filters(f: StoryFilter, db: Database, alias: str = "s") -> tuple[list[str], list[Any]]:
    """``f`` as SQL conditions on the stories table named ``alias``, and their parameters.

    By first seen, ``since`` keeps a story a copy of which arrived since then (its
    ``last_seen_at``) or was edited since then (:data:`EDITED_SINCE`); by published, a
    story first published in the window, and none without a published time; under
    ``first-seen`` a story first seen in the window.
    ``changed_after`` keeps the stories whose ``change_seq`` is past it.

    ``author`` is any stored spelling of the name (:func:`stored_authors`: read from
    ``db``); ``source`` and ``author`` test each story's own copies (``EXISTS`` probing the
    ``story_id`` index), never ``s.id IN (stories of that source)``: beside a list of
    article ids (search) SQLite drove that list of stories and probed the ids for each
    of them, 1.4 s per 2,000 hits on 20,000 articles (docs/benchmarks.md).
    """
    where: list[str] = []
    params: list[Any] = []
    if f.by == PUBLISHED:
        where.append(f"{alias}.first_published_at IS NOT NULL")
    if f.since is not None and f.by != SEEN:
        column = "first_published_at" if f.by == PUBLISHED else "first_seen_at"
        where.append(f"{alias}.{column} >= ?")
        params.append(utc_text(f.since))
    elif f.since is not None:
        since, times = changed_since(db)
        edited = f"SELECT e.story_id FROM articles e WHERE e.id IN ({since})"
        where.append(f"({alias}.last_seen_at >= ? OR {alias}.id IN ({edited}))")
        params.extend([utc_text(f.since)] * (1 + times))
    if f.changed_after is not None:
        where.append(f"{alias}.change_seq > ?")
        params.append(f.changed_after)
    if f.until is not None:
        column = "first_published_at" if f.by == PUBLISHED else "first_seen_at"
        where.append(f"{alias}.{column} <= ?")
        params.append(utc_text(f.until))
    if f.min_outlets > 1:
        where.append(f"{alias}.outlets >= ?")
        params.append(f.min_outlets)
    if f.story_id is not None:
        where.append(f"{alias}.id = ?")
        params.append(f.story_id)
    if f.event_id is not None:
        where.append(f"{alias}.event_id = ?")
        params.append(f.event_id)
    for condition, values in _copy_conditions(f, db, "c"):
        where.append(
            f"EXISTS (SELECT 1 FROM articles c WHERE c.story_id = {alias}.id AND {condition})"
        )
        params.extend(values)
    return where, params


def _copy_conditions(f: StoryFilter, db: Database, table: str) -> list[tuple[str, list[Any]]]:
    """The conditions of ``f`` on one article (the articles table named ``table``), each
    apart, and their parameters: ``source``, ``author``, ``language`` and ``kinds``. A
    story passes each when one of its copies does (:func:`story_filters`), an article
    when it does itself (:func:`article_filters`)."""
    conditions: list[tuple[str, list[Any]]] = []
    if f.source:
        conditions.append((f"{table}.source = ?", [f.source]))
    if f.author:
        names = stored_authors(db, f.author)
        conditions.append(
            (
                f"EXISTS (SELECT 1 FROM json_each({table}.authors) j "
                f"WHERE j.value IN ({', '.join('?' * len(names))}))",
                list(names),
            )
        )
    if f.language:
        conditions.append(language_condition(f"{table}.language", f.language))
    if f.kinds is not None:
        conditions.append(kind_condition(db, f"{table}.kind", f.kinds))
    return conditions


def article_filters(f: StoryFilter, db: Database) -> tuple[list[str], list[Any]]:
    """``f`` as SQL conditions on the articles table (unaliased), and their parameters:
    each article tested on its own (:func:`story_filters` tests a story by its copies).

    By first seen, ``since`` keeps an article first seen since then, edited since then,
    or of a story another was merged into since then (those moved in among them); by
    published, an article published in the window (none without a published time);
    under ``first-seen`` its first-seen time alone. ``source``, ``author``, ``language``
    and ``kinds`` test the article itself, ``min_outlets``, ``story_id`` and
    ``event_id`` its story.
    """
    where: list[str] = []
    params: list[Any] = []
    column = "published_at" if f.by == PUBLISHED else "first_seen_at"
    if f.by == PUBLISHED:
        where.append("published_at IS NOT NULL")
    if f.since is not None and f.by != SEEN:
        where.append(f"{column} >= ?")
        params.append(utc_text(f.since))
    elif f.since is not None:
        since, times = changed_since(db)
        where.append(
            f"(first_seen_at >= ? OR id IN ({since}) OR story_id IN "
            "(SELECT into_story_id FROM story_merges WHERE merged_at >= ?))"
        )
        params.extend([utc_text(f.since)] * (2 + times))
    if f.changed_after is not None:
        where.append("change_seq > ?")
        params.append(f.changed_after)
    if f.until is not None:
        where.append(f"{column} <= ?")
        params.append(utc_text(f.until))
    for condition, values in _article_conditions(f, db):
        where.append(condition)
        params.extend(values)
    return where, params


def _article_conditions(f: StoryFilter, db: Database) -> list[tuple[str, list[Any]]]:
    """The conditions of ``f`` an article and its story must meet, besides its times."""
    conditions = _copy_conditions(f, db, "articles")
    if f.min_outlets > 1:
        conditions.append(
            ("story_id IN (SELECT id FROM stories WHERE outlets >= ?)", [f.min_outlets])
        )
    if f.story_id is not None:
        conditions.append(("story_id = ?", [f.story_id]))
    if f.event_id is not None:
        conditions.append(("story_id IN (SELECT id FROM stories WHERE event_id = ?)", [f.event_id]))
    return conditions
