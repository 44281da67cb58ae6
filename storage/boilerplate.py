"""Learned site boilerplate: candidate blocks per source, counted by distinct stories.

``learn_blocks`` runs inside the article's write transaction (``storage.writes``),
so a crash never half-learns: the counts move with the article or not at all.
``known_blocks`` is the cheap per-page read: one range scan of the
``(source, stories)`` index returning only the blocks that reached ``min_stories``.
What counts as a candidate block, and when one is removed, is decided by the pure
functions in ``aggregator.parser.site``.
"""

from __future__ import annotations

import json
import sqlite3
from dataclasses import dataclass

from sqlite_utils import Database

from aggregator.parser.site import Block, KnownBlocks, blocks_to_learn
from aggregator.schema import Article

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
    hashes = [b.hash for b in blocks]
    rows = {
        row[0]: (row[1], row[2], json.loads(row[3]))
        for row in db.execute(
            "SELECT block_hash, articles, stories, story_ids FROM source_blocks "
            f"WHERE source = ? AND block_hash IN ({','.join('?' * len(hashes))})",
            [source, *hashes],
        )
    }
    inserts, updates = [], []
    for block in blocks:
        if block.hash not in rows:
            # Most candidates are seen once; their text is kept only from the second story on.
            inserts.append((source, block.hash, 1, 1, json.dumps([story_id]), None, now, now))
            continue
        articles, stories, story_ids = rows[block.hash]
        if story_id not in story_ids:
            stories += 1
            story_ids = (story_ids + [story_id])[-STORY_IDS_KEPT:]
        sample = block.sample if stories >= 2 else None
        updates.append((articles + 1, stories, json.dumps(story_ids), sample, now, source, block.hash))
    db.conn.executemany(
        "INSERT INTO source_blocks (source, block_hash, articles, stories, story_ids, sample, "
        "first_seen_at, last_seen_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        inserts,
    )
    db.conn.executemany(
        "UPDATE source_blocks SET articles = ?, stories = ?, story_ids = ?, "
        "sample = coalesce(sample, ?), last_seen_at = ? "
        "WHERE source = ? AND block_hash = ?",
        updates,
    )
    return len(blocks)


def prune_blocks(db: Database, source: str, seen_before: str, max_stories: int = 1) -> int:
    """Delete ``source``'s candidates seen in at most ``max_stories`` stories and not since ``seen_before``.

    Such a block was one article's own paragraph, not furniture; the table
    otherwise grows by about 15 rows per stored article. ``seen_before`` is an
    ISO time; the (source, stories) index bounds the scan to the source's
    rarely seen blocks. Returns the rows deleted.
    """
    cursor = db.execute(
        "DELETE FROM source_blocks WHERE source = ? AND stories <= ? AND last_seen_at < ?",
        [source, max_stories, seen_before],
    )
    return cursor.rowcount


def known_blocks(db: Database, source: str, min_stories: int) -> KnownBlocks:
    """The source's blocks seen in at least ``min_stories`` stories (empty before migration 002)."""
    try:
        rows = db.execute(
            "SELECT block_hash, stories FROM source_blocks WHERE source = ? AND stories >= ?",
            [source, min_stories],
        ).fetchall()
    except sqlite3.OperationalError as exc:
        if "no such table" in str(exc):
            return KnownBlocks(source)
        raise
    return KnownBlocks(source, {row[0]: row[1] for row in rows})


def learned_blocks(db: Database, source: str | None = None, min_stories: int = 1) -> list[LearnedBlock]:
    """Blocks per source for operators and reports, most widespread first."""
    where, params = "stories >= ?", [min_stories]
    if source is not None:
        where, params = "source = ? AND stories >= ?", [source, min_stories]
    try:
        rows = db.execute(
            "SELECT source, block_hash, articles, stories, sample, first_seen_at, last_seen_at "
            f"FROM source_blocks WHERE {where} ORDER BY source, stories DESC, block_hash",
            params,
        ).fetchall()
    except sqlite3.OperationalError as exc:
        if "no such table" in str(exc):
            return []
        raise
    return [LearnedBlock(*row) for row in rows]
