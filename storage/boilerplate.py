"""Learned site boilerplate: candidate blocks per source, counted by distinct stories.

``learn_blocks`` runs inside the article's write transaction (``storage.writes``),
so a crash never half-learns: the counts move with the article or not at all.
``known_blocks`` is the cheap per-page read: one range scan of the
``(source, stories)`` index returning only the blocks that reached ``min_stories``.
What counts as a candidate block, and when one is removed, is decided by the pure
functions in ``aggregator.parser.site_boilerplate``.

A block seen in one story only (most are: an article's own paragraphs) is a
``block_sightings`` row of integers; at its second story it moves to
``source_blocks``, which keeps the story ids, the text sample and ISO times.
"""

from __future__ import annotations

import json
import sqlite3
from dataclasses import dataclass
from datetime import UTC, datetime

from sqlite_utils import Database

from aggregator.config import BoilerplateSettings
from aggregator.dedup.fingerprint import signed64
from aggregator.parser.site_boilerplate import Block, KnownBlocks, blocks_to_learn
from aggregator.schema import Article, utc_now
from storage.db import write_transaction
from storage.sql import marks

# Story ids kept per block: distinct-story counts are exact up to this many
# (at least the largest allowed min_stories); past it a story not among the
# last ones kept counts again, which can only over-count a block already learned.
STORY_IDS_KEPT = 10


@dataclass(frozen=True)
class LearnedBlock:
    source: str
    block_hash: str
    articles: int
    stories: int
    sample: str | None
    first_seen_at: str
    last_seen_at: str


def block_key(block_hash: str) -> int:
    """A block hash (16 hex digits) as the signed 64-bit integer ``block_sightings`` keeps."""
    return signed64(int(block_hash[:16], 16))


def _block_hash(key: int) -> str:
    return f"{key & 0xFFFFFFFFFFFFFFFF:016x}"


def epoch_seconds(iso: str) -> int:
    """Unix seconds of an ISO time; one without an offset is UTC, as every stored time is."""
    moment = datetime.fromisoformat(iso)
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return int(moment.timestamp())


def _iso(seconds: int) -> str:
    return datetime.fromtimestamp(seconds, UTC).isoformat()


def learn_blocks(db: Database, article: Article, story_id: int, now: str) -> int:
    """Count the article's candidate blocks for its source; returns how many were counted.

    Call inside the write transaction that stores the article (new or a new version).
    ``articles`` counts stored article versions; ``stories`` distinct story ids.
    """
    if not article.source:
        return 0
    blocks = blocks_to_learn(article)
    if not blocks:
        return 0
    return _count(db, article.source, blocks, story_id, now)


def _count(db: Database, source: str, blocks: list[Block], story_id: int, now: str) -> int:
    learned = {
        row[0]: (row[1], row[2], json.loads(row[3]))
        for row in db.execute(
            "SELECT block_hash, articles, stories, story_ids FROM source_blocks "
            f"WHERE source = ? AND block_hash IN ({marks(blocks)})",
            [source, *(b.hash for b in blocks)],
        )
    }
    keys = [block_key(b.hash) for b in blocks if b.hash not in learned]
    once = (
        {
            row[0]: row[1:]
            for row in db.execute(
                "SELECT block_key, story_id, articles, first_seen FROM block_sightings "
                f"WHERE source = ? AND block_key IN ({marks(keys)})",
                [source, *keys],
            )
        }
        if keys
        else {}
    )
    seconds = epoch_seconds(now)
    sighted, seen_again, promoted, promoted_keys, updates = [], [], [], [], []
    for block in blocks:
        if block.hash in learned:
            articles, stories, story_ids = learned[block.hash]
            if story_id not in story_ids:
                stories += 1
                story_ids = (story_ids + [story_id])[-STORY_IDS_KEPT:]
            updates.append(
                (
                    articles + 1,
                    stories,
                    json.dumps(story_ids),
                    block.sample,
                    now,
                    source,
                    block.hash,
                )
            )
            continue
        key = block_key(block.hash)
        if key not in once:
            sighted.append((source, key, story_id, 1, seconds, seconds))
            continue
        first_story, articles, first_seen = once[key]
        if first_story == story_id:
            seen_again.append((seconds, source, key))
            continue
        # A second story: the block is now worth its text and its story ids.
        promoted.append(
            (
                source,
                block.hash,
                articles + 1,
                2,
                json.dumps([first_story, story_id]),
                block.sample,
                _iso(first_seen),
                now,
            )
        )
        promoted_keys.append((source, key))
    conn = db.conn
    conn.executemany(
        "INSERT INTO block_sightings "
        "(source, block_key, story_id, articles, first_seen, last_seen) "
        "VALUES (?, ?, ?, ?, ?, ?)",
        sighted,
    )
    conn.executemany(
        "UPDATE block_sightings SET articles = articles + 1, last_seen = ? "
        "WHERE source = ? AND block_key = ?",
        seen_again,
    )
    conn.executemany(
        "DELETE FROM block_sightings WHERE source = ? AND block_key = ?", promoted_keys
    )
    conn.executemany(
        "INSERT INTO source_blocks (source, block_hash, articles, stories, story_ids, sample, "
        "first_seen_at, last_seen_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        promoted,
    )
    conn.executemany(
        "UPDATE source_blocks SET articles = ?, stories = ?, story_ids = ?, "
        "sample = coalesce(sample, ?), last_seen_at = ? "
        "WHERE source = ? AND block_hash = ?",
        updates,
    )
    return len(blocks)


def prune_blocks(db: Database, source: str, seen_before: str) -> int:
    """Forget ``source``'s blocks seen in one story only and not since ``seen_before`` (ISO time).

    Such a block was one article's own paragraph, not furniture; without this the
    sightings would grow by about 15 rows per stored article. Blocks seen in two
    or more stories are kept. Returns the rows deleted.
    """
    cursor = db.execute(
        "DELETE FROM block_sightings WHERE source = ? AND last_seen < ?",
        [source, epoch_seconds(seen_before)],
    )
    return cursor.rowcount


def forget_stale_blocks(db: Database, source: str, rules: BoilerplateSettings) -> int:
    """After a crawl of ``source`` has been stored: :func:`prune_blocks` by ``forget_after``.

    Its own transaction, after the crawl's writes (bookkeeping, not the crawl's outcome).
    """
    cutoff = (utc_now() - rules.forget_after).isoformat()
    with write_transaction(db):
        return prune_blocks(db, source, cutoff)


def known_blocks(db: Database, source: str, min_stories: int) -> KnownBlocks:
    """The source's blocks seen in at least ``min_stories`` (2 or more) stories.

    Empty before migration 002. Blocks seen in one story are never known blocks
    (``BoilerplateSettings.min_stories`` is at least 2).
    """
    try:
        rows = db.execute(
            "SELECT block_hash, stories FROM source_blocks WHERE source = ? AND stories >= ?",
            [source, min_stories],
        ).fetchall()
    except sqlite3.OperationalError as exc:
        if "no such table" in str(exc):
            return KnownBlocks(source)
        raise
    # [:16]: a database not yet migrated to m006 (read by a reader) holds 24-digit hashes.
    return KnownBlocks(source, {row[0][:16]: row[1] for row in rows})


def learned_blocks(
    db: Database, source: str | None = None, min_stories: int = 1
) -> list[LearnedBlock]:
    """Blocks per source for operators and reports, most widespread first.

    With ``min_stories`` 1 this includes the blocks seen in a single story (no sample).
    """
    where, params = "stories >= ?", [min_stories]
    if source is not None:
        where, params = "source = ? AND stories >= ?", [source, min_stories]  # type: ignore[list-item]
    try:
        blocks = [
            LearnedBlock(*row)
            for row in db.execute(
                "SELECT source, block_hash, articles, stories, sample, first_seen_at, last_seen_at "
                f"FROM source_blocks WHERE {where}",
                params,
            )
        ]
    except sqlite3.OperationalError as exc:
        if "no such table" in str(exc):
            return []
        raise
    if min_stories <= 1:
        once_where, once_params = ("source = ?", [source]) if source is not None else ("1", [])
        try:
            blocks += [
                LearnedBlock(
                    row[0], _block_hash(row[1]), row[2], 1, None, _iso(row[3]), _iso(row[4])
                )
                for row in db.execute(
                    "SELECT source, block_key, articles, first_seen, last_seen "
                    f"FROM block_sightings WHERE {once_where}",
                    once_params,
                )
            ]
        except sqlite3.OperationalError as exc:  # before m006 they were source_blocks rows
            if "no such table" not in str(exc):
                raise
    return sorted(blocks, key=lambda b: (b.source, -b.stories, b.block_hash))
