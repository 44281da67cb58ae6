"""The change sequence (m017, docs/readers.md "Syncing"): one counter every writer numbers
its changed rows from, under the write lock."""

from __future__ import annotations

from collections.abc import Sequence

from sqlite_utils import Database


def next_change(db: Database) -> int:
    """The next number of the change sequence (m017, docs/readers.md "Syncing"), taken
    under the write lock, for the article row about to be written. Given in that write:
    the trigger that numbers rows written otherwise would write the whole row again."""
    (number,) = db.execute("UPDATE change_sequence SET last = last + 1 RETURNING last").fetchone()
    return int(number)


def number_story_of(db: Database, article_id: int) -> None:
    """Give the story of ``article_id`` the next number: a change to one of its copies that
    the triggers do not see (a mark, not a new version or story), so that a reader syncing
    by change_seq learns of the story too."""
    db.execute(
        "UPDATE stories SET change_seq = ? WHERE id = (SELECT story_id FROM articles WHERE id = ?)",
        [next_change(db), article_id],
    )


def number_articles(db: Database, article_ids: Sequence[int]) -> None:
    """Give each of ``article_ids`` the next number: a change to its row that the triggers
    do not see (its earlier texts trimmed by a prune: ``versions_dropped`` moves), so that
    a reader syncing by change_seq reads it again."""
    db.conn.executemany(
        "UPDATE articles SET change_seq = ? WHERE id = ?",
        [(next_change(db), article_id) for article_id in article_ids],
    )
