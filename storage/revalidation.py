"""A stored article checked unchanged by a 304: its ``fetched_at`` moves to the answer.

A crawl fetches a stored article again, conditionally, only when its feed or sitemap
gives an update time later than its ``fetched_at`` (``aggregator.discovery.announces_change``).
A 200 whose text is unchanged moves ``fetched_at`` (``storage.writes``); a 304 moves it
here, or the same announced time made every later run ask again.
"""

from __future__ import annotations

from sqlite_utils import Database

from aggregator.schema import Revalidated
from storage.article_row import iso_time
from storage.db import write_transaction


def note_revalidated(db: Database, answer: Revalidated) -> bool:
    """Record that ``answer.article_id`` answered 304 at ``answer.answered_at``: its
    ``fetched_at`` moves there, and the validators the 304 carried replace
    the stored ones. Whether the article is stored (False: deleted meanwhile)."""
    with write_transaction(db):
        cursor = db.execute(
            "UPDATE articles SET fetched_at = ?, "
            "etag = coalesce(?, etag), last_modified = coalesce(?, last_modified) "
            "WHERE id = ?",
            [iso_time(answer.answered_at), answer.etag, answer.last_modified, answer.article_id],
        )
        return cursor.rowcount > 0
