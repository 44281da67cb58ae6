"""The bound on an article's stored versions (retention.versions_per_article, until stop 48
dedup.versions_kept; QA stop 47, F9).

A live blog re-crawled through the day is an edit each time: every earlier text was a
full copy, without end. Real SQLite files; a wire story of the synthetic set
(benchmarks/synth.py) stored, then edited twelve times through storage's write path as a
live blog grows (an entry added each time); read back through the CLI (``show``,
``export``, ``prune``) and through what reads version 1 (retention's founding text, the
profile rebuild).
"""

from __future__ import annotations

import json
import logging
import sqlite3
import sys
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result
from conftest import REPO
from test_web_view import Web

from aggregator.config import DedupSettings, RetentionSettings
from aggregator.records import article_from_record
from aggregator.schema import ArticleWrite, utc_now
from app.cli import cli
from app.config_loader import load_app_config
from storage.db import open_db
from storage.profile_rebuild import rebuild_stale_profiles
from storage.writes import StoreStatus, store_articles

sys.path.insert(0, str(REPO / "benchmarks"))
from synth import synthetic_articles  # noqa: E402

pytestmark = pytest.mark.timeout(240)

RECORDS = list(synthetic_articles(12, seed=47))
BLOG = RECORDS[0]
OTHERS = [r for r in RECORDS if r["story"] != BLOG["story"]]
EDITS = 12


def grown(n: int) -> dict[str, Any]:
    """The page after ``n`` updates: an entry added each time, as a live blog grows."""
    entries = "".join(
        f"\n\nUpdate {i}: officials gave a further briefing on the situation number {i}."
        for i in range(1, n + 1)
    )
    return {**BLOG, "body": BLOG["body"] + entries}


def store(db_path: Path, records: list[dict[str, Any]], retention: RetentionSettings) -> list[Any]:
    db = open_db(db_path)
    try:
        writes = [
            ArticleWrite(article_from_record(r, source=None, fetched_at=utc_now()), None, None)
            for r in records
        ]
        outcomes = store_articles(db, writes, DedupSettings(), retention=retention)
    finally:
        db.close()
    assert all(o.error is None for o in outcomes), [o.error for o in outcomes]
    return [o.result.status for o in outcomes if o.result is not None]


def blog_edited(db_path: Path, bound: int) -> None:
    """The other stories and the blog, then the blog's twelve updates, one store each, under
    a bound of ``bound`` versions."""
    retention = RetentionSettings(versions_per_article=bound)
    store(db_path, [BLOG, *OTHERS], retention)  # not the newest story: a prune may take it
    for n in range(1, EDITS + 1):
        assert store(db_path, [grown(n)], retention) == [StoreStatus.UPDATED]


def rows(db_path: Path, sql: str, params: Any = ()) -> list[tuple[Any, ...]]:
    with sqlite3.connect(db_path) as conn:
        return conn.execute(sql, params).fetchall()


def kept(db_path: Path) -> list[int]:
    return [
        v
        for (v,) in rows(
            db_path,
            "SELECT version FROM article_versions WHERE article_id = "
            "(SELECT id FROM articles WHERE url = ?) ORDER BY version",
            [BLOG["url"]],
        )
    ]


def invoke(db_path: Path, *args: str, versions_kept: int = 5) -> Result:
    config = db_path.with_suffix(".yaml")
    config.write_text(
        json.dumps(
            {
                "database": str(db_path),
                "sources": [],
                "retention": {"versions_per_article": versions_kept},
            }
        )
    )
    result = CliRunner().invoke(cli, ["--config", str(config), *args])
    assert result.exit_code == 0, result.output
    return result.output


def test_an_edited_article_keeps_its_first_and_latest_versions_and_readers_say_so(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    db_path = tmp_path / "news.db"
    with caplog.at_level(logging.INFO, logger="storage.writes"):
        blog_edited(db_path, 5)
    assert kept(db_path) == [1, 9, 10, 11, 12]
    assert rows(db_path, "SELECT version FROM articles WHERE url = ?", [BLOG["url"]]) == [(13,)]
    dropped = [r.getMessage() for r in caplog.records if "earlier versions dropped" in r.message]
    assert len(dropped) == EDITS - 5 and "version 13 stored, 1 earlier versions" in dropped[-1]

    (story_id,) = {
        s for (s,) in rows(db_path, "SELECT story_id FROM articles WHERE url = ?", [BLOG["url"]])
    }
    shown = invoke(db_path, "show", str(story_id))
    assert "edited: 13 versions" in shown
    assert "texts stored: versions 1, 9–13 of 13 (7 dropped" in shown
    (copy,) = [
        c
        for c in json.loads(invoke(db_path, "show", str(story_id), "--json"))["copies"]
        if c["url"] == BLOG["url"]
    ]
    assert copy["versions"] == 13 and copy["versions_dropped"] == 7
    (row,) = [
        r
        for line in invoke(db_path, "export", "--articles").splitlines()
        if (r := json.loads(line))["url"] == BLOG["url"]
    ]
    assert row["versions"] == 13 and row["versions_dropped"] == 7
    config = db_path.with_suffix(".yaml")
    page = Web(load_app_config(config, db_path), db_path).get(f"/story/{story_id}").text
    assert "5 earlier texts kept (versions 1, 9–13 of 13; 7 between dropped" in page


def test_the_bound_is_a_validated_setting_with_a_default() -> None:
    assert RetentionSettings().versions_per_article == 10
    with pytest.raises(ValueError, match="versions_per_article"):
        RetentionSettings(versions_per_article=1)


def test_prune_trims_an_old_database_and_keeps_the_founding_text(tmp_path: Path) -> None:
    db_path, fresh = tmp_path / "news.db", tmp_path / "fresh.db"
    blog_edited(db_path, 50)  # stored before the bound
    assert kept(db_path) == list(range(1, EDITS + 1))
    dry = invoke(db_path, "prune", "--older-than", "10d", "--dry-run")
    assert "would prune 0 stories" in dry
    assert "7 earlier versions beyond retention.versions_per_article (5 per article)" in dry
    assert kept(db_path) == list(range(1, EDITS + 1))
    pruned = invoke(db_path, "prune", "--older-than", "10d")
    assert "pruned 0 stories" in pruned
    assert "7 earlier versions beyond retention.versions_per_article (5 per article)" in pruned
    assert kept(db_path) == [1, 9, 10, 11, 12]
    (story_id,) = {
        s for (s,) in rows(db_path, "SELECT story_id FROM articles WHERE url = ?", [BLOG["url"]])
    }
    assert "texts stored: versions 1, 9–13 of 13 (7 dropped" in invoke(
        db_path, "show", str(story_id)
    )

    # The blog's story pruned: its event frequencies go as it counted them, by version 1.
    when = (utc_now() - timedelta(days=30)).isoformat()
    with sqlite3.connect(db_path) as conn:
        conn.execute(
            "UPDATE stories SET first_seen_at = ?, last_seen_at = ? WHERE id = ?",
            [when, when, story_id],
        )
        conn.execute(
            "UPDATE articles SET first_seen_at = ?, fetched_at = ? WHERE story_id = ?",
            [when, when, story_id],
        )
    assert "pruned 1 stories" in invoke(db_path, "prune", "--older-than", "10d")
    store(fresh, OTHERS, RetentionSettings())
    query = "SELECT bucket, n FROM event_df ORDER BY bucket"
    assert rows(db_path, query) == rows(fresh, query)


def rebuilt(db_path: Path, bound: int) -> list[list[tuple[Any, ...]]]:
    """The blog edited under ``bound``, then every profile built again (as after m015)."""
    blog_edited(db_path, bound)
    db = open_db(db_path)
    try:
        db.execute("INSERT INTO stale_profiles (article_id) SELECT id FROM articles")
        db.conn.commit()
        assert list(rebuild_stale_profiles(db, DedupSettings()))
    finally:
        db.close()
    return [
        rows(db_path, "SELECT bucket, n FROM event_df ORDER BY bucket"),
        rows(db_path, "SELECT article_id, profile FROM event_profiles ORDER BY article_id"),
    ]


def test_a_profile_rebuild_reads_the_first_version_after_the_bound(tmp_path: Path) -> None:
    # The founder's event profile is built from version 1, which the bound keeps.
    everything = rebuilt(tmp_path / "all.db", 50)
    bounded = rebuilt(tmp_path / "bounded.db", 3)
    assert kept(tmp_path / "bounded.db") == [1, 11, 12]
    assert bounded == everything
