"""A URL that now carries another story, beyond one crawl: ``aggregator ingest`` (the same
store path), a store made before migration m020 (read as it is, then upgraded), a 410 at
the URL afterwards, and the cluster's writer with its known-pages mirror.
"""

from __future__ import annotations

import json
import sqlite3
import subprocess
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from conftest import run_cli
from pageserver import PageServer
from test_url_replaced import (
    FIRST_PUBLISHED,
    HARBOUR,
    LATEST,
    NEXT_PUBLISHED,
    ORCHESTRA,
    _page,
    _sitemap,
)

pytestmark = pytest.mark.timeout(300)

ROLLING = "https://gazette.example/news/latest"


def _record(story: tuple[str, list[str]], published: str = FIRST_PUBLISHED) -> dict[str, Any]:
    headline, paragraphs = story
    return {
        "url": ROLLING,
        "published": published,
        "site": "Harbour Gazette",
        "headline": headline,
        "byline": "By Ada Reporter",
        "body": "\n\n".join(paragraphs),
    }


def _ingest(db: Path, home: Path, *records: dict[str, Any]) -> subprocess.CompletedProcess[str]:
    path = home / f"batch-{len(list(home.glob('batch-*')))}.jsonl"
    path.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    result = run_cli("--db", str(db), "ingest", str(path))
    assert result.returncode == 0, result.stderr[-3000:]
    return result


def _query(db: Path, sql: str, params: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    conn = sqlite3.connect(db)
    try:
        return conn.execute(sql, params).fetchall()
    finally:
        conn.close()


def _before_m020(path: Path, unique_index: str = "idx_articles_canonical_url") -> None:
    """Put a database back in its state before migration m020: the canonical URL unique
    among every article (by the index ``unique_index``), no ``replaced_at``."""
    conn = sqlite3.connect(path)
    try:
        with conn:
            conn.execute("DROP INDEX articles_current_canonical_url")
            conn.execute("DROP INDEX idx_articles_canonical_url")
            conn.execute(f'CREATE UNIQUE INDEX "{unique_index}" ON "articles" ("canonical_url")')
            conn.execute("ALTER TABLE articles DROP COLUMN replaced_at")
            conn.execute("DELETE FROM _sqlite_migrations WHERE name = 'm020_replaced_articles'")
            (applied,) = conn.execute("SELECT count(*) FROM _sqlite_migrations").fetchone()
            conn.execute(f"PRAGMA user_version = {applied}")
    finally:
        conn.close()


def test_ingest_keeps_both_stories_and_a_same_headline_rewrite_is_an_edit(tmp_path: Path) -> None:
    db = tmp_path / "news.db"
    _ingest(db, tmp_path, _record(HARBOUR))
    _ingest(db, tmp_path, _record(ORCHESTRA, NEXT_PUBLISHED))
    rows = _query(db, "SELECT headline, replaced_at IS NOT NULL, version FROM articles ORDER BY id")
    assert rows == [(HARBOUR[0], 1, 1), (ORCHESTRA[0], 0, 1)]
    # The same headline over a new text: the page rewritten, not another story.
    _ingest(db, tmp_path, {**_record(ORCHESTRA, NEXT_PUBLISHED), "body": "\n\n".join(HARBOUR[1])})
    rows = _query(db, "SELECT headline, replaced_at IS NOT NULL, version FROM articles ORDER BY id")
    assert rows == [(HARBOUR[0], 1, 1), (ORCHESTRA[0], 0, 2)]
    # A third story at the URL replaces the current article, never the one replaced before.
    third = (
        "Ferry timetable changes for the winter months",
        [
            "The winter timetable of the island ferry starts on Monday, with two crossings "
            "a day instead of five and none at all on Sunday evenings until the spring.",
            "The operator said fuel prices and a shortage of crew left it no choice this "
            "year, and that the summer timetable would return at Easter as usual.",
        ],
    )
    _ingest(db, tmp_path, _record(third, "2026-12-01T14:00:00Z"))
    rows = _query(db, "SELECT headline, replaced_at IS NOT NULL FROM articles ORDER BY id")
    assert rows == [(HARBOUR[0], 1), (ORCHESTRA[0], 1), (third[0], 0)]


def test_a_store_made_before_m020_is_read_then_upgraded_keeping_its_rows(
    tmp_path: Path,
) -> None:
    db = tmp_path / "news.db"
    _ingest(db, tmp_path, _record(HARBOUR))
    rows = _query(db, "SELECT id, canonical_url, body_text, version, change_seq FROM articles")
    _before_m020(db)
    # Readers never migrate: the old file reads with nothing replaced.
    old = run_cli("--db", str(db), "export", "--articles")
    assert old.returncode == 0, old.stderr
    assert [json.loads(line)["replaced_at"] for line in old.stdout.splitlines()] == [None]
    ((story,),) = _query(db, "SELECT story_id FROM articles")
    by_url = run_cli("--db", str(db), "show", ROLLING)
    assert by_url.returncode == 0, by_url.stderr
    assert by_url.stdout.startswith(f"Story {story}: {HARBOUR[0]}")

    migrated = run_cli("--db", str(db), "migrate")
    assert migrated.returncode == 0, migrated.stderr
    assert "applied m020_replaced_articles" in migrated.stdout
    after = _query(db, "SELECT id, canonical_url, body_text, version, change_seq FROM articles")
    assert after == rows
    assert _query(db, "SELECT replaced_at FROM articles") == [(None,)]
    # The canonical URL is unique among the current articles only.
    with pytest.raises(sqlite3.IntegrityError):
        _query(
            db,
            "INSERT INTO articles (url, canonical_url, source, headline, fetched_at, "
            "content_hash) VALUES (?, ?, 's', 'h', 'now', 'x')",
            (ROLLING, ROLLING),
        )
    _ingest(db, tmp_path, _record(ORCHESTRA, NEXT_PUBLISHED))
    assert _query(db, "SELECT headline, replaced_at IS NOT NULL FROM articles ORDER BY id") == [
        (HARBOUR[0], 1),
        (ORCHESTRA[0], 0),
    ]


# Every index over articles.canonical_url alone: (name, unique, partial).
_URL_INDEXES = (
    "SELECT l.name, l.\"unique\", l.partial FROM pragma_index_list('articles') AS l "
    "WHERE (SELECT group_concat(name) FROM pragma_index_info(l.name)) = 'canonical_url' "
    "ORDER BY l.name"
)


def test_m020_upgrades_a_store_whose_unique_index_has_another_name(tmp_path: Path) -> None:
    db = tmp_path / "news.db"
    _ingest(db, tmp_path, _record(HARBOUR))
    _before_m020(db, unique_index="articles_canonical_url_unique")
    assert _query(db, _URL_INDEXES) == [("articles_canonical_url_unique", 1, 0)]
    migrated = run_cli("--db", str(db), "migrate")
    assert migrated.returncode == 0, migrated.stderr
    assert "applied m020_replaced_articles" in migrated.stdout
    # The store's own unique index is gone, whatever its name: unique among current only.
    assert _query(db, _URL_INDEXES) == [
        ("articles_current_canonical_url", 1, 1),
        ("idx_articles_canonical_url", 0, 0),
    ]
    _ingest(db, tmp_path, _record(ORCHESTRA, NEXT_PUBLISHED))
    assert _query(db, "SELECT headline, replaced_at IS NOT NULL FROM articles ORDER BY id") == [
        (HARBOUR[0], 1),
        (ORCHESTRA[0], 0),
    ]


def _cluster_config(home: Path, redis_url: str, sitemap: str) -> Path:
    polite = {"download_delay": 0, "autothrottle": False, "obey_robots": False}
    source = {
        "name": "gazette",
        "sitemaps": [sitemap],
        "politeness": polite,
        "limits": {"download_timeout": 5, "run_timeout": "60s"},
    }
    body = {
        "database": str(home / "news.db"),
        "sources": [source],
        "cluster": {"redis_url": redis_url, "lease": "2s", "writer_wait": "200ms"},
    }
    config = home / "config.yaml"
    config.write_text(json.dumps(body), encoding="utf-8")  # JSON is YAML
    return config


def _worker_crawl(config: Path, run: str) -> None:
    """The crawl a worker runs for a job: it pushes to the article stream, stores nothing."""
    report = config.parent / f"{run}.json"
    result = run_cli(
        "--config", str(config), "crawl", "gazette", "--stream", run, "--report", str(report)
    )
    assert result.returncode == 0, result.stderr[-3000:]


def test_in_a_cluster_the_mirror_and_a_410_lead_to_the_current_article(
    tmp_path: Path, redis_url: str
) -> None:
    from clusterkit import Cluster
    from conftest import wait_for

    from storage.stream import KNOWN, ArticleStream, connect

    db = tmp_path / "news.db"

    def stored(sql: str) -> list[tuple[Any, ...]]:
        return _query(db, sql) if db.exists() else []

    with PageServer() as server:
        server.put(LATEST, _page(*HARBOUR, "Harbour Gazette"))
        config = _cluster_config(tmp_path, redis_url, _sitemap(server, "gazette", LATEST))
        url = server.url(LATEST)
        stream = ArticleStream(connect(redis_url), redis_url, "test", retry_for=1)

        def mirrored() -> int | None:
            (known,) = stream.known_pages([url])
            return known.article_id if known is not None else None

        cluster = Cluster(config, tmp_path)
        cluster.start("writer")
        try:
            _worker_crawl(config, "run-1")
            wait_for(lambda: stored("SELECT 1 FROM articles"), 60, "the first story stored")
            server.put(LATEST, _page(*ORCHESTRA, "Harbour Gazette", NEXT_PUBLISHED))
            _sitemap(server, "gazette", LATEST, datetime.now(UTC))
            _worker_crawl(config, "run-2")
            wait_for(lambda: len(stored("SELECT 1 FROM articles")) == 2, 60, "the second story")
            ((current,),) = stored("SELECT id FROM articles WHERE replaced_at IS NULL")
            ((replaced,),) = stored("SELECT id FROM articles WHERE replaced_at IS NOT NULL")
            wait_for(lambda: mirrored() == current, 60, "the mirror at the current article")
            # A writer starting again builds the mirror from SQLite: the same article.
            cluster.stop()
            connect(redis_url).delete(KNOWN)
            assert mirrored() is None
            cluster.start("writer")
            wait_for(lambda: mirrored() == current, 60, "the rebuilt mirror")

            server.put(LATEST, "<html><body>gone</body></html>", status=410)
            _sitemap(server, "gazette", LATEST, datetime.now(UTC))
            _worker_crawl(config, "run-3")
            wait_for(
                lambda: (
                    stored("SELECT id FROM articles WHERE removed_status = 410") == [(current,)]
                ),
                60,
                "the current article marked removed",
            )
            assert stored(f"SELECT removed_at FROM articles WHERE id = {replaced}") == [(None,)]
        except AssertionError as exc:
            raise AssertionError(f"{exc}\n{cluster.logs()}") from exc
        finally:
            cluster.stop()


def test_show_url_finds_the_article_in_another_spelling_and_names_a_url_not_stored(
    tmp_path: Path,
) -> None:
    db = tmp_path / "news.db"
    _ingest(db, tmp_path, _record(HARBOUR))
    ((story,),) = _query(db, "SELECT story_id FROM articles")
    tracked = run_cli("--db", str(db), "show", ROLLING + "?utm_source=newsletter#top")
    assert tracked.returncode == 0, tracked.stderr
    assert tracked.stdout.startswith(f"Story {story}: {HARBOUR[0]}")
    missing = run_cli("--db", str(db), "show", "https://gazette.example/news/other")
    assert missing.returncode == 1
    assert missing.stderr == (
        f"error: no stored article at https://gazette.example/news/other in {db}\n"
    )
