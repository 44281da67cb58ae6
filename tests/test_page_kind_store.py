"""The page kind (``Article.kind``) stored (migration m022), filtered on by the readers
(``stories``/``search``/``export --kind``), shown (``show``, the web view's story page)
and kept by ``ingest``; the pages are test_page_kind_parse.py's.

QA stop 47 (live, finding F3): paid content entered lists and exports as news, with no
field to tell it apart.
"""

from __future__ import annotations

import json
import sqlite3
from datetime import UTC, datetime
from pathlib import Path

import pytest
from conftest import run_cli
from test_page_kind_parse import CASES, URL

import aggregator
from aggregator.config import DedupSettings
from aggregator.schema import KINDS
from storage.db import open_db
from storage.writes import store_article

pytestmark = pytest.mark.timeout(300)

FETCHED = datetime(2026, 12, 1, 12, tzinfo=UTC)


STORED = ("news article", "live blog", "sponsored by type", "press release", "opinion by type")


def _store(db_path: Path, names: tuple[str, ...] = STORED) -> dict[str, int]:
    """Each named page extracted and stored; its story id by name."""
    db = open_db(db_path)
    try:
        stories = {}
        for name in names:
            html, _, _ = CASES[name]
            url = URL.format(name.replace(" ", "-"))
            article = aggregator.extract(html, url, source="tribune", fetched_at=FETCHED)
            stories[name] = store_article(db, article, DedupSettings()).story_id
    finally:
        db.close()
    assert len(set(stories.values())) == len(names)  # each its own story
    return stories


def _listed(db: Path, *args: str) -> list[int]:
    result = run_cli("--db", str(db), "stories", "--json", "--limit", "50", *args)
    assert result.returncode == 0, result.stderr
    return sorted(story["story_id"] for story in json.loads(result.stdout))


def test_stories_search_and_export_filter_by_kind(tmp_path: Path) -> None:
    db = tmp_path / "news.db"
    ids = _store(db)
    every = sorted(ids.values())
    assert _listed(db) == every
    assert _listed(db, "--kind", "sponsored") == [ids["sponsored by type"]]
    assert _listed(db, "--kind", "liveblog,opinion") == sorted(
        [ids["live blog"], ids["opinion by type"]]
    )
    assert _listed(db, "--kind", "liveblog", "--kind", "opinion") == _listed(
        db, "--kind", "liveblog,opinion"
    )
    assert _listed(db, "--kind=-sponsored,-press_release") == sorted(
        ids[n] for n in ("news article", "live blog", "opinion by type")
    )
    assert _listed(db, "--kind", "-sponsored") == _listed(db, "--kind=-sponsored")

    searched = run_cli("--db", str(db), "search", "--json", "officials", "--kind", "sponsored")
    assert searched.returncode == 0, searched.stderr
    assert [h["story_id"] for h in json.loads(searched.stdout)] == [ids["sponsored by type"]]

    exported = run_cli("--db", str(db), "export", "--articles", "--kind=-sponsored")
    assert exported.returncode == 0, exported.stderr
    kinds = sorted(json.loads(line)["kind"] for line in exported.stdout.splitlines())
    assert kinds == ["article", "liveblog", "opinion", "press_release"]
    as_csv = run_cli(
        "--db", str(db), "export", "--articles", "--format", "csv", "--kind", "opinion"
    )
    assert as_csv.returncode == 0, as_csv.stderr
    header, row = as_csv.stdout.splitlines()
    assert "kind" in header.split(",") and ",opinion," in row

    shown = run_cli("--db", str(db), "show", str(ids["sponsored by type"]))
    assert shown.returncode == 0, shown.stderr
    assert "page kind: sponsored (json-ld)" in shown.stdout
    plain = run_cli("--db", str(db), "show", str(ids["news article"]))
    assert "page kind" not in plain.stdout


def test_an_unknown_kind_is_a_usage_error_naming_it(tmp_path: Path) -> None:
    db = tmp_path / "news.db"
    _store(db, ("news article",))
    result = run_cli("--db", str(db), "stories", "--kind", "advert")
    assert result.returncode == 2
    assert "'advert' is no page kind (" + ", ".join(KINDS) + ")" in result.stderr
    assert len(result.stderr.strip().splitlines()) <= 3


def _before_m022(path: Path) -> None:
    """Put a database back in its state before migration m022: no ``kind`` column."""
    conn = sqlite3.connect(path)
    try:
        with conn:
            conn.execute("ALTER TABLE articles DROP COLUMN kind")
            conn.execute("DELETE FROM _sqlite_migrations WHERE name = 'm022_article_kind'")
            (applied,) = conn.execute("SELECT count(*) FROM _sqlite_migrations").fetchone()
            conn.execute(f"PRAGMA user_version = {applied}")
    finally:
        conn.close()


def test_a_store_made_before_m022_reads_as_articles_then_upgrades(tmp_path: Path) -> None:
    db = tmp_path / "news.db"
    ids = _store(db, ("news article", "sponsored by type"))
    _before_m022(db)
    # Readers never migrate: every stored article reads as an article.
    old = run_cli("--db", str(db), "export", "--articles")
    assert old.returncode == 0, old.stderr
    assert [json.loads(line)["kind"] for line in old.stdout.splitlines()] == ["article"] * 2
    assert _listed(db, "--kind", "sponsored") == []
    assert _listed(db, "--kind=-sponsored") == sorted(ids.values())

    migrated = run_cli("--db", str(db), "migrate")
    assert migrated.returncode == 0, migrated.stderr
    assert "applied m022_article_kind" in migrated.stdout
    with sqlite3.connect(db) as conn:
        assert conn.execute("SELECT kind FROM articles ORDER BY id").fetchall() == [
            ("article",),
            ("article",),
        ]
    # Fetched again with the same text, the page's kind is stored.
    _store(db, ("sponsored by type",))
    assert _listed(db, "--kind", "sponsored") == [ids["sponsored by type"]]


def test_the_web_views_story_page_names_a_copys_kind(tmp_path: Path) -> None:
    from test_web_view import Web

    from aggregator.config import Config

    db = tmp_path / "news.db"
    ids = _store(db, ("news article", "press release"))
    web = Web(Config(database=str(db)), db)
    release = web.get(f"/story/{ids['press release']}")
    assert release.status_code == 200
    assert '<span class="badge">press release</span>' in release.text
    plain = web.get(f"/story/{ids['news article']}")
    assert plain.status_code == 200 and "press release</span>" not in plain.text


def test_an_exports_kind_is_kept_by_ingest(tmp_path: Path) -> None:
    db, other = tmp_path / "news.db", tmp_path / "other.db"
    _store(db, ("news article", "sponsored by type"))
    exported = run_cli("--db", str(db), "export", "--articles", "-o", str(tmp_path / "a.jsonl"))
    assert exported.returncode == 0, exported.stderr
    ingested = run_cli("--db", str(other), "ingest", str(tmp_path / "a.jsonl"))
    assert ingested.returncode == 0, ingested.stderr
    with sqlite3.connect(other) as conn:
        kinds = conn.execute("SELECT kind FROM articles ORDER BY kind").fetchall()
    assert kinds == [("article",), ("sponsored",)]
    bad = tmp_path / "bad.jsonl"
    record = {
        "url": URL.format("advert"),
        "headline": "An advert",
        "body": "Buy it now.\n\nOur summer sale is on in every shop of the island this week.",
        "kind": "advert",
    }
    bad.write_text(json.dumps(record) + "\n", encoding="utf-8")
    noted = run_cli("--db", str(other), "ingest", str(bad))
    assert noted.returncode == 0, noted.stderr
    assert "article field 'kind': 'advert' is no page kind" in noted.stderr + noted.stdout
