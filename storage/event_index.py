"""The event tier in SQLite: the event lookup, the event of a new story, merges, backfill.

:mod:`aggregator.dedup.events` decides which event a new story belongs to, given an
:class:`~aggregator.dedup.EventLookup`; this module is that lookup over the tables of
migration m009 (``events``, ``stories.event_id``, ``event_profiles``, ``event_keys``,
``event_df``; m024's ``event_profiles.founding_version``) and the writes that keep them
in step with a decision. Every function runs inside the caller's write transaction, the
one that assigns the article's story (:mod:`storage.writes`), so an article's story and
its story's event are stored together.

Reads per new story are bounded whatever the size of the store: the document-frequency
rows of its terms, at most ``event_query_keys`` key range scans of at most
``event_max_postings`` rows each, and at most ``event_max_candidates`` profiles.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlite_utils import Database

from aggregator.config import DedupSettings
from aggregator.dedup import (
    EventAssignment,
    EventProfile,
    NewStory,
    StoredStory,
    TextProfile,
    agency_credit,
    assign_event,
    build_event_profile,
    build_profile,
    params_from_settings,
)
from aggregator.schema import Article, utc_now
from storage.db import insert_row, write_transaction
from storage.sql import MAX_PARAMS, chunks, marks
from storage.stories import COPY_COLUMNS, copy_info

# The event_df row holding the number of stories counted (buckets are >= 0).
STORY_COUNT_BUCKET = -1
_STORED_STORY = (
    "SELECT p.article_id, a.story_id, s.event_id, p.profile FROM event_profiles p "
    "JOIN articles a ON a.id = p.article_id JOIN stories s ON s.id = a.story_id "
)


def _padded(values: Sequence[int]) -> list[int]:
    """``values`` (not empty) with the last repeated up to a power of two (at most
    ``MAX_PARAMS``): an ``IN`` list of a few lengths is a few statements, each prepared
    once and then taken from the connection's statement cache, where one per length was
    prepared anew nearly every time (0.14 -> 0.10 ms for some 400 buckets)."""
    size = min(1 << (len(values) - 1).bit_length(), MAX_PARAMS)
    return [*values, *[values[-1]] * (size - len(values))]


class SqliteEventLookup:
    """:class:`~aggregator.dedup.EventLookup` over the event tables (inside the write lock).

    Same contract as ``aggregator.dedup.MemoryEventIndex``: a founding article leads to
    its *current* story through ``articles.story_id``, so after a story merge it speaks
    for the surviving story.
    """

    def __init__(self, db: Database, settings: DedupSettings):
        self.db = db
        self.settings = settings

    def document_frequencies(self, buckets: Sequence[int]) -> tuple[int, dict[int, int]]:
        wanted = [*sorted(set(buckets)), STORY_COUNT_BUCKET]
        counts: dict[int, int] = {}
        for chunk in chunks(wanted):
            padded = _padded(chunk)  # a bucket asked twice is one row
            counts.update(
                self.db.execute(
                    f"SELECT bucket, n FROM event_df WHERE bucket IN ({marks(padded)})", padded
                ).fetchall()
            )
        return counts.pop(STORY_COUNT_BUCKET, 0), counts

    def event_candidates(
        self, keys: Sequence[int], max_postings: int, limit: int
    ) -> list[StoredStory]:
        wanted = sorted(set(keys))
        if not wanted:
            return []
        # One statement of per-key range scans, newest postings first (the primary key
        # read backwards), each stopped at max_postings: as SqliteLookup does.
        scans = " UNION ALL ".join(
            "SELECT * FROM (SELECT article_id FROM event_keys WHERE key = ? "
            "ORDER BY article_id DESC LIMIT ?)"
            for _ in wanted
        )
        params: list[int] = []
        for key in wanted:
            params += [key, max_postings]
        shared: dict[int, int] = {}
        for (article_id,) in self.db.execute(scans, params):
            shared[article_id] = shared.get(article_id, 0) + 1
        # Most keys shared first, then the newest.
        chosen = sorted(shared, key=lambda a: (-shared[a], -a))[:limit]
        if not chosen:
            return []
        by_id = {
            stored.article_id: stored
            for stored in self._stored(f"WHERE p.article_id IN ({marks(chosen)})", chosen)
        }
        return [by_id[a] for a in chosen if a in by_id]

    def stories(self, story_ids: Sequence[int | str]) -> list[StoredStory]:
        wanted = sorted({int(s) for s in story_ids})
        if not wanted:
            return []
        return self._stored(f"WHERE a.story_id IN ({marks(wanted)}) ORDER BY p.article_id", wanted)

    def _stored(self, where: str, params: Sequence[int]) -> list[StoredStory]:
        rows = self.db.execute(_STORED_STORY + where, list(params)).fetchall()
        return [
            StoredStory(story_id, event_id, EventProfile.from_bytes(profile), article_id)
            for article_id, story_id, event_id, profile in rows
            if event_id is not None  # a story stored before the event tier, not backfilled
        ]


@dataclass(frozen=True)
class EventPlacement:
    """The event of a story about to be founded, and what to index once its article is."""

    event_id: int
    story: NewStory
    decision: EventAssignment

    def evidence(self) -> dict[str, Any]:
        """What ``articles.dedup_evidence`` records of the event decision."""
        return {
            "event_id": self.event_id,
            "new_event": self.decision.event_id is None,
            "similarity": self.decision.similarity,
            "matched_story": self.decision.matched_story_id,
            **self.decision.evidence,
        }


def place_story(
    db: Database,
    profile: TextProfile,
    related: Sequence[int | str],
    settings: DedupSettings,
    *,
    published_at: datetime | None,
    seen_at: datetime,
) -> EventPlacement:
    """Decide the event of a new story (a new ``events`` row when none fits).

    ``related``: the stories the story tier found reworded without provenance
    (``Assignment.related``). The founding article's publication time and when it was
    first seen give the story its days: without them the time window could not stop
    topic chains.
    """
    lookup = SqliteEventLookup(db, settings)
    story = build_event_profile(profile, lookup, published_at, settings, seen_at)
    decision = assign_event(story, lookup, settings, related=related)
    event_id = decision.event_id
    if event_id is None:
        event_id = insert_row(db, "events", {"first_seen_at": seen_at.isoformat()})
    return EventPlacement(int(event_id), story, decision)


def found_story(
    db: Database,
    article: Article,
    profile: TextProfile,
    related: Sequence[int | str],
    settings: DedupSettings,
    seen_at: datetime,
) -> tuple[int, EventPlacement]:
    """A new story for ``article``, placed in an event (an existing one, or a new one) at
    once: its id, and its placement, whose founder is indexed once the row is written."""
    placement = place_story(
        db, profile, related, settings, published_at=article.published_at, seen_at=seen_at
    )
    story_id = insert_row(
        db,
        "stories",
        {
            "headline": article.headline,
            "first_seen_at": seen_at.isoformat(),
            "copies": 0,
            "outlets": 0,
            "event_id": placement.event_id,
        },
    )
    return story_id, placement


def index_story(db: Database, article_id: int, placement: EventPlacement) -> None:
    """Index the founding article of a new story (its row written, with the text the
    story was placed on): its profile, posted keys, and one more story counted in the
    document frequencies of its terms."""
    index_founder(db, article_id, placement.story, new_story=True)


def index_founder(
    db: Database,
    article_id: int,
    story: NewStory,
    *,
    new_story: bool,
    version: int | None = None,
) -> None:
    """A founding article's event profile, posted keys and terms counted in the document
    frequencies; ``new_story``: its story is counted too (not when a founder of a story
    already counted is indexed again, storage.profile_rebuild).

    ``version``: the article's version whose text ``story`` was built from (None: its
    current one), recorded as ``event_profiles.founding_version`` (m024): what a prune,
    or the article's move, takes off again is that text's terms (storage.retention)."""
    counted = (*story.buckets, STORY_COUNT_BUCKET) if new_story else story.buckets
    db.execute(
        "INSERT INTO event_profiles (article_id, profile, founding_version) VALUES (?, ?, "
        "coalesce(?, (SELECT version FROM articles WHERE id = ?), 1))",
        [article_id, story.profile.to_bytes(), version, article_id],
    )
    db.conn.executemany(
        "INSERT OR IGNORE INTO event_keys (key, article_id) VALUES (?, ?)",
        [(key, article_id) for key in sorted(set(story.profile.keys))],
    )
    db.conn.executemany(
        "INSERT INTO event_df (bucket, n) VALUES (?, 1) "
        "ON CONFLICT(bucket) DO UPDATE SET n = n + 1",
        [(bucket,) for bucket in counted],
    )


def merge_events(db: Database, from_story: int, into_story: int, now: str) -> None:
    """Stories merged by the story tier: their events become one (before ``from_story``'s
    row is deleted). Every story of the merged story's event moves to the surviving one,
    which is as old as the older of the two (its ``first_seen_at``: when its first story
    was stored); ``event_merges`` records where the emptied event's id went (m017), for
    readers given that id."""
    events = dict(
        db.execute(
            "SELECT id, event_id FROM stories WHERE id IN (?, ?)", [from_story, into_story]
        ).fetchall()
    )
    other, mine = events.get(from_story), events.get(into_story)
    if other is None or other == mine:
        return
    if mine is None:  # the surviving story was stored before the event tier
        db.execute("UPDATE stories SET event_id = ? WHERE id = ?", [other, into_story])
        return
    db.execute("UPDATE stories SET event_id = ? WHERE event_id = ?", [mine, other])
    db.execute(
        "UPDATE events SET first_seen_at = min(first_seen_at, "
        "(SELECT first_seen_at FROM events WHERE id = ?)) WHERE id = ?",
        [other, mine],
    )
    db.execute(
        "INSERT INTO event_merges (from_event_id, into_event_id, merged_at) VALUES (?, ?, ?)",
        [other, mine, now],
    )
    db.execute("DELETE FROM events WHERE id = ?", [other])


# --- backfill --------------------------------------------------------------------------


@dataclass
class BackfillCounts:
    stories: int = 0
    new_events: int = 0


def backfill_events(
    db: Database, settings: DedupSettings, *, batch: int = 200
) -> Iterator[BackfillCounts]:
    """Assign events to the stories stored before the event tier, oldest story first.

    Each batch is one write transaction (crawls may write between batches); the
    running totals are yielded after each. Stopped and run again, it goes on where it
    stopped: what is left is exactly the stories with no event. Each story is placed
    as a new story is, from its first article (its credit, its day, its stored
    profile), without the story tier's related stories, which only the arrival of
    its articles could tell. Its articles' credits are filled in on the way.
    """
    params = params_from_settings(settings)
    counts = BackfillCounts()
    while True:
        with write_transaction(db):
            pending = [
                row[0]
                for row in db.execute(
                    "SELECT id FROM stories WHERE event_id IS NULL ORDER BY id LIMIT ?", [batch]
                )
            ]
            for story_id in pending:
                placement = _backfill_story(db, story_id, settings, params)
                counts.stories += 1
                counts.new_events += placement is not None and placement.decision.event_id is None
        yield counts
        if len(pending) < batch:
            return


def _backfill_story(
    db: Database, story_id: int, settings: DedupSettings, params: Any
) -> EventPlacement | None:
    rows = db.execute(
        f"SELECT {COPY_COLUMNS}, profile FROM articles WHERE story_id = ? ORDER BY id",
        [story_id],
    ).fetchall()
    if not rows:
        return None
    db.conn.executemany(
        "UPDATE articles SET credit = ? WHERE id = ?",
        [(agency_credit(copy_info(row), named_only=True)[0], row[0]) for row in rows],
    )
    founder = copy_info(rows[0])
    try:
        profile = TextProfile.from_json(rows[0][-1])
    except (TypeError, ValueError):  # no profile, or one of a format no longer read
        profile = build_profile(list(founder.body), params)
    seen = founder.first_seen_at or utc_now()  # set on every article storage.writes stores
    placement = place_story(
        db, profile, (), settings, published_at=founder.published_at, seen_at=seen
    )
    db.execute("UPDATE stories SET event_id = ? WHERE id = ?", [placement.event_id, story_id])
    index_story(db, int(founder.article_id), placement)
    return placement
