"""Profiles built again: the articles migrations m015 and m026 list in ``stale_profiles``.

An article holding Chinese, Japanese or Korean text stored before profile format 3 has
a profile that read each CJK run as one word (m015); one holding accented Latin letters
or guillemets stored before format 4 has a profile that kept the accents and found no
quotation in «…» (m026). :func:`rebuild_stale_profiles` builds its profile again from
its stored body, swaps its lookup keys, and, when it founded a story, its event profile
and event keys, and the document frequencies its story was counted with. The story and
event it was filed in stay as they are: only what later articles are compared with
changes.

Newest first: the articles likeliest to get copies are rebuilt before the others, and a
writer's first store after the migration rebuilds, before it compares anything, every
listed article first seen within the event window (``event_window_days``, at least a day)
of the newest stored one (:func:`rebuild_before_store`), then one batch per store.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Iterator, Sequence
from datetime import timedelta
from typing import Any

from sqlite_utils import Database

from aggregator.config import DedupSettings
from aggregator.dedup import (
    EventProfile,
    FingerprintParams,
    TextProfile,
    build_event_profile,
    build_profile,
    params_from_settings,
    story_buckets,
)
from aggregator.schema import parse_utc
from storage import dedup_index, event_index
from storage.db import fails_every_write, write_transaction
from storage.retention import unpack_buckets, version_text
from storage.sql import chunks, marks

logger = logging.getLogger(__name__)

# Articles rebuilt per write transaction (a few ms each): a writer storing a batch
# rebuilds one such transaction first, and crawls may write between them.
REBUILD_BATCH = 200


def rebuild_stale_profiles(
    db: Database, settings: DedupSettings, *, batch: int = REBUILD_BATCH
) -> Iterator[int]:
    """Rebuild the listed profiles, newest first, ``batch`` articles per transaction,
    yielding the running count after each; stopped and run again, it goes on with what
    is left."""
    done = 0
    while True:
        with write_transaction(db):
            ids = [
                row[0]
                for row in db.execute(
                    "SELECT article_id FROM stale_profiles ORDER BY article_id DESC LIMIT ?",
                    [batch],
                )
            ]
            _rebuild(db, ids, settings)
        done += len(ids)
        yield done
        if len(ids) < batch:
            return


def rebuild_before_store(
    db: Database, settings: DedupSettings, *, batch: int = REBUILD_BATCH
) -> int:
    """What a writer rebuilds before it stores a batch: every listed article first seen
    within the event window (``event_window_days``, at least a day) of the newest stored
    one, ``batch`` per transaction, the articles new copies and reports are likeliest to
    be compared with; when none is left, one batch of the others (newest first).
    Returns how many were rebuilt.

    After the migration the writer's first store rebuilds the window's articles; the
    later ones find none left at the top of the list and rebuild one batch. Article ids
    follow the time they were first seen (each is stored at once), so the window's
    articles are the top of the list: each step reads ``batch`` rows by primary key,
    whatever the size of the store."""
    newest = db.execute("SELECT first_seen_at FROM articles ORDER BY id DESC LIMIT 1").fetchone()
    seen = parse_utc(newest[0]) if newest else None
    done = 0
    if seen is not None:
        edge = seen - timedelta(days=max(settings.event_window_days, 1))
        while True:
            with write_transaction(db):
                ids = [
                    article_id
                    for article_id, first_seen in db.execute(
                        "SELECT s.article_id, a.first_seen_at FROM stale_profiles s "
                        "JOIN articles a ON a.id = s.article_id "
                        "ORDER BY s.article_id DESC LIMIT ?",
                        [batch],
                    )
                    if (parse_utc(first_seen) or edge) >= edge
                ]
                _rebuild(db, ids, settings)
            done += len(ids)
            if len(ids) < batch:
                break
    return done or next(rebuild_stale_profiles(db, settings, batch=batch), 0)


def has_stale_profiles(db: Database) -> bool:
    """Is any article's profile left to rebuild? (One probe of a small table's index.)"""
    return db.execute("SELECT 1 FROM stale_profiles LIMIT 1").fetchone() is not None


def _rebuild(db: Database, ids: Sequence[int], settings: DedupSettings) -> None:
    if not ids:
        return
    params = params_from_settings(settings)
    rows = db.execute(
        "SELECT a.id, a.body, a.profile, a.version, a.published_at, a.first_seen_at, "
        "e.profile, e.founding_version, e.counted FROM articles a "
        "LEFT JOIN event_profiles e ON e.article_id = a.id "
        f"WHERE a.id IN ({marks(ids)})",
        list(ids),
    ).fetchall()
    for row in rows:
        # A savepoint per article: one whose stored row cannot be read again (a profile of
        # an unknown shape, a body that is not JSON) is left as it was and taken off the
        # list, so it cannot stop every later write; the others are rebuilt.
        db.conn.execute("SAVEPOINT rebuild_profile")
        try:
            _rebuild_article(db, row, params, settings)
        except Exception as exc:
            if fails_every_write(exc):
                raise
            db.conn.execute("ROLLBACK TO rebuild_profile")
            logger.warning(
                "Profile of article %d not rebuilt (left as stored): %s: %s",
                row[0],
                type(exc).__name__,
                exc,
            )
        db.conn.execute("RELEASE rebuild_profile")
    db.execute(f"DELETE FROM stale_profiles WHERE article_id IN ({marks(ids)})", list(ids))


def _rebuild_article(
    db: Database, row: tuple[Any, ...], params: FingerprintParams, settings: DedupSettings
) -> None:
    """One listed article's profile and keys, and a founder's event profile, built again."""
    article_id, body, old_json, version, published, seen, old_event, founded, kept = row
    profile = build_profile(json.loads(body or "[]"), params)
    db.execute("UPDATE articles SET profile = ? WHERE id = ?", [profile.to_json(), article_id])
    dedup_index.replace_keys(db, article_id, old_json, profile)
    if old_event is None:
        return
    # What its story counts from now on: the text of its founding version (m024), its
    # current one (rebuilt above) or an earlier one; its current one when that is no
    # longer stored.
    counted, founding = version_text(db, article_id, founded, params)
    taken_off: Sequence[int] | None = None  # what its story counted until now
    if kept is not None:  # its founding text dropped by the bound: the buckets kept
        taken_off = unpack_buckets(kept)
    elif counted == version:
        try:
            taken_off = story_buckets(TextProfile.from_json(old_json), settings)
        except ValueError:  # a profile of a format no longer read
            taken_off = ()
    reindex_founder(
        db, article_id, taken_off, old_event, founding, settings, published, seen, counted
    )


def reindex_founder(
    db: Database,
    article_id: int,
    taken_off: Sequence[int] | None,
    old_event: bytes,
    founding: TextProfile,
    settings: DedupSettings,
    published: str | None,
    seen: str | None,
    version: int,
) -> None:
    """A founding article's event profile, keys and counted terms, built from ``founding``
    (the text of its ``version``).

    ``taken_off``: the buckets its story's terms were counted in, when they are known (its
    founding version is its current one, whose old profile is at hand, or they were kept
    when the bound dropped that text); they are taken off before the new terms are
    counted. Without them (a founder edited since, whose founding version the old code
    fingerprinted) the old rows stay: terms of whole CJK clauses, which no new text has.
    """
    old_keys = EventProfile.from_bytes(old_event).keys
    db.conn.executemany(
        "DELETE FROM event_keys WHERE key = ? AND article_id = ?",
        [(key, article_id) for key in old_keys],
    )
    db.execute("DELETE FROM event_profiles WHERE article_id = ?", [article_id])
    if taken_off is not None:
        db.conn.executemany(
            "UPDATE event_df SET n = n - 1 WHERE bucket = ?", [(b,) for b in taken_off]
        )
        # A row at zero is a term no stored story has: absent, as retention leaves it.
        for chunk in chunks(list(taken_off)):
            db.execute(f"DELETE FROM event_df WHERE n <= 0 AND bucket IN ({marks(chunk)})", chunk)
    lookup = event_index.SqliteEventLookup(db, settings)
    story = build_event_profile(founding, lookup, parse_utc(published), settings, parse_utc(seen))
    event_index.index_founder(db, article_id, story, new_story=False, version=version)
