"""The prune's trim of stored versions holds the write lock for a bounded number of rows,
not only of articles: one live blog may hold thousands of versions (review 47b, F7)."""

from __future__ import annotations

from pathlib import Path

from test_versions_bound import blog_edited, kept

from aggregator.config import DedupSettings
from storage.db import open_db
from storage.retention import trim_versions


def test_the_trim_deletes_at_most_rows_versions_a_transaction(tmp_path: Path) -> None:
    db_path = tmp_path / "news.db"
    blog_edited(db_path, 50)  # 12 earlier texts stored
    assert kept(db_path) == list(range(1, 13))
    db = open_db(db_path)
    try:
        counts = list(trim_versions(db, 3, DedupSettings(), rows=4))
    finally:
        db.close()
    assert counts == [4, 4, 1]  # all but version 1 and the latest two, four at a time
    assert kept(db_path) == [1, 11, 12]
